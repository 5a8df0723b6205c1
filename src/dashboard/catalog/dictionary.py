"""The data dictionary (``data/README.md``), generated from the registry.

A test compares the committed file with this output, so the dictionary cannot drift
from the schemas. Regenerate with ``python scripts/write_data_dictionary.py``.
"""

from __future__ import annotations

from dashboard.catalog import datasets, schemas

_CONVENTIONS = f"""\
## Conventions

- **Figures are ranges.** `value_low`/`value_high` (and `<measure>_low`/`<measure>_high` in
  `data_centres`): an exact figure has low = high; a range ("1.5–2 million") keeps both
  bounds; a one-sided claim fills one bound and says so in `qualifier`
  ({", ".join(schemas.QUALIFIERS)}); an unknown figure leaves both empty.
- **`claim_type`**: {", ".join(schemas.CLAIM_TYPES)}. A forecast is never an actual.
- **`ref_date`**: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a period `start/end` when the source
  is undated and only a period can be inferred (the note says how).
- **`source_id`** resolves to a row of `sources.csv`, whose `confidence` is
  {", ".join(schemas.CONFIDENCE_LEVELS)}.
- **Locations**: `lat`/`lon` in WGS84 (EPSG:4326) with `location_precision`
  ({", ".join(schemas.LOCATION_PRECISIONS)}) and their own `location_source_id`.
- **Boundaries**: `boundaries/provinces.geojson` is derived from Natural Earth 1:10m
  Admin 1 (public domain) by `scripts/derive_boundaries.py`;
  `boundaries/municipalities.geojson` (the 342 Dutch municipalities of the CBS 2023 map,
  Kadaster / CBS, 2023) by `scripts/derive_regions.py`, which also writes the municipality
  rows of `regions.csv` from the reference pack.
- **Regions**: `membership` says whether every member of a grouping (or every municipality
  of a province) is modelled; only then is a missing population or area summed from them.
  `valid_from`/`valid_to` give the municipal map a region is on (a municipality merged on
  1 Jan 2025 has `valid_to` 2024-12-31).
- Files are UTF-8 CSV with a header row; an empty cell means "not found".
"""


def render() -> str:
    """The whole dictionary as Markdown."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `src/dashboard/catalog/datasets.py` and `src/dashboard/catalog/schemas.py`; "
        "do not edit by hand.",
        "",
        _CONVENTIONS,
    ]
    for dataset in datasets.DATASETS.values():
        columns = dataset.schema.to_schema().columns
        types = dataset.column_types()
        lines += [
            f"## `{dataset.key}` — {dataset.title_en} / {dataset.title_nl}",
            "",
            f"File `data/{dataset.file}`. Primary key: {', '.join(f'`{c}`' for c in dataset.primary_key)}. "
            f"Licence: {dataset.licence}.",
            "",
            dataset.description_en,
            "",
            "| column | type | required | rule |",
            "| --- | --- | --- | --- |",
        ]
        for name in dataset.columns:
            column = columns[name]
            rule = "; ".join(describe_check(check) for check in column.checks) or ""
            required = "no" if column.nullable else "yes"
            lines.append(f"| `{name}` | {types[name]} | {required} | {rule} |")
        lines.append("")
    return "\n".join(lines)


def describe_check(check: object) -> str:
    name = getattr(check, "name", "")
    statistics = getattr(check, "statistics", {}) or {}
    if name == "isin":
        return "one of " + ", ".join(f"`{value}`" for value in statistics.get("allowed_values", []))
    if name == "str_matches":
        return f"matches `{statistics.get('pattern')}`".replace("|", "\\|")
    if name == "in_range":
        return f"{statistics.get('min_value')} to {statistics.get('max_value')}"
    if name in ("greater_than", "greater_than_or_equal_to", "less_than_or_equal_to"):
        symbol = {"greater_than": ">", "greater_than_or_equal_to": "≥", "less_than_or_equal_to": "≤"}[name]
        return f"{symbol} {next(iter(statistics.values()))}"
    if name == "str_length":
        return f"length {statistics.get('min_value') or 0}–{statistics.get('max_value') or '…'}"
    return str(name)
