"""One thing wrong with an upload, and the plain sentence that tells the analyst.

Every stage of reading an upload (see :mod:`dashboard.files.upload`) reports what it finds
as :class:`Problem` values located as the analyst sees the file: row 1 is the header, the
column is the canonical name. A stage that cannot go on at all raises :class:`Refused` with
the problems that say why; the stage's caller turns it back into a value at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from dashboard.text.formatting import number
from dashboard.text.i18n import Language, catalogue

VALUE_CHARS: Final = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, located as the analyst sees the file."""

    row: int | None  # header = 1, first data row = 2; None = whole file
    column: str | None  # canonical column name, or the header as written for unknown columns
    value: str | None  # the cell text as in the file, at most VALUE_CHARS characters
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def for_file(cls, code: str, **params: object) -> Problem:
        """A problem with the whole file: no row, column or value to point at."""
        return cls(None, None, None, code, params)

    def message(self, lang: Language) -> str:
        """A plain sentence from the ``[ingest]`` catalogue table."""
        texts = catalogue(lang)
        template = texts.get(f"ingest.{self.code}") or texts["ingest.unexpected"]
        values: dict[str, object] = {"row": self.row, "column": self.column, "value": self.value}
        values.update(code=self.code, **_localised(self.params, lang))
        return template.format_map(_KeepMissing(values))


class Refused(Exception):  # noqa: N818 - not an error in the program: the file cannot be read on
    """Reading cannot go on; ``problems`` say why. Caught by the stage that called the reader."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__(problems)
        self.problems = problems


def clip(value: str) -> str:
    """A cell's text short enough to show in a report."""
    return value if len(value) <= VALUE_CHARS else value[: VALUE_CHARS - 1] + "…"


def megabytes(size: int) -> float:
    return round(size / 1024 / 1024, 1)


class _KeepMissing(dict[str, object]):
    """Leaves an unknown ``{placeholder}`` in the text instead of raising (a test finds it)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format(value: object, lang: Language) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number(value, lang)
    if isinstance(value, list | tuple):
        if all(isinstance(item, int) for item in value):
            return ", ".join(str(item) for item in value)  # row numbers, as Excel shows them
        return ", ".join(f"‘{item}’" for item in value)
    return str(value)


def _localised(params: Mapping[str, object], lang: Language) -> dict[str, object]:
    """Placeholder values in ``lang``: numbers, lists, titles, rules, formats and bounds."""
    texts = catalogue(lang)
    values: dict[str, object] = {}
    for key, value in params.items():
        values[key] = "" if value is None else _format(value, lang)
        if key.endswith(f"_{lang}"):  # titles given in both languages: {found} is found_nl or found_en
            values[key.removesuffix(f"_{lang}")] = value
    if "check" in params:
        values["rule"] = texts.get(f"ingest.rules.{params['check']}", str(params.get("rule", "")))
    if "format" in params:
        template = texts.get(f"ingest.formats.{params['format']}", texts["ingest.formats.pattern"])
        values["format"] = template.format(pattern=params.get("pattern", ""))
    if "bound" in params:
        template = texts.get(f"ingest.bounds.{params['bound']}", texts["ingest.bounds.between"])
        values["range"] = template.format(
            min=_format(params.get("min"), lang), max=_format(params.get("max"), lang)
        )
    if "delimiter" in params:
        values["delimiter"] = texts["ingest.tab"] if params["delimiter"] == "\t" else params["delimiter"]
    return values
