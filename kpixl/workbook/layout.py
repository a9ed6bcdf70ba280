"""Where everything lives in a kpixl workbook: sheet names, table names, columns, settings and their names.

This is the one module `kpixl new` writes from and `kpixl import` / `kpixl refresh` read from. Build it with
`Layout.from_template(template, lang, networks)` or read it back from a workbook with `Layout.from_workbook(wb)`
(the hidden layout sheet, `kpixl.workbook.layout_sheet`, holds `Layout.to_json()`).

API for the refresh and import code:
- `layout.sheet_name(kind)` for kind in SHEET_KINDS; `layout.network_sheet(net)`; `layout.table_name(net)`;
- `layout.columns(net)` → tuple of `Column` (key, header, role, format, hidden, field, kpi, variant) in sheet order;
- `layout.input_columns(net)` → [(canonical field, header)] the user or an import fills (role "input");
- `layout.generated_columns(net)` → [(key, header)] computed by formula (roles "kpi", "helper", "link");
- `layout.header(net, key)`, `layout.column_letter(net, key)`;
- `layout.defined_name(setting_key)` → `kpixl_<key>`; `layout.settings` (Setting rows, in sheet order);
- `layout.goals`: one dict per Goals row (kpi, network or "all", direction, kind, dates, `cells` by output);
- `layout.dashboard`: cell addresses of every Dashboard figure (overview, kpis, trend), filled by the builder;
- REFRESH_BUTTON / REFRESH_STATUS: defined names of the Dashboard's button cell and its message cell.
Column keys: a canonical field for inputs, `notes`, `utm_link`, `kpi:<id>`, `num:<id>`, `den:<id>`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from kpixl import __version__
from kpixl.catalog import kpi as catalog
from kpixl.catalog.expr import params_of
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.catalog.post_types import type_label
from kpixl.text.labels import label
from kpixl.workbook import layout_check
from kpixl.workbook.layout_sheet import LAYOUT_SHEET, read_layout_sheet
from kpixl.workbook.templates import Template, TemplateError, variant_choices

FORMAT_VERSION = 1
SHEET_KINDS = ("start", "dashboard", "posts", "trends", "creators", "goals", "settings", "benchmarks")
REFRESH_BUTTON = "kpixl_refresh_button"
REFRESH_CELL = "B2"
"""Where the Dashboard's ⟳ Refresh button is (xlwings Lite binds its script to this literal address)."""
REFRESH_STATUS = "kpixl_refresh_status"
BENCHMARK_TABLE = "tbl_benchmarks"
AUDIENCE_TABLE = "tbl_audience"
GOALS_PARAMS = {"on_track_at": 0.95, "behind_at": 0.75}
UNIT_FORMATS = {"fraction": "percent", "currency": "currency", "count": "integer", "ratio": "decimal",
                "multiple": "multiple", "duration": "integer", "score": "decimal"}


@dataclass(frozen=True)
class Column:
    """One table column. role: input | notes | link | kpi | helper; variant None = chosen in Settings."""

    key: str
    header: str
    role: str
    format: str
    hidden: bool = False
    field: str | None = None
    kpi: str | None = None
    variant: str | None = None
    sources: tuple[str, ...] = ()  # link column: the content field, then its fallback

    @property
    def generated(self) -> bool:
        return self.role in ("kpi", "helper", "link")


@dataclass(frozen=True)
class Setting:
    """A Settings row: key (defined name kpixl_<key>), label, default value, format kind, allowed values."""

    key: str
    label: str
    value: Any
    format: str = "text"
    choices: tuple[str, ...] = ()


@dataclass
class NetworkLayout:
    """A network sheet: its name, table and columns."""

    network: str
    sheet: str
    table: str
    columns: tuple[Column, ...]
    post_types: tuple[str, ...] = ()
    variant_choices: tuple[str, ...] = ()


@dataclass
class AudienceLayout:
    """The Audience sheet: one table of daily account figures, one row per network and day (`kpixl.report.audience`)."""

    sheet: str
    table: str
    columns: tuple[Column, ...]

    def header(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)

    def headers(self) -> dict[str, str]:
        """Header by column key."""
        return {c.key: c.header for c in self.columns}

    @classmethod
    def build(cls, lang: str) -> AudienceLayout:
        from kpixl.report.audience import COLUMNS

        roles = {"derived": "derived", "notes": "notes"}
        return cls(label("wb_sheet_audience", lang), AUDIENCE_TABLE,
                   tuple(Column(key, es if lang == "es" else en, roles.get(key, "input"), fmt, field=key)
                         for key, en, es, fmt in COLUMNS))


