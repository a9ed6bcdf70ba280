"""Classic xlwings' own "Import Functions" (`xlwings.udfs.import_udfs`) on `kpixl_udfs.classic`, with the Windows
modules (pythoncom, pywintypes, win32com) stubbed and Excel's workbook faked: the VBA wrapper it writes declares
every KPIXL_* function with its arguments (none a VBA keyword), and the help it registers is never cut."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from kpixl_udfs.registry import REGISTRY

DRIVER = r'''
import json, os, sys, types
os.environ.pop("XLWINGS_LICENSE_KEY", None)

for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
    sys.modules[name] = types.ModuleType(name)
sys.modules["pywintypes"].com_error = type("com_error", (Exception,), {})
sys.modules["pythoncom"].CoInitialize = lambda: None
sys.modules["win32com.client"].Dispatch = lambda obj: obj
sys.modules["win32com"].client = sys.modules["win32com.client"]

import xlwings
import xlwings.udfs as udfs

xlwings.func, xlwings.arg, xlwings.ret, xlwings.sub = udfs.xlfunc, udfs.xlarg, udfs.xlret, udfs.xlsub  # as on Windows
import kpixl_udfs.classic as classic

udfs.udf_modules["kpixl_udfs.classic"] = {"module": classic, "filetime": None, "filename": classic.__file__}
recorded = {"vba": None, "options": []}

class Components:
    def __call__(self, name):
        raise sys.modules["pywintypes"].com_error(name)
    def Remove(self, component):
        pass
    def Import(self, path):
        with open(path) as f:
            recorded["vba"] = f.read()

class Application:
    Version = "16.0"
    def MacroOptions(self, macro, **options):
        recorded["options"].append({"macro": macro, "description": options.get("Description"),
                                    "category": options.get("Category"),
                                    "arguments": options.get("ArgumentDescriptions")})

class Workbook:
    Name = "kpixl.xlsm"
    VBProject = types.SimpleNamespace(VBComponents=Components())
    Application = Application()

udfs.import_udfs("kpixl_udfs.classic", Workbook())
print(json.dumps(recorded))
'''

# VBA's reserved words and statement names that cannot name a parameter (VBA language reference)
_VBA_WORDS = """
addressof alias and any as attribute base binary boolean byref byte byval call case cdecl close compare const
currency date decimal declare defbool defbyte defcur defdate defdbl defint deflng defobj defsng defstr defvar
dim do double each else elseif empty end endif enum eqv erase error event exit explicit false for friend
function get global gosub goto if imp implements in input integer is let lib like line load lock long longlong
longptr loop lset me mid mod name new next not nothing null object on open option optional or output paramarray
preserve print private property public put raiseevent random read redim rem resume return rset seek select set
shared single spc static step stop string sub tab then to true type typeof unload unlock until variant wend
while with withevents write xor
"""
VBA_KEYWORDS = frozenset(_VBA_WORDS.split())


@pytest.fixture(scope="module")
def imported() -> dict:
    proc = subprocess.run([sys.executable, "-c", DRIVER], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def signatures(vba: str) -> dict[str, list[str]]:
    """Function name → its parameters as declared ("Optional x" kept as written)."""
    found = re.findall(r"^Function (\w+)\((.*)\)$", vba, flags=re.MULTILINE)
    return {name: [a.strip() for a in args.split(",")] if args else [] for name, args in found}


def test_vba_wrapper_declares_every_function_with_its_arguments(imported):
    declared = signatures(imported["vba"])
    assert set(declared) == {s.classic_name for s in REGISTRY.values()}
    for spec in REGISTRY.values():
        want = [("" if p.required else "Optional ") + p.classic_name for p in spec.params]
        assert declared[spec.classic_name] == want, spec.classic_name
    assert max(len(line) for line in imported["vba"].splitlines()) <= 1024  # VBA's line limit


def test_no_argument_is_a_vba_keyword(imported):
    for name, args in signatures(imported["vba"]).items():
        for arg in args:
            assert arg.removeprefix("Optional ").lower() not in VBA_KEYWORDS, (name, arg)
    assert "kpi_variant" in signatures(imported["vba"])["KPIXL_ENGAGEMENT_RATE"][-2]  # `variant` is renamed


def test_help_is_registered_whole(imported):
    options = {o["macro"].split("!")[-1]: o for o in imported["options"]}
    assert set(options) == {s.classic_name for s in REGISTRY.values()}
    for spec in REGISTRY.values():
        got = options[spec.classic_name]
        assert got["description"] == spec.help.en and len(spec.help.en) <= 255  # xlwings cuts at 255
        assert got["arguments"] == [p.help.en for p in spec.params]
        assert all(len(p.help.en) <= 255 for p in spec.params)
        assert got["category"] == "kpixl"
