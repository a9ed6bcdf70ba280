"""Declarative workbook templates (`workbook_templates/*.toml`, installed as `kpixl_templates`): load and validate.

A template names networks, their input columns, KPI columns by catalog id, default goals and dashboard content;
it never holds a formula. Every error names the template file and the key at fault.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kpixl.catalog import kpi as catalog
from kpixl.catalog.expr import inputs_of, within
from kpixl.catalog.fields import NETWORKS, POST_FIELDS
from kpixl.errors import BadInputError, KpixlError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FORMATS = ("date", "text", "url", "integer", "decimal", "percent", "currency")
EXTRA_FIELDS = ("creator", "promo_code", "utm_content", "not_reported")
"""Workbook-only text fields that are not part of the canonical posts table: influencer campaigns' creator, code and
UTM content, and the interactions an export does not have (`kpixl.workbook.formulas.not_reported`, written by kpixl
import)."""
DATE_FIELD = "published_at"
BUILTIN = ("social", "influencer")


class TemplateError(KpixlError):
    """A template that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class FieldSpec:
    """An input column: canonical field, header label in both languages, number format kind."""

    name: str
    en: str
    es: str
    format: str

    def label(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


@dataclass(frozen=True)
class NetworkSpec:
    """One network sheet: its input fields, KPI columns (catalog ids), fixed variants and post types."""

    id: str
    inputs: tuple[str, ...]
    kpis: tuple[str, ...]
    variants: dict[str, str]
    post_types: tuple[str, ...]


@dataclass(frozen=True)
class LinkSpec:
    """A generated UTM link column: base URL and campaign from Settings, source = network, content from a field."""

    en: str
    es: str
    after: str
    content: str
    fallback: str


@dataclass(frozen=True)
class Template:
    """A validated template."""

    name: str
    source: str
    title: dict[str, str]
    fields: dict[str, FieldSpec]
    networks: dict[str, NetworkSpec]
    default_networks: tuple[str, ...]
    goals: tuple[dict[str, Any], ...]
    totals: tuple[str, ...]
    dashboard_kpis: tuple[str, ...]
    trend: str
    link: LinkSpec | None = None
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)


def load(name_or_path: str) -> Template:
    """A built-in template by name (`social`, `influencer`) or a TOML file by path."""
    if name_or_path in BUILTIN:
        source = f"{name_or_path}.toml"
        text = resources.files("kpixl_templates").joinpath(source).read_text(encoding="utf-8")
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise TemplateError(f"unknown template {name_or_path!r}; choose {', '.join(BUILTIN)} or a .toml file")
        source, text = str(path), path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{source}: not valid TOML: {exc}") from None
    return parse(data, source)


