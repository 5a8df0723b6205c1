"""Rendering pieces pages share: headers, captions, tables, the chart block with its export
and "add to presentation" row, dataset and region pickers, download buttons, labellers.

Pages lay out widgets; what they draw alike is drawn here once. Reading data and caching it
is :mod:`dashboard.ui.data`; the language shorthands are :mod:`dashboard.ui.language`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import branding
from dashboard.analysis import areas
from dashboard.catalog import datasets, params
from dashboard.charts import kinds, tables
from dashboard.charts.slide import Slide
from dashboard.files import downloads
from dashboard.present import chromium
from dashboard.text import provenance
from dashboard.text.i18n import Language
from dashboard.text.i18n import t as translate
from dashboard.ui import branded, embed_block, theme, url_state
from dashboard.ui.data import current_versions, slide, slide_at
from dashboard.ui.language import lang, t

CHART_CONFIG: Final = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def page_header(page: str) -> None:
    st.title(t(f"{page}.title"))
    st.markdown(t(f"{page}.intro"))


def names_text(names: Iterable[object]) -> str:
    """Names from data as a comma-separated list for a markdown sentence, shown literally."""
    return ", ".join(provenance.escape_line(str(name)) for name in names)


def sources_caption(source_ids: Iterable[str], sources: pd.DataFrame, *, ref_date: str | None = None) -> str:
    """'Bron: …, 14 okt 2021 · betrouwbaarheid: hoog', markdown-escaped, for st.caption."""
    return provenance.caption(list(source_ids), sources, lang(), ref_date=ref_date)


def chart_or_table(
    page: str,
    chart: str,
    figure: go.Figure,
    table: pd.DataFrame,
    *,
    caption: str | None = None,
) -> None:
    """A chart with a "show as table" switch: the same figures for screen readers and print."""
    as_table = st.toggle(t("common.show_table"), key=url_state.table_toggle_key(page, chart))
    if as_table:
        static_table(table)
    else:
        st.plotly_chart(figure, width="stretch", config=CHART_CONFIG, key=f"{page}.{chart}.chart")
    if caption:
        st.caption(caption)


def slide_block(page: str, kind: str, settings: Mapping[str, str]) -> Slide:
    """A view's chart (or its table), its note, and the row to export it or add it to a
    presentation. Pages, slides and exports draw the same :class:`Slide`."""
    shown = slide(kind, settings)
    note = provenance.escape_line(shown.note) if shown.note else None
    chart_or_table(page, kind, shown.figure, shown.table, caption=note)
    slide_actions(kind, settings)
    return shown


def slide_actions(kind: str, settings: Mapping[str, str]) -> None:
    """'Add to presentation', the downloads of one chart (PNG, SVG, CSV, PowerPoint) and the
    snippet that embeds it in another site.

    Files are made when their button is clicked, not on every rerun: a chart image costs a
    quarter of a second in Chromium, which a page visit should not pay.
    """
    row = st.container(horizontal=True)
    row.button(
        t("present.add"),
        key=f"add.{kind}",
        icon=":material/playlist_add:",
        on_click=_add_to_draft,
        args=(kind, dict(settings)),
    )
    with row.popover(t("export.download"), icon=":material/download:"):
        versions = tuple(current_versions(*kinds.KINDS[kind].datasets).items())
        frozen = tuple(sorted(settings.items()))
        can_draw = chromium.available()
        csv_first, csv_other = downloads.csv_dialects(lang())
        for fmt, mime in EXPORT_FORMATS.items():
            if fmt == "csv":
                help_text: str | None = csv_dialect_name(csv_first)
            else:
                help_text = None if can_draw or fmt not in IMAGE_FORMATS else t("export.unavailable")
            st.download_button(
                t(f"export.{fmt}"),
                functools.partial(_export, kind, frozen, versions, lang(), fmt, csv_dialect=csv_first.key),
                file_name=f"{kind}.{fmt}",
                mime=mime,
                key=f"export.{kind}.{fmt}",
                on_click="ignore",
                disabled=fmt in IMAGE_FORMATS and not can_draw,
                help=help_text,
                width="stretch",
            )
            if fmt == "csv":  # the other dialect, for the other Excel (or a script)
                st.download_button(
                    t("export.csv_other", dialect=csv_dialect_name(csv_other)),
                    functools.partial(
                        _export, kind, frozen, versions, lang(), "csv", csv_dialect=csv_other.key
                    ),
                    file_name=f"{kind}-{csv_other.key}.csv",
                    mime=mime,
                    key=f"export.{kind}.csv.{csv_other.key}",
                    on_click="ignore",
                    width="stretch",
                )
    embed_block.embed_popover(row, kind, settings)


def csv_dialect_name(dialect: downloads.CsvDialect) -> str:
    """What a CSV dialect is for, as a button says it: 'CSV voor Nederlandse Excel (; en ,)'."""
    return t("export.csv_excel_nl") if dialect == downloads.EXCEL_NL else t("export.csv_international")


EXPORT_FORMATS: Final = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
IMAGE_FORMATS: Final = frozenset({"png", "svg", "pptx"})


def _export(
    kind: str,
    settings: tuple[tuple[str, str], ...],
    versions: tuple[tuple[str, int], ...],
    language: Language,
    fmt: str,
    *,
    csv_dialect: str = downloads.INTERNATIONAL.key,
) -> bytes:
    # Imported on the first click: python-pptx and kaleido are not needed to show a page.
    from dashboard.present import slide_exports  # noqa: PLC0415

    shown = slide_at(dict(versions), kind, dict(settings), language)
    if fmt == "csv":
        return slide_exports.slide_csv(shown, downloads.DIALECTS[csv_dialect])
    if fmt == "pptx":
        return slide_exports.deck([shown], title=shown.title, brand=branding.current())
    return slide_exports.slide_image(shown, fmt="png" if fmt == "png" else "svg", lang=language)


def draft() -> list[tuple[str, dict[str, str]]]:
    """The presentation this visitor is putting together: (slide kind, settings) pairs."""
    value = st.session_state.setdefault(url_state.PRESENT_DRAFT, [])
    return list(value)


def _add_to_draft(kind: str, settings: dict[str, str]) -> None:
    slides = [*draft(), (kind, settings)]
    st.session_state[url_state.PRESENT_DRAFT] = slides
    # The Present page then opens on this visitor's presentation, at the slide just added.
    st.session_state[url_state.PRESENT_NAME] = url_state.DRAFT_PRESENTATION
    st.session_state[url_state.PRESENT_SLIDE] = str(len(slides))
    st.toast(t("present.added", count=len(slides)), icon=":material/playlist_add_check:")


def static_table(frame: pd.DataFrame, *, notes_key: str | None = None) -> None:
    """A plain HTML table: readable by screen readers and printers, unlike the canvas grid of
    ``st.dataframe``, and ~0.2 s faster to show (no grid bundle to load on a page visit).

    ``st.table`` renders every cell as markdown, so text cells are escaped: a name like
    ``[klik](javascript:…)`` from an upload shows as typed, not as a link.

    With ``notes_key`` (unique on the page) the last column, long notes, gets a wide bounded
    column (theme.NOTES_TABLE): squeezed between a dozen others it wrapped every note into
    dozens of lines and made the data-centre table 11,000 px tall.
    """
    cells = frame.astype(object).where(frame.notna(), "")
    cells = cells.map(lambda value: provenance.escape_line(value) if isinstance(value, str) else value)
    cells.columns = [provenance.escape_line(str(column)) for column in cells.columns]
    if notes_key is None:
        st.table(cells, hide_index=True)
        return
    with st.container(key=f"{theme.NOTES_TABLE}-{notes_key}"):
        st.table(cells, hide_index=True)


def sources_list(source_ids: Sequence[str] | None, sources: pd.DataFrame, *, heading: bool = True) -> None:
    """The sources behind a page's figures, one line each with date, confidence and link."""
    if heading:
        st.subheader(t("common.sources"))
    st.markdown(provenance.source_lines(source_ids, sources, lang()))


