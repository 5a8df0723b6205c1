"""Characters a spreadsheet program dropped when it saved an upload in a single-byte code page.

An analyst exports a dataset, opens it in LibreOffice Calc or Excel and saves it as a Dutch
CSV: Windows-1252. Text that code page cannot hold is replaced on the way out (``→``
becomes ``?``, ``′`` becomes ``'``) and the file gives no sign of it: the damage is only
visible against what the current version holds. :func:`lost_characters` compares one cell,
:func:`find` a whole upload against the current version, matched by primary key.

What the programs write instead, measured with ``scripts/make_character_loss_fixtures.py``
(LibreOffice Calc 7.4, "Western Europe (Windows-1252/WinLatin 1)"): ``′`` -> ``'``,
``″`` -> ``"``, ``‐`` -> ``-``; every other character tried (``→ ≥ ≤ ∞ − ł Ł ź ő`` and an
emoji) -> one ``?``. Excel uses Windows' best-fit tables instead, which drop accents
(``ő`` -> ``o``, ``ł`` -> ``l``) and write ``??`` for a character outside the BMP (two
UTF-16 units); both are accepted as well.
"""

from __future__ import annotations

import codecs
import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

import pandas as pd

from dashboard.catalog.datasets import Dataset
from dashboard.files.problems import Problem, clip

CODE: Final = "character_loss"
UNCHECKED: Final = "character_loss_unchecked"  # the check itself failed: ask as if lost
QUESTION_MARK: Final = "?"
# Typographic characters spreadsheet programs map to a plain look-alike (LibreOffice does the
# first three, measured; the rest are Windows best-fit mappings). NFKD covers the accents.
LOOK_ALIKES: Final[dict[str, frozenset[str]]] = {
    "′": frozenset({"'"}),
    "″": frozenset({'"'}),
    "‐": frozenset({"-"}),
    "‑": frozenset({"-"}),
    "‒": frozenset({"-"}),
    "−": frozenset({"-"}),
    "≤": frozenset({"<", "="}),
    "≥": frozenset({">", "="}),
    "→": frozenset({">"}),
    "←": frozenset({"<"}),
    "∞": frozenset({"8"}),
    "ł": frozenset({"l"}),
    "Ł": frozenset({"L"}),
    "đ": frozenset({"d"}),
    "Đ": frozenset({"D"}),
    "ı": frozenset({"i"}),
}
# A cell also edited in other ways is flagged only when at least this share of the current
# text is still there unchanged: then the aligned "?" really stands where the character was,
# and a rewritten cell that happens to hold a "?" is never taken for a loss.
MOSTLY_KEPT: Final = 0.5


@dataclass(frozen=True)
class Lost:
    """One character of the current version, and what the file holds in its place."""

    before: str
    after: str


def single_byte(encoding: str | None) -> str | None:
    """The Python codec when ``encoding`` (as the upload report names it) is a single-byte code
    page such as cp1252 or latin-1; None for UTF-8, UTF-16, a workbook or an unknown name."""
    if not encoding:
        return None
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return None
    if info.name.startswith(("utf", "xlsx")):
        return None
    try:  # a code page maps every byte it defines to exactly one character
        decoded = bytes(range(256)).decode(info.name, errors="ignore")
    except (UnicodeError, TypeError):
        return None
    return info.name if len(decoded) <= 256 else None


@dataclass(frozen=True)
class CodePage:
    """The code page the check assumes (a Python codec) and the name the analyst is shown."""

    codec: str
    label: str


ASCII: Final = "ASCII"
# A file of ASCII only reads as UTF-8, yet it is what a cp1252 save writes when every
# character beyond ASCII was one cp1252 lacks (all became "?"). Such a file is checked as
# cp1252, the code page Dutch spreadsheet programs save in: a lost "→" is found, while "é"
# written as "e" (cp1252 has "é", so no save would do that) stays an ordinary edit.
ASSUMED_FOR_ASCII: Final = "cp1252"


def code_page(encoding: str | None, upload: pd.DataFrame) -> CodePage | None:
    """The code page an upload read in ``encoding`` may have lost characters to, if any.

    A single-byte code page (cp1252, latin-1) as detected; or, for a UTF-8 file without BOM
    (Excel's "CSV UTF-8" writes one) whose text is all ASCII, :data:`ASSUMED_FOR_ASCII`.
    """
    codec = single_byte(encoding)
    if codec is not None:
        return CodePage(codec, encoding or codec)
    if encoding == "utf-8" and _all_ascii(upload):
        return CodePage(ASSUMED_FOR_ASCII, ASCII)
    return None


def encodable(char: str, codec: str) -> bool:
    return char in _charset(codec)


def replacements(char: str, codec: str) -> frozenset[str]:
    """What a spreadsheet program may write for ``char`` when ``codec`` cannot hold it."""
    found = {QUESTION_MARK, *LOOK_ALIKES.get(char, ())}
    if ord(char) > 0xFFFF:  # Excel writes one "?" per UTF-16 unit
        found.add(QUESTION_MARK * 2)
    base = "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))
    if base and base != char and all(encodable(part, codec) for part in base):
        found.add(base)
    return frozenset(found)


