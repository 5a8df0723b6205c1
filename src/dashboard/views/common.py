"""What every view shares: the store, cached loading, text, captions and chart blocks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import formatting, metrics, provenance
from dashboard.i18n import Language
from dashboard.i18n import t as translate
from dashboard.store import Store, database_url
from dashboard.views import state

CHART_CONFIG: Final = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> Store:
    store = Store(url)
    store.ensure_ready()
    return store


def get_store() -> Store:
    """One store per database URL and server process; seeded from ``data/`` on first use.

    Keyed on the URL read now, not once at import, so a process that is pointed at another
    database (tests do this per test) never keeps using the first one.
    """
    return _store_for(database_url())


@st.cache_data(show_spinner=False, max_entries=64)
def _load(url: str, key: str, version: int) -> pd.DataFrame:
    # Keyed on the version number: a newer version is a new cache entry, never hidden.
    return get_store().load(key, version)


def current_versions(*keys: str) -> dict[str, int]:
    """The current version number of each dataset: the key of everything cached downstream."""
    versions = get_store().current_versions()
    return {key: versions[key] for key in keys}


def frames(*keys: str) -> dict[str, pd.DataFrame]:
    """The current version of each dataset (one cheap query for the version numbers)."""
    return frames_at(current_versions(*keys))


def frames_at(versions: Mapping[str, int]) -> dict[str, pd.DataFrame]:
    """The datasets at exactly these versions (from the cache when already loaded)."""
    url = get_store().url
    return {key: _load(url, key, version) for key, version in versions.items()}


HEADLINE_DATASETS: Final = ("regions", "data_centres", "clusters", "events", "campuses")


@st.cache_data(show_spinner=False, max_entries=256)
def _headline_table(
    versions: tuple[tuple[str, int], ...], region_ids: tuple[str, ...], measures: tuple[str, ...]
) -> pd.DataFrame:
    return metrics.headline_table(frames_at(dict(versions)), region_ids, measures)


def headline_table(region_ids: Sequence[str], measures: Sequence[str]) -> pd.DataFrame:
    """``metrics.headline_table`` computed once per data version and choice, not per rerun."""
    versions = tuple(current_versions(*HEADLINE_DATASETS).items())
    return _headline_table(versions, tuple(region_ids), tuple(measures))


def lang() -> Language:
    return state.language()


def t(key: str, /, **values: object) -> str:
    return translate(key, lang(), **values)


def page_header(page: str) -> None:
    st.title(t(f"{page}.title"))
    st.markdown(t(f"{page}.intro"))


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
    as_table = st.toggle(t("common.show_table"), key=state.table_toggle_key(page, chart))
    if as_table:
        static_table(table)
    else:
        st.plotly_chart(figure, width="stretch", config=CHART_CONFIG, key=f"{page}.{chart}.chart")
    if caption:
        st.caption(caption)


def static_table(frame: pd.DataFrame) -> None:
    """A plain HTML table: readable by screen readers and printers, unlike the canvas grid of
    ``st.dataframe``, and ~0.2 s faster to show (no grid bundle to load on a page visit)."""
    st.table(frame.astype(object).where(frame.notna(), ""), hide_index=True)


def sources_list(source_ids: Sequence[str] | None, sources: pd.DataFrame, *, heading: bool = True) -> None:
    """The sources behind a page's figures, one line each with date, confidence and link."""
    if heading:
        st.subheader(t("common.sources"))
    st.markdown(provenance.source_lines(source_ids, sources, lang()))


def figure_text(low: object, high: object, qualifier: object = None, unit: str = "") -> str:
    return formatting.figure(
        formatting.scalar_float(low),
        formatting.scalar_float(high),
        lang(),
        qualifier=formatting.scalar_text(qualifier),
        unit=unit,
    )


def figure_rows(
    rows: pd.DataFrame, name_column: str, sources: pd.DataFrame, *, measure_prefix: str = "measure."
) -> pd.DataFrame:
    """Rows of a figure dataset (clusters, events, campuses, indicators) as a translated table."""
    return pd.DataFrame(
        {
            t("common.name"): rows[name_column],
            t("common.measure"): [t(f"{measure_prefix}{value}") for value in rows["measure"]],
            t("common.value"): [
                figure_text(low, high, qualifier, unit)
                for low, high, qualifier, unit in zip(
                    rows["value_low"], rows["value_high"], rows["qualifier"], rows["unit"], strict=True
                )
            ],
            t("common.claim_type"): [t(f"claim.{value}") for value in rows["claim_type"]],
            t("common.ref_date"): [formatting.ref_date(value, lang()) for value in rows["ref_date"]],
            t("common.confidence"): [
                t(f"confidence.{provenance.lowest_confidence([source], sources) or 'low'}")
                for source in rows["source_id"]
            ],
            t("common.note"): rows["note"],
        }
    ).reset_index(drop=True)


def hover_for(rows: pd.DataFrame, name_column: str, sources: pd.DataFrame) -> list[str]:
    """HTML-escaped tooltip per figure row: name, value, date, claim type and source."""
    return [
        f"<b>{formatting.html_escape(row[name_column])}</b><br>"
        f"{figure_text(row['value_low'], row['value_high'], row['qualifier'], row['unit'])}"
        f" · {t('claim.' + row['claim_type'])} · {formatting.ref_date(row['ref_date'], lang())}<br>"
        + formatting.html_escape(provenance.hover_lines([row["source_id"]], sources, lang()))
        for _, row in rows.iterrows()
    ]


def labeller(prefix: str) -> Callable[[str], str]:
    """A widget ``format_func`` for catalogue keys ``prefix + option`` in today's language.

    The language is captured now: Streamlit may call the function outside this script run
    (AppTest does), where the session's language cannot be looked up.
    """
    current = lang()
    return lambda option: translate(f"{prefix}{option}", current)