@dataclass
class Layout:
    """The workbook's structure; see the module docstring for the API."""

    template: str
    lang: str
    networks: tuple[str, ...]
    sheets: dict[str, str]
    tables: dict[str, NetworkLayout]
    settings: tuple[Setting, ...]
    goals: list[dict[str, Any]] = field(default_factory=list)
    dashboard: dict[str, Any] = field(default_factory=dict)
    version: str = __version__
    audience: AudienceLayout | None = None  # None in workbooks made before the Audience sheet existed

    # -- building ------------------------------------------------------------------------------------------------
    @classmethod
    def from_template(cls, template: Template, lang: str, networks: Iterable[str], *, client: str = "",
                      currency: str = "EUR", period: tuple[Any, Any] = (None, None)) -> Layout:
        nets = tuple(networks)
        sheets = {kind: label(f"wb_sheet_{kind}", lang) for kind in SHEET_KINDS}
        tables = {net: _network_layout(template, net, lang) for net in nets}
        return cls(template=template.name, lang=lang, networks=nets, sheets=sheets, tables=tables,
                   settings=_settings(template, tables, lang, client, currency, period),
                   audience=AudienceLayout.build(lang))

    # -- names ---------------------------------------------------------------------------------------------------
    def sheet_name(self, kind: str) -> str:
        return LAYOUT_SHEET if kind == "meta" else self.sheets[kind]

    def network_sheet(self, network: str) -> str:
        return self.tables[network].sheet

    def table_name(self, network: str) -> str:
        return self.tables[network].table

    def columns(self, network: str) -> tuple[Column, ...]:
        return self.tables[network].columns

    def input_columns(self, network: str) -> list[tuple[str, str]]:
        return [(c.key, c.header) for c in self.columns(network) if c.role == "input"]

    def generated_columns(self, network: str) -> list[tuple[str, str]]:
        return [(c.key, c.header) for c in self.columns(network) if c.generated]

    def column(self, network: str, key: str) -> Column:
        for col in self.columns(network):
            if col.key == key:
                return col
        raise KeyError(f"{network} has no column {key!r}")

    def has_column(self, network: str, key: str) -> bool:
        return any(c.key == key for c in self.columns(network))

    def header(self, network: str, key: str) -> str:
        return self.column(network, key).header

    def column_letter(self, network: str, key: str) -> str:
        keys = [c.key for c in self.columns(network)]
        return get_column_letter(keys.index(key) + 1)

    def kpi_ids(self, network: str) -> list[str]:
        return [c.kpi for c in self.columns(network) if c.role == "kpi" and c.kpi]

    @staticmethod
    def defined_name(key: str) -> str:
        return f"kpixl_{key}"

    def setting(self, key: str) -> Setting:
        return next(s for s in self.settings if s.key == key)

    # -- persistence ---------------------------------------------------------------------------------------------
    def to_json(self) -> str:
        data = {"format": FORMAT_VERSION, "kpixl_version": self.version, "template": self.template,
                "lang": self.lang, "networks": list(self.networks), "sheets": {**self.sheets, "meta": LAYOUT_SHEET},
                "tables": {net: {**asdict(t), "columns": [asdict(c) for c in t.columns]}
                           for net, t in self.tables.items()},
                "settings": [{**asdict(s), "name": self.defined_name(s.key)} for s in self.settings],
                "goals": self.goals, "dashboard": self.dashboard,
                "audience": None if self.audience is None else {
                    **asdict(self.audience), "columns": [asdict(c) for c in self.audience.columns]},
                "refresh": {"button": REFRESH_BUTTON, "status": REFRESH_STATUS}}
        return json.dumps(data, ensure_ascii=False, default=str)

    @classmethod
    def from_json(cls, text: str) -> Layout:
        data = json.loads(text)
        layout_check.check(data, audience_table=AUDIENCE_TABLE)  # a received workbook's names are data, checked
        tables = {net: NetworkLayout(**{**t, "columns": tuple(Column(**{**c, "sources": tuple(c["sources"])})
                                                         for c in t["columns"]),
                                        "post_types": tuple(t["post_types"]),
                                        "variant_choices": tuple(t["variant_choices"])})
                  for net, t in data["tables"].items()}
        settings = tuple(Setting(**{k: (tuple(v) if k == "choices" else v) for k, v in s.items() if k != "name"})
                         for s in data["settings"])
        sheets = {k: v for k, v in data["sheets"].items() if k != "meta"}
        audience = data.get("audience")
        if audience is not None:
            audience = AudienceLayout(audience["sheet"], audience["table"], tuple(
                Column(**{**c, "sources": tuple(c["sources"])}) for c in audience["columns"]))
        return cls(template=data["template"], lang=data["lang"], networks=tuple(data["networks"]), sheets=sheets,
                   tables=tables, settings=settings, goals=data["goals"], dashboard=data.get("dashboard", {}),
                   version=data["kpixl_version"], audience=audience)

    @classmethod
    def from_workbook(cls, workbook: Any) -> Layout:
        """Read the layout from an openpyxl workbook's hidden `kpixl_meta` sheet."""
        return cls.from_json(read_layout_sheet(workbook)["layout"])