class _Reader:
    """Typed access to TOML values that reports `file: key: problem`."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, message: str) -> TemplateError:
        return TemplateError(f"{self.source}: {key}: {message}")

    def get(self, table: dict[str, Any], key: str, path: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in table:
            if default is ...:
                raise self.fail(f"{path}{key}", "missing")
            return default
        value = table[key]
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.fail(f"{path}{key}", f"must be a {names}, not {value!r}")
        return value

    def strings(self, table: dict[str, Any], key: str, path: str, default: Any = ...) -> tuple[str, ...]:
        value = self.get(table, key, path, list, default)
        if any(not isinstance(v, str) for v in value):
            raise self.fail(f"{path}{key}", "must be a list of strings")
        return tuple(value)

    def unknown(self, table: dict[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(f"{path}{key}", f"unknown key; expected one of: {', '.join(allowed)}")


def _kpi(reader: _Reader, kpi_id: str, key: str) -> catalog.Kpi:
    try:
        return catalog.get(kpi_id)
    except KpixlError as exc:
        raise reader.fail(key, exc.message) from None


def parse(data: dict[str, Any], source: str) -> Template:
    """Validate a template's TOML data."""
    r = _Reader(source)
    r.unknown(data, ("name", "title", "default_networks", "kpis", "fields", "networks", "goals", "dashboard", "link",
                     "settings"), "")
    name = r.get(data, "name", "", str)
    title = r.get(data, "title", "", dict)
    fields = _fields(r, r.get(data, "fields", "", dict))
    default_kpis = r.strings(data, "kpis", "", ())
    networks = {net: _network(r, net, spec, fields, default_kpis)
                for net, spec in r.get(data, "networks", "", dict).items()}
    if not networks:
        raise r.fail("networks", "a template needs at least one network")
    defaults = r.strings(data, "default_networks", "", tuple(networks))
    for net in defaults:
        if net not in networks:
            raise r.fail("default_networks", f"{net!r} has no [networks.{net}] table")
    link = _link(r, data["link"], fields) if "link" in data else None
    dash = r.get(data, "dashboard", "", dict)
    r.unknown(dash, ("totals", "kpis", "trend"), "dashboard.")
    totals = r.strings(dash, "totals", "dashboard.")
    for item in totals:
        if item not in fields and not _is_sum_kpi(item):
            raise r.fail("dashboard.totals", f"{item!r} is neither a field nor a summed KPI")
    dash_kpis = r.strings(dash, "kpis", "dashboard.")
    for kpi_id in dash_kpis:
        _kpi(r, kpi_id, "dashboard.kpis")
    trend = r.get(dash, "trend", "dashboard.", str)
    if trend not in fields and not _is_sum_kpi(trend):
        raise r.fail("dashboard.trend", f"{trend!r} is neither a field nor a summed KPI")
    settings = r.get(data, "settings", "", dict, {})
    for key, spec in settings.items():
        r.unknown(spec, ("en", "es", "value"), f"settings.{key}.")
        for part in ("en", "es"):
            r.get(spec, part, f"settings.{key}.", str)
        value = r.get(spec, "value", f"settings.{key}.", (str, int, float, dict))
        if isinstance(value, dict):  # a value per workbook language: { en = "UTC", es = "Europe/Madrid" }
            r.unknown(value, ("en", "es"), f"settings.{key}.value.")
            for part in ("en", "es"):
                r.get(value, part, f"settings.{key}.value.", (str, int, float))
    if link and not {"base_url", "utm_campaign", "utm_medium"} <= set(settings):
        raise r.fail("settings", "a [link] needs base_url, utm_campaign and utm_medium settings")
    goals = tuple(r.get(data, "goals", "", list, []))
    for number, goal in enumerate(goals, start=1):
        owner = goal.get("owner") if isinstance(goal, dict) else None
        if isinstance(owner, dict):  # a label per language: { en = "...", es = "..." }
            path = f"goals[{number}].owner."
            r.unknown(owner, ("en", "es"), path)
            for part in ("en", "es"):
                r.get(owner, part, path, str)
        elif owner is not None and not isinstance(owner, str):
            raise r.fail(f"goals[{number}].owner", f"must be a string or a table {{en, es}}, not {owner!r}")
    return Template(name=name, source=source, title={"en": r.get(title, "en", "title.", str),
                                                     "es": r.get(title, "es", "title.", str)},
                    fields=fields, networks=networks, default_networks=defaults, goals=goals, totals=totals,
                    dashboard_kpis=dash_kpis, trend=trend, link=link, settings=settings)


def _is_sum_kpi(item: str) -> bool:
    found = catalog.catalog().get(item)
    return found is not None and found.aggregation == "sum"


def _fields(r: _Reader, table: dict[str, Any]) -> dict[str, FieldSpec]:
    out = {}
    for name, spec in table.items():
        key = f"fields.{name}"
        if name not in POST_FIELDS and name not in EXTRA_FIELDS:
            raise r.fail(key, "not a canonical field (kpixl.catalog.fields.POST_FIELDS) nor one of "
                         + ", ".join(EXTRA_FIELDS))
        if not isinstance(spec, dict):
            raise r.fail(key, "must be a table {en, es, format}")
        r.unknown(spec, ("en", "es", "format"), key + ".")
        fmt = r.get(spec, "format", key + ".", str)
        if fmt not in FORMATS:
            raise r.fail(key + ".format", f"unknown format {fmt!r}; choose from: {', '.join(FORMATS)}")
        out[name] = FieldSpec(name, r.get(spec, "en", key + ".", str), r.get(spec, "es", key + ".", str), fmt)
    if DATE_FIELD not in out:
        raise r.fail(f"fields.{DATE_FIELD}", "every template needs the post date field")
    return out


