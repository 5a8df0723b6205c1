"""Upload: an analyst's file -> report of every problem -> diff -> publish as a new version."""

from __future__ import annotations

import hashlib
from typing import Final

import pandas as pd
import streamlit as st

from dashboard.catalog import datasets
from dashboard.files import diff, downloads
from dashboard.files.upload import Problem, Report, configured_limits, read_upload
from dashboard.store import StoreWriteError, VersionConflict
from dashboard.text import provenance
from dashboard.ui import url_state
from dashboard.ui.access import require_analyst
from dashboard.ui.blocks import dataset_choice, download_buttons, static_table
from dashboard.ui.data import current_versions, frames, get_store
from dashboard.ui.language import lang, t

PAGE: Final = "upload"
CHANGED_CELL_STYLE: Final = "background-color: #fde9b3; font-weight: 600"


def render() -> None:
    analyst = require_analyst(PAGE)
    st.title(t(f"{PAGE}.title"))
    st.markdown(t(f"{PAGE}.intro"))
    dataset = dataset_choice(url_state.UPLOAD_DATASET)
    store = get_store()
    current = frames(dataset.key)[dataset.key]
    current_version = current_versions(dataset.key)[dataset.key]

    with st.expander(t(f"{PAGE}.downloads")):
        download_buttons(
            dataset, downloads.template(dataset), stem=f"{dataset.key}-template", label=t(f"{PAGE}.template")
        )
        download_buttons(
            dataset, current, stem=f"{dataset.key}-v{current_version}", label=t(f"{PAGE}.current")
        )

    upload = st.file_uploader(
        t(f"{PAGE}.file"), type=["csv", "txt", "tsv", "xlsx"], key=f"{PAGE}.file.{dataset.key}"
    )
    if upload is None:
        return
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    remembered = st.session_state.get(url_state.UPLOAD_RESULT)
    if not remembered or remembered[0] != (digest, dataset.key):
        # The version the analyst's diff is based on is fixed when the file is read; a
        # publish by someone else after that is a conflict, not silently overwritten.
        frame, report = read_upload(data, upload.name, dataset, limits=configured_limits())
        remembered = ((digest, dataset.key), current_version, frame, report)
        st.session_state[url_state.UPLOAD_RESULT] = remembered
    _, based_on, frame, report = remembered

    _report(report)
    if frame is None:
        return
    based_on_frame = store.load(dataset.key, based_on)
    changes = diff.compare(based_on_frame, frame, dataset.primary_key)
    _diff(changes, dataset)
    if changes.is_empty:
        st.info(t(f"{PAGE}.nothing_changed"))
        return
    note = st.text_input(t(f"{PAGE}.note"), key=url_state.UPLOAD_NOTE)
    if st.button(t(f"{PAGE}.publish", version=based_on + 1 if based_on else 1), type="primary"):
        try:
            info = store.publish(
                dataset.key,
                frame,
                user=analyst,
                based_on=based_on,
                file_name=upload.name,
                sha256=digest,
                note=note or None,
            )
        except VersionConflict as conflict:
            st.error(t(f"{PAGE}.conflict", based_on=conflict.based_on, current=conflict.current))
            return
        except StoreWriteError:
            st.error(t(f"{PAGE}.publish_failed"))
            return
        st.session_state.pop(url_state.UPLOAD_RESULT, None)
        st.success(t(f"{PAGE}.published", version=info.version, rows=info.row_count))


def _report(report: Report) -> None:
    st.subheader(t(f"{PAGE}.report"))
    st.caption(
        t(
            f"{PAGE}.detected",
            rows=report.rows,
            encoding=report.encoding or "?",
            delimiter={"\t": "tab", None: "—"}.get(report.delimiter, report.delimiter or "—"),
            decimal=report.decimal or "—",
        )
    )
    if report.ok:
        st.success(t(f"{PAGE}.valid", rows=report.rows))
    else:
        st.error(t(f"{PAGE}.invalid", count=len(report.problems)))
        static_table(_problem_table(report.problems))
    if report.warnings:
        # Warnings quote the file's own headers; a header is text, never a markdown link.
        messages = (provenance.escape_line(problem.message(lang())) for problem in report.warnings)
        st.warning("\n\n".join(messages))


def _problem_table(problems: tuple[Problem, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t(f"{PAGE}.row"): [problem.row if problem.row is not None else "" for problem in problems],
            t(f"{PAGE}.column"): [problem.column or "" for problem in problems],
            t(f"{PAGE}.value"): [problem.value or "" for problem in problems],
            t(f"{PAGE}.problem"): [problem.message(lang()) for problem in problems],
        }
    )


def _diff(changes: diff.Diff, dataset: datasets.Dataset) -> None:
    st.subheader(t(f"{PAGE}.changes"))
    counts = changes.counts()
    columns = st.columns(4)
    for column, name in zip(columns, ("added", "removed", "changed", "unchanged"), strict=True):
        column.metric(t(f"{PAGE}.{name}"), counts[name])
    # Analyst pages may use the scrollable grid: these tables are wide, and speed matters less here.
    if not changes.added.empty:
        st.markdown(f"**{t(f'{PAGE}.added')}**")
        st.dataframe(diff.readable(changes.added, lang()), hide_index=True, width="stretch")
    if not changes.removed.empty:
        st.markdown(f"**{t(f'{PAGE}.removed')}**")
        st.dataframe(diff.readable(changes.removed, lang()), hide_index=True, width="stretch")
    if changes.changed:
        st.markdown(f"**{t(f'{PAGE}.changed')}** — {t(f'{PAGE}.changed_hint')}")
        rows = []
        for row in changes.changed:
            rows.append({**row.before, "_": t(f"{PAGE}.before")})
            rows.append({**row.after, "_": t(f"{PAGE}.after")})
        # The key and only the columns that changed somewhere: the change is visible at a glance.
        touched = {column for row in changes.changed for column in row.columns}
        shown = [
            *dataset.primary_key,
            *(c for c in dataset.columns if c in touched and c not in dataset.primary_key),
        ]
        table = diff.readable(pd.DataFrame(rows, columns=["_", *shown]), lang(), keep=["_"])
        table = table.rename(columns={"_": ""})
        # Each change is two table rows (before, after); mark the cells that differ in both.
        highlight = pd.DataFrame(
            [
                ["" if column not in row.columns else CHANGED_CELL_STYLE for column in table.columns]
                for row in changes.changed
                for _ in range(2)
            ],
            index=table.index,
            columns=table.columns,
        )
        st.dataframe(table.style.apply(lambda _: highlight, axis=None), hide_index=True, width="stretch")