def lost_characters(before: str, after: str, codec: str) -> tuple[Lost, ...]:
    """The characters of ``before`` that ``codec`` cannot hold and ``after`` has replaced.

    The rule: every place where the two differ must be such a replacement (a pure loss);
    or, when the cell was also edited, the replaced places count only if most of the
    current text is kept (:data:`MOSTLY_KEPT`). Anything else is an ordinary edit: ().
    """
    if before == after or set(before) <= _charset(codec):
        return ()
    if len(before) == len(after):
        # Position-wise first: "łl" -> "ll" would otherwise align the wrong "l".
        pairs = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
        if all(not encodable(old, codec) and new in replacements(old, codec) for old, new in pairs):
            return tuple(Lost(old, new) for old, new in pairs)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    lost: list[Lost] = []
    edited = False
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        found = (
            _replaced(before[old_start:old_end], after[new_start:new_end], codec)
            if tag == "replace"
            else None
        )
        if found is None:
            edited = True
        else:
            lost += found
    if edited:
        kept = sum(block.size for block in matcher.get_matching_blocks())
        if kept < MOSTLY_KEPT * len(before):
            return ()
    return tuple(lost)


@dataclass(frozen=True)
class CellLoss:
    """A cell of the upload that lost characters: its file row, column and what was lost."""

    row: int  # as the spreadsheet numbers it: header = 1
    column: str
    before: str
    after: str
    lost: tuple[Lost, ...]

    def problem(self, encoding: str) -> Problem:
        pairs = list(dict.fromkeys(self.lost))  # each replacement once, in the cell's order
        return Problem(
            self.row,
            self.column,
            clip(self.after),
            CODE,
            {
                "encoding": encoding,
                # Language-neutral, so one text serves both catalogues: ‘→’ → ‘?’, ‘′’ → ‘'’
                "changes": ", ".join(f"‘{lost.before}’ → ‘{lost.after}’" for lost in pairs),
                "before": [lost.before for lost in pairs],
                "after": [lost.after for lost in pairs],
                "current": clip(self.before),
            },
        )


def find(
    current: pd.DataFrame, upload: pd.DataFrame, dataset: Dataset, codec: str | None
) -> tuple[CellLoss, ...]:
    """Every cell of ``upload`` that lost characters the current version holds to ``codec``.

    Rows are matched by the dataset's primary key; ``upload``'s index is its file row minus 2,
    as the upload pipeline returns it. Text columns outside the key only: a damaged key makes
    the row new, which the diff shows as added and removed.
    """
    codec = single_byte(codec)
    if codec is None or current.empty or upload.empty:
        return ()
    keys = list(dataset.primary_key)
    types = dataset.column_types()
    texts = [
        column
        for column in dataset.columns
        if types.get(column) == "str" and column not in keys and column in current and column in upload
    ]
    if not texts or not all(key in current and key in upload for key in keys):
        return ()
    foreign = _foreign(codec)
    new = upload[keys + texts].assign(_file_row=upload.index.to_numpy() + 2)
    merged = current[keys + texts].merge(new, on=keys, how="inner", suffixes=("__before", "__after"))
    found: list[CellLoss] = []
    for column in texts:
        old, fresh = merged[f"{column}__before"], merged[f"{column}__after"]
        # Only cells whose current text holds a character the code page lacks, and that changed.
        differs = old.notna() & fresh.notna() & (old != fresh).fillna(False).astype(bool)
        changed = old[differs].astype("str")
        suspects = changed.index[changed.str.contains(foreign, regex=True).to_numpy(dtype=bool)]
        rows = merged.loc[suspects, "_file_row"].tolist()
        olds, news = old[suspects].astype("str").tolist(), fresh[suspects].astype("str").tolist()
        for row, before, after in zip(rows, olds, news, strict=True):
            lost = lost_characters(before, after, codec)
            if lost:
                found.append(CellLoss(int(row), column, before, after, lost))
    order = {name: position for position, name in enumerate(dataset.columns)}
    return tuple(sorted(found, key=lambda cell: (cell.row, order[cell.column])))


def problems(cells: Sequence[CellLoss], encoding: str | None) -> tuple[Problem, ...]:
    return tuple(cell.problem(encoding or "?") for cell in cells)


def _all_ascii(frame: pd.DataFrame) -> bool:
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_string_dtype(values) and not values.dropna().astype("str").str.isascii().all():
            return False
    return True


@cache
def _charset(codec: str) -> frozenset[str]:
    """Every character the single-byte ``codec`` can hold."""
    return frozenset(bytes(range(256)).decode(codec, errors="ignore"))


@cache
def _foreign(codec: str) -> str:
    """A regex matching any character ``codec`` cannot hold."""
    return "[^" + "".join(re.escape(char) for char in sorted(_charset(codec))) + "]"


def _replaced(old: str, new: str, codec: str) -> list[Lost] | None:
    """``old`` (characters ``codec`` lacks) replaced one by one in ``new``, or None if not so."""
    if not old or not new or any(encodable(char, codec) for char in old):
        return None
    for option in sorted(replacements(old[0], codec), key=len, reverse=True):
        if new.startswith(option):
            rest = (
                _replaced(old[1:], new[len(option) :], codec)
                if len(old) > 1
                else ([] if new == option else None)
            )
            if rest is not None:
                return [Lost(old[0], option), *rest]
    return None