def figure_text(low: object, high: object, qualifier: object = None, unit: str = "") -> str:
    return tables.figure_text(low, high, lang(), qualifier, unit)


def figure_rows(
    rows: pd.DataFrame, name_column: str, sources: pd.DataFrame, *, measure_prefix: str = "measure."
) -> pd.DataFrame:
    """Rows of a figure dataset (clusters, events, campuses, indicators) as a translated table."""
    return tables.figure_rows(rows, name_column, sources, lang(), measure_prefix=measure_prefix)


def region_picker(regions: pd.DataFrame, names: Mapping[str, str]) -> list[str]:
    """The regions to compare, in the URL as ``regions=`` and shared by Compare and Scorecard.

    Every municipality, province, landsdeel and grouping is offered, the focus regions first
    and the rest grouped by kind; typing part of a name ("Zw") finds it. The label carries
    the kind, so Groningen the municipality and Groningen the province are told apart.
    """
    labels = region_labels(regions, names)
    chosen = url_state.url_widget(
        st.multiselect,
        t("compare.regions"),
        areas.picker_order(regions, names),
        key=params.COMPARE_REGIONS,
        default=branded.comparison_regions(regions),
        many=True,
        format_func=labels.__getitem__,
        placeholder=t("compare.regions_placeholder"),
    )
    return list(chosen)