def _network(r: _Reader, net: str, spec: Any, fields: dict[str, FieldSpec], default_kpis: tuple[str, ...]
             ) -> NetworkSpec:
    path = f"networks.{net}."
    if net not in NETWORKS:
        raise r.fail(f"networks.{net}", f"unknown network; choose from: {', '.join(NETWORKS)}")
    if not isinstance(spec, dict):
        raise r.fail(f"networks.{net}", "must be a table")
    r.unknown(spec, ("inputs", "kpis", "variants", "post_types"), path)
    inputs = r.strings(spec, "inputs", path)
    for name in inputs:
        if name not in fields:
            raise r.fail(path + "inputs", f"{name!r} has no [fields] entry")
    if DATE_FIELD not in inputs:
        raise r.fail(path + "inputs", f"must include {DATE_FIELD!r}")
    kpis = r.strings(spec, "kpis", path, default_kpis)
    variants = r.get(spec, "variants", path, dict, {})
    for kpi_id in kpis:
        kpi = _kpi(r, kpi_id, path + "kpis")
        if kpi.aggregation == "none":
            raise r.fail(path + "kpis", f"{kpi_id!r} is a period KPI, not a per-post column")
        choices = variant_choices(kpi, net, inputs) if kpi_id == "engagement_rate" else None
        if choices == ():
            raise r.fail(path + "kpis", f"no engagement-rate variant can be computed from {net}'s inputs")
        if choices is None:
            try:
                expr = within(kpi.expression(variants.get(kpi_id), network=net), inputs)
            except KpixlError as exc:
                raise r.fail(path + "variants", exc.message) from None
            missing = [name for name in inputs_of(expr) if name not in inputs]
            if missing:
                raise r.fail(path + "kpis", f"{kpi_id!r} needs input(s) {', '.join(missing)} that {net} lacks")
    for kpi_id in variants:
        if kpi_id not in kpis:
            raise r.fail(path + "variants", f"{kpi_id!r} is not one of the network's KPI columns")
    return NetworkSpec(net, inputs, kpis, dict(variants), r.strings(spec, "post_types", path, ()))


def variant_choices(kpi: catalog.Kpi, network: str, inputs: tuple[str, ...]) -> tuple[str, ...]:
    """The variants of a KPI computable from a network's inputs (the Settings list for the engagement rate)."""
    return tuple(v for v in kpi.variant_ids
                 if set(inputs_of(within(kpi.expression(v, network=network), inputs))) <= set(inputs))


def _link(r: _Reader, spec: Any, fields: dict[str, FieldSpec]) -> LinkSpec:
    if not isinstance(spec, dict):
        raise r.fail("link", "must be a table")
    r.unknown(spec, ("en", "es", "after", "content", "fallback"), "link.")
    values = {key: r.get(spec, key, "link.", str) for key in ("en", "es", "after", "content", "fallback")}
    for key in ("after", "content", "fallback"):
        if values[key] not in fields:
            raise r.fail(f"link.{key}", f"{values[key]!r} has no [fields] entry")
    return LinkSpec(**values)


def check_networks(template: Template, networks: tuple[str, ...]) -> tuple[str, ...]:
    """The networks asked for, each one the template defines."""
    if not networks:
        raise BadInputError("--networks: give at least one network")
    for net in networks:
        if net not in template.networks:
            raise BadInputError(f"--networks: {net!r} is not in template {template.source}; "
                                f"choose from: {', '.join(template.networks)}")
    if len(set(networks)) != len(networks):
        raise BadInputError("--networks: a network is listed twice")
    return networks