def caption_key(layout: Layout, net: str) -> str | None:
    """The column whose text captions a post's link: its text, else the creator (influencer tables)."""
    return next((k for k in ("text", "creator") if layout.has_column(net, k)), None)


def _network_layout(template: Template, net: str, lang: str) -> NetworkLayout:
    spec = template.networks[net]
    columns: list[Column] = []
    for name in spec.inputs:
        f = template.fields[name]
        columns.append(Column(name, f.label(lang), "input", f.format, field=name))
        if template.link and name == template.link.after:
            link_label = template.link.es if lang == "es" else template.link.en
            columns.append(Column("utm_link", link_label, "link", "url",
                                  sources=(template.link.content, template.link.fallback)))
    columns.append(Column("notes", label("wb_notes", lang), "notes", "text"))
    helpers: list[Column] = []
    choices: tuple[str, ...] = ()
    for kpi_id in spec.kpis:
        kpi = catalog.get(kpi_id)
        if kpi_id == "engagement_rate":
            choices = variant_choices(kpi, net, spec.inputs)
            variant = None
        else:
            variant = kpi.variant_for(spec.variants.get(kpi_id), net).id
        columns.append(Column(f"kpi:{kpi_id}", kpi.name(lang), "kpi", UNIT_FORMATS[kpi.unit], kpi=kpi_id,
                              variant=variant))
        if kpi.aggregation == "ratio_of_sums" and _is_ratio(kpi, variant, net, choices):
            for part in ("num", "den"):
                helpers.append(Column(f"{part}:{kpi_id}", f"{kpi_id}__{part}", "helper", "decimal", hidden=True,
                                      kpi=kpi_id, variant=variant))
    columns.extend(helpers)
    headers = [c.header for c in columns]
    for h in headers:
        if headers.count(h) > 1:
            raise TemplateError(f"{template.source}: networks.{net}: two columns share the header {h!r}")
    types = tuple(type_label(kind, lang) for kind in spec.post_types)  # the table's words: carrusel in Spanish
    return NetworkLayout(net, NETWORK_NAMES[net], f"tbl_{net}", tuple(columns), types, choices)


def _is_ratio(kpi: catalog.Kpi, variant: str | None, net: str, choices: tuple[str, ...]) -> bool:
    from kpixl.catalog.expr import split_ratio

    variants = choices if variant is None else (variant,)
    return all(split_ratio(kpi.expression(v, network=net)) is not None for v in variants)


def _settings(template: Template, tables: dict[str, NetworkLayout], lang: str, client: str, currency: str,
              period: tuple[Any, Any]) -> tuple[Setting, ...]:
    rows = [Setting("client", label("wb_client", lang), client),
            Setting("period_start", label("wb_period_start", lang), period[0], "date"),
            Setting("period_end", label("wb_period_end", lang), period[1], "date"),
            Setting("currency", label("wb_currency", lang), currency)]
    er = catalog.get("engagement_rate")
    for net, table in tables.items():
        if table.variant_choices:
            default = er.variant_for(None, net).id
            if default not in table.variant_choices:
                default = table.variant_choices[0]
            rows.append(Setting(f"er_variant_{net}", f"{label('wb_er_variant', lang)} · {NETWORK_NAMES[net]}",
                                default, "text", table.variant_choices))
    params: dict[str, float] = {}
    for net, table in tables.items():
        for col in table.columns:
            if col.role == "kpi" and col.kpi:
                kpi = catalog.get(col.kpi)
                for v in ([col.variant] if col.variant else list(table.variant_choices)):
                    params.update(params_of(kpi.expression(v, network=net)))
    for name in sorted(params):  # EMV values are money per unit: the currency format of other money cells
        rows.append(Setting(name, label(f"wb_param_{name}", lang), params[name],
                            "currency" if name.startswith("emv_") else "decimal"))
    for name, default in GOALS_PARAMS.items():
        rows.append(Setting(name, label(f"wb_param_{name}", lang), default, "percent"))
    rows.append(Setting("benchmark_tolerance", label("wb_param_benchmark_tolerance", lang), 0.75, "percent"))
    for key, spec in template.settings.items():
        rows.append(template_setting(key, spec, lang))
    rows.append(Setting("exports_folder", label("wb_exports_folder", lang), "exports"))
    rows.append(Setting("language", label("wb_language", lang), lang))
    return tuple(rows)


def template_setting(key: str, spec: dict[str, Any], lang: str) -> Setting:
    """A template's [settings] row in the workbook's language: its value may differ by language ({en, es}); a
    number is an integer or decimal input, a text a text input."""
    value = spec["value"]
    if isinstance(value, dict):
        value = value["es"] if lang == "es" else value["en"]
    kind = "text" if isinstance(value, str) else "integer" if isinstance(value, int) else "decimal"
    return Setting(key, spec["es"] if lang == "es" else spec["en"], value, kind)
