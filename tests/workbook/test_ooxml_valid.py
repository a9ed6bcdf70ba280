"""Microsoft's Open XML SDK validator accepts every workbook `kpixl new` writes (templates × languages)."""

from __future__ import annotations

import pytest

from tests.ooxml import assert_valid


@pytest.mark.parametrize("template", ["social", "influencer"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_new_workbook_is_valid_open_xml(tmp_path, template, lang, run_kpixl):
    out = tmp_path / f"{template}-{lang}.xlsx"
    result = run_kpixl("new", str(out), "--client", "Acme", "--sample", "--template", template, "--lang", lang,
                       "--force")
    assert result.exit_code == 0, result.output
    assert_valid(out)
