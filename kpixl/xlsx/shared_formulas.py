"""Shared formulas (`<f t="shared" si=…>`): one formula text held by its master cell, read by its followers.

`Shared` collects the masters of a sheet as it is streamed in row order, so each follower reads as its own formula
(the master's text moved from the master's cell to the follower's: `translate`); when kpixl replaces a master cell,
its followers are written out in full (`orphan`, then `standalone`) so none of them loses its formula.
"""

from __future__ import annotations

import functools
import re

from openpyxl.utils import get_column_letter

from kpixl.xlsx.cell_values import Formula
from kpixl.xlsx.row_writer import escape
from kpixl.xlsx.sheet_reader import Patterns, RawCell, unescape

SI = re.compile(rb'\ssi="([0-9]+)"')
"""A shared formula's group index, in a cell's `<f>` attributes."""


class Shared:
    """Shared formulas (`<f t="shared" si=…>`): masters by index, to give each follower its own formula."""

    def __init__(self) -> None:
        self.masters: dict[bytes, tuple[str, str]] = {}  # si → (formula with "=", master's reference)

    @staticmethod
    def _index(formula: re.Match[bytes]) -> bytes | None:
        found = SI.search(formula.group(1))
        return found.group(1) if found else None

    def formula(self, cell: RawCell, formula: re.Match[bytes], cache: dict[bytes, str], row: int = 0) -> str:
        """A shared formula's text at this cell on sheet row `row` (registering it when the cell is the master)."""
        index = self._index(formula)
        ref = (cell.attr(b"r") or b"").decode().replace("$", "")
        if not ref and row:
            ref = f"{get_column_letter(cell.column)}{row}"
        if formula.group(2):
            text = cache.get(formula.group(2)) or Formula("=" + unescape(formula.group(2).decode()))
            if index is not None:
                self.masters[index] = (text, ref)
            return text
        master = self.masters.get(index or b"")
        if master is None or not ref:
            return Formula("=")
        return Formula(translate(master[0], master[1], ref))

    def fast(self, letters: bytes, row: int, attrs: bytes, text: bytes, cache: dict[bytes, str]) -> str:
        """`formula` for a cell read by the one-match path (its letters, row, `<f>` attributes and text)."""
        index = self._index_of(attrs)
        ref = f"{letters.decode()}{row}"
        if text:
            decoded = cache.get(text) or Formula("=" + unescape(text.decode()))
            if index is not None:
                self.masters[index] = (decoded, ref)
            return decoded
        master = self.masters.get(index or b"")
        if master is None:
            return Formula("=")
        return Formula(translate(master[0], master[1], ref))

    @staticmethod
    def _index_of(attrs: bytes) -> bytes | None:
        found = re.search(rb'si="([0-9]+)"', attrs)
        return found.group(1) if found else None

    def orphan(self, cell: RawCell, patterns: Patterns, row: int) -> None:
        """Remember a master about to be replaced."""
        formula = patterns.formula.search(cell.inner or b"")
        if formula is not None and formula.group(2):
            self.formula(cell, formula, {}, row)

    def standalone(self, cell: RawCell, patterns: Patterns, row: int) -> bytes:
        """A follower of a replaced master with the formula written out; any other cell as it was."""
        formula = patterns.formula.search(cell.inner or b"")
        if formula is None or formula.group(2):
            return cell.xml
        index = self._index(formula)
        if index not in self.masters:
            return cell.xml
        text = self.formula(cell, formula, {}, row).removeprefix("=")
        q = patterns.prefix + b":" if patterns.prefix else b""
        element = b"<" + q + b"f>" + escape(text).encode() + b"</" + q + b"f>"
        start = cell.xml.index(formula.group(0))
        return cell.xml[:start] + element + cell.xml[start + len(formula.group(0)):]


_A1 = re.compile(r"(?<![A-Za-z_\[\]])\$?[A-Z]{1,3}\$?[0-9]+|\$?[A-Z]{1,3}:\$?[A-Z]{1,3}|\$?[0-9]+:\$?[0-9]+")


@functools.lru_cache(maxsize=256)
def moves(formula: str) -> bool:
    """Whether a formula has A1 references that move with the cell (structured references do not)."""
    return _A1.search(formula) is not None


def translate(formula: str, origin: str, target: str) -> str:
    """A shared formula moved from its master's cell to another."""
    if origin == target or not moves(formula):
        return formula
    from openpyxl.formula.translate import Translator

    return Translator(formula, origin=origin).translate_formula(target)