def region_labels(regions: pd.DataFrame, names: Mapping[str, str]) -> dict[str, str]:
    """'Zwolle · gemeente', 'Groningen · provincie': a region's name with its kind."""
    kinds = {kind: t(f"kind.{kind}") for kind in regions["kind"].unique()}
    return {
        region_id: f"{names[region_id]} · {kinds[kind]}"
        for region_id, kind in zip(regions["region_id"], regions["kind"], strict=True)
    }


def labeller(prefix: str) -> Callable[[str], str]:
    """A widget ``format_func`` for catalogue keys ``prefix + option`` in today's language.

    The language is captured now: Streamlit may call the function outside this script run
    (AppTest does), where the session's language cannot be looked up.
    """
    current = lang()
    return lambda option: translate(f"{prefix}{option}", current)


def dataset_choice(key: str) -> datasets.Dataset:
    """A dataset picker (its value in the URL) shared by the upload and history pages."""
    keys = list(datasets.DATASETS)
    language = lang()  # captured now: Streamlit may format options outside this run (AppTest does)
    chosen = url_state.url_widget(
        st.selectbox,
        t("upload.dataset"),
        keys,
        key=key,
        default="data_centres",
        format_func=lambda option: datasets.get(option).title(language),
    )
    return datasets.get(str(chosen))


def download_buttons(dataset: datasets.Dataset, frame: pd.DataFrame, *, stem: str, label: str) -> None:
    """CSV and .xlsx download buttons for ``frame``; both formula-safe.

    The bytes are made when a button is clicked, not on every rerun: an .xlsx of a
    200,000-row dataset takes seconds to write. A click must not rerun the page: a rerun
    registers the button's file anew and drops the one the click is fetching, so a quick
    second click spun forever (Streamlit: "Deferred file … not found").
    """
    csv_first, csv_other = downloads.csv_dialects(lang())
    buttons = (  # label, bytes when clicked, file name, type, tooltip
        (
            f"{label} (CSV)",
            functools.partial(downloads.to_csv, frame, csv_first),
            f"{stem}.csv",
            "text/csv",
            csv_dialect_name(csv_first),
        ),
        (
            f"{label} (Excel)",
            functools.partial(downloads.to_xlsx, frame, dataset.key),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            None,
        ),
        (  # the other dialect, for the other Excel (or a script)
            f"{label}: {csv_dialect_name(csv_other)}",
            functools.partial(downloads.to_csv, frame, csv_other),
            f"{stem}-{csv_other.key}.csv",
            "text/csv",
            None,
        ),
    )
    for column, (text, data, file_name, mime, tip) in zip(st.columns(len(buttons)), buttons, strict=True):
        column.download_button(
            text, data, file_name=file_name, mime=mime, key=file_name, on_click="ignore", help=tip
        )


def show_outcome(key: str) -> None:
    """The message a write's callback left under ``key`` (success or failure), shown once."""
    outcome = st.session_state.pop(key, None)
    if outcome is not None:
        ok, message = outcome
        (st.success if ok else st.error)(message)
