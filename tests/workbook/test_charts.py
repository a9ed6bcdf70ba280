"""Every chart axis kpixl draws is written as shown (`<c:delete val="0"/>`): without it recent Excel hides axes."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

import pytest

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


@pytest.mark.parametrize("template", ["social", "influencer"])
def test_every_chart_axis_is_shown(tmp_path, template, run_kpixl):
    out = tmp_path / "book.xlsx"
    result = run_kpixl("new", str(out), "--client", "Acme", "--sample", "--template", template, "--force", "--no-lite")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as package:
        names = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        charts = [ElementTree.fromstring(package.read(n)) for n in names]
    assert charts
    for chart in charts:
        axes = [e for e in chart.iter() if e.tag in {f"{{{C}}}catAx", f"{{{C}}}valAx", f"{{{C}}}dateAx"}]
        assert axes and all(axis.find(f"{{{C}}}delete").get("val") == "0" for axis in axes)
