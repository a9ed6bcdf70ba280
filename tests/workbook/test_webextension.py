"""`kpixl new` workbooks carry their xlwings Lite code as web-extension parts; `--no-lite` leaves them out."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from kpixl.workbook import lite_code, webextension
from tests.conftest import KpixlRunner
from tests.ooxml import assert_valid

PARTS = (webextension.WEBEXTENSION, webextension.TASKPANES, webextension.TASKPANES_RELS)


def new(run_kpixl: KpixlRunner, path: Path, *options: str) -> Path:
    result = run_kpixl("new", str(path), "--client", "Acme & Söhne <AG>", "--networks", "instagram", "--force",
                       *options)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module", params=["en", "es"])
def lite_workbook(request, tmp_path_factory, run_kpixl) -> tuple[str, Path]:
    return request.param, new(run_kpixl, tmp_path_factory.mktemp("lite") / "lite.xlsx", "--lang", request.param)


def test_parts_relationships_and_content_types(lite_workbook):
    _, path = lite_workbook
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert set(PARTS) <= set(names)
        types = package.read(webextension.CONTENT_TYPES).decode()
        rels = package.read(webextension.ROOT_RELS).decode()
        taskpanes = package.read(webextension.TASKPANES).decode()
        extension = package.read(webextension.WEBEXTENSION).decode()
    assert '<Override PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.' \
           'webextension+xml"/>' in types
    assert 'ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"' in types
    assert f'Type="{webextension.TASKPANES_REL_TYPE}" Target="xl/webextensions/taskpanes.xml"' in rels
    assert len(set(re.findall(r'Id="([^"]+)"', rels))) == rels.count("<Relationship ")  # ids stay unique
    assert 'visibility="0"' in taskpanes  # closed: a client without the add-in is not prompted
    assert '<we:reference id="wa200008175" version="1.0.0.0" store="en-US" storeType="OMEX"/>' in extension
    assert 'id="WA200008175"' in extension


def test_microsoft_validator_accepts_the_workbook_with_its_lite_parts(lite_workbook):
    assert_valid(lite_workbook[1])


def test_main_py_is_readable_first_and_carries_kpixl(lite_workbook):
    lang, path = lite_workbook
    with zipfile.ZipFile(path) as package:
        code = webextension.read_code(package.read(webextension.WEBEXTENSION))
    head = code.main_py.split('KPIXL_WHEEL = """')[0]
    assert len(head.splitlines()) < 40 and "kpixl" in head.splitlines()[0]
    assert ("not on PyPI" if lang == "en" else "aún no está en PyPI") in head
    dashboard = {"en": "Dashboard", "es": "Panel"}[lang]
    assert code.main_py.rstrip().endswith("# ---- your own code ----")
    assert f"kpixl_refresh = refresh_button({dashboard!r})" in code.main_py
    assert code.main_py == lite_code.main_py(dashboard, lang)  # reproducible: the same kpixl, the same bytes
    lines = code.requirements_txt.splitlines()
    assert lines[:2] == [f"xlwings=={lite_code.XLWINGS_VERSION}  # required", "pyodide-http  # required"]
    assert [line.split()[0] for line in lines[2:]] == ["openpyxl>=3.1", "tzdata"]  # tzdata: TikTok times (Settings)
    assert len(webextension.property_value(code.main_py).encode()) < 1_000_000  # Office allows about 2 MB of settings


def test_the_embedded_wheel_is_kpixl_as_installed():
    with zipfile.ZipFile(io.BytesIO(lite_code.wheel())) as wheel:
        names = wheel.namelist()
        record = wheel.read("kpixl-0.1.0.dist-info/RECORD").decode()
    assert {"kpixl/__init__.py", "kpixl_udfs/lite.py", "kpixl_udfs/refresh_button.py",
            "kpixl_templates/social.toml", "kpixl-0.1.0.dist-info/WHEEL"} <= set(names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert all(name in record for name in names)
    assert lite_code.wheel() == lite_code.wheel()


def test_property_values_round_trip_escaping():
    text = 'a "quoted" <tag> & \'apostrophe\'\n\tñ ⟳ \\ end'
    value = webextension.property_value(text)
    assert "<" not in value and '"' not in value and "\n" not in value
    assert webextension.read_property(value) == text


def test_no_lite_leaves_the_parts_out(tmp_path, run_kpixl):
    path = new(run_kpixl, tmp_path / "plain.xlsx", "--no-lite")
    with zipfile.ZipFile(path) as package:
        assert not [n for n in package.namelist() if "webextension" in n]
        assert b"webextension" not in package.read(webextension.CONTENT_TYPES)
        assert b"webextension" not in package.read(webextension.ROOT_RELS)


EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "x_content.csv"


def lite_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in PARTS}


def lite_parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in PARTS}


@pytest.mark.parametrize("command", ["import", "refresh"])
def test_lite_parts_survive_import_and_refresh_byte_identical(tmp_path, command, run_kpixl):
    """The code as the user last saved it (here: edited in Lite) comes through `kpixl import`/`refresh` unchanged."""
    path = new(run_kpixl, tmp_path / "report.xlsx", "--networks", "x")
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == webextension.WEBEXTENSION:  # the user added a function in Lite's editor
                data = data.replace(b"# ---- your own code ----", b"# ---- your own code ----\n@func\ndef mine(): ...")
            target.writestr(info, data)
    edited.replace(path)
    before = lite_parts(path)
    exports = tmp_path / "exports"
    exports.mkdir()
    shutil.copy(EXPORT, exports / EXPORT.name)
    args = ["import", str(path), str(EXPORT)] if command == "import" else ["refresh", str(path), "--from", str(exports)]
    result = run_kpixl(*args)
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob("*.kpixl.xlsx")), result.output  # saved in place, not beside it
    with zipfile.ZipFile(path) as package:
        assert package.read(webextension.ROOT_RELS).count(webextension.TASKPANES_REL_TYPE.encode()) == 1
        assert package.read(webextension.CONTENT_TYPES).count(b"/xl/webextensions/") == 2
        assert "3 added" in result.output or "added" in result.output
    assert lite_parts(path) == before
    assert_valid(path)
