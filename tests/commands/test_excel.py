"""`kpixl excel setup`: writes xlwings.conf for the classic add-in, keeps other entries, never half-written."""

from __future__ import annotations

import sys

from kpixl.commands.excel import read_config


def test_setup_writes_the_workbook_folder_config(tmp_path, run_kpixl):
    result = run_kpixl("excel", "setup", "--workbook-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    conf = tmp_path / "xlwings.conf"
    want = f'"UDF Modules","kpixl_udfs.classic"\r\n"Interpreter_Win","{sys.executable}"\r\n'
    assert conf.read_bytes() == want.encode()
    assert "xlwings addin install" in result.output and "Import Functions" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["xlwings.conf"]  # no temporary file left behind


def test_setup_keeps_other_entries_and_modules(tmp_path, run_kpixl):
    conf = tmp_path / "xlwings.conf"
    conf.write_text('"LICENSE_KEY","abc"\n"UDF MODULES","my_udfs;other"\n"INTERPRETER_WIN","C:\\old\\python.exe"\n')
    for _ in range(2):  # idempotent
        result = run_kpixl("excel", "setup", "--workbook-dir", str(tmp_path),
                           "--interpreter", r"C:\Python312\python.exe")
        assert result.exit_code == 0, result.output
    entries = read_config(conf)
    assert entries["LICENSE_KEY"] == ("LICENSE_KEY", "abc")
    assert entries["UDF MODULES"] == ("UDF MODULES", "my_udfs;other;kpixl_udfs.classic")
    assert entries["INTERPRETER_WIN"] == ("INTERPRETER_WIN", r"C:\Python312\python.exe")


def test_setup_defaults_to_the_user_config(tmp_path, monkeypatch, run_kpixl):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    result = run_kpixl("excel", "setup")
    assert result.exit_code == 0, result.output
    assert read_config(tmp_path / ".xlwings" / "xlwings.conf")["UDF MODULES"][1] == "kpixl_udfs.classic"


def test_a_broken_config_is_reported_not_overwritten(tmp_path, run_kpixl):
    conf = tmp_path / "xlwings.conf"
    conf.write_text("not a config line\n")
    result = run_kpixl("excel", "setup", "--workbook-dir", str(tmp_path))
    assert result.exit_code == 1
    assert "row 1" in result.output and 'expected "KEY","value"' in result.output
    assert conf.read_text() == "not a config line\n"


def test_a_missing_workbook_folder_is_refused_not_created(tmp_path, run_kpixl):
    """A mistyped --workbook-dir must not create a new folder whose xlwings.conf no workbook will ever read."""
    missing = tmp_path / "Reprots"
    result = run_kpixl("excel", "setup", "--workbook-dir", str(missing))
    assert result.exit_code != 0
    assert "does not exist" in result.output and "Traceback" not in result.output
    assert not missing.exists()


def test_lite_writes_the_self_contained_code_to_paste(tmp_path, run_kpixl):
    from kpixl.workbook.lite_code import main_py, requirements_txt

    result = run_kpixl("excel", "lite", str(tmp_path / "code"), "--lang", "es")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "code" / "main.py").read_text(encoding="utf-8") == main_py("Panel", "es")
    assert (tmp_path / "code" / "requirements.txt").read_text(encoding="utf-8") == requirements_txt()
    result = run_kpixl("excel", "lite", str(tmp_path / "other"), "--dashboard", "My KPIs")
    assert "refresh_button('My KPIs')" in (tmp_path / "other" / "main.py").read_text(encoding="utf-8")
    bad = run_kpixl("excel", "lite", str(tmp_path / "x"), "--lang", "fr")
    assert bad.exit_code == 1 and "fr" in bad.output and "Traceback" not in bad.output
