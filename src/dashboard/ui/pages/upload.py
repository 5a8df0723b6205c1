"""Upload: an analyst's file -> report of every problem -> diff -> publish as a new version."""

from __future__ import annotations

import hashlib
from typing import Final

import pandas as pd
import streamlit as st

from dashboard.catalog import datasets
from dashboard.files import diff, downloads
from dashboard.files.upload import Problem, Report, configured_limits, read_upload, with_character_loss
from dashboard.store import StoreWriteError, VersionConflict
from dashboard.text import provenance
from dashboard.ui import url_state
from dashboard.ui.access import require_analyst
from dashboard.ui.blocks import dataset_choice, download_buttons, show_outcome, static_table
from dashboard.ui.data import current_versions, frames, get_store
from dashboard.ui.language import lang, t

PAGE: Final = "upload"
CHANGED_CELL_STYLE: Final = "background-color: #fde9b3; font-weight: 600"
# Cells whose characters the file's code page lost: the colour of st.error, not of a change.
LOST_CELL_STYLE: Final = "background-color: #ffd6d6; font-weight: 600; color: #7d1a1a"


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

    show_outcome(url_state.UPLOAD_OUTCOME)
    upload = st.file_uploader(
        t(f"{PAGE}.file"),
        type=["csv", "txt", "tsv", "xlsx"],
        key=f"{PAGE}.file.{dataset.key}.{st.session_state.get(url_state.UPLOAD_ROUND, 0)}",
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
        # Once per file, not on every rerun: a large upload takes seconds to compare cell by cell.
        report = with_character_loss(report, frame, store.load(dataset.key, current_version), dataset)
        remembered = ((digest, dataset.key), current_version, frame, report)
        st.session_state[url_state.UPLOAD_RESULT] = remembered
    _, based_on, frame, report = remembered

    _report(report)
    if frame is None:
        return
    based_on_frame = store.load(dataset.key, based_on)
    changes = diff.compare(based_on_frame, frame, dataset.primary_key)
    lost = report.character_loss
    confirmed = _character_loss(lost, report, digest)
    _diff(changes, dataset, lost_cells=_lost_cells(lost, frame, dataset))
    if changes.is_empty:
        st.info(t(f"{PAGE}.nothing_changed"))
        return
    st.text_input(t(f"{PAGE}.note"), key=url_state.UPLOAD_NOTE)
    st.button(
        t(f"{PAGE}.publish", version=based_on + 1 if based_on else 1),
        type="primary",
        disabled=not confirmed,
        on_click=_publish,
        args=(dataset.key, digest, upload.name, analyst),
    )


def _publish(key: str, digest: str, file_name: str, analyst: str) -> None:
    """Publish the file the page showed, on top of the version its diff was based on.

    A callback, not an ``if st.button(...)`` in the script: ``ui.callbacks.install`` makes a
    callback run to its end even when another request arrives meanwhile, where a click read
    during the script could be dropped (issue 14). The outcome waits in session state for
    the next run, and a published file leaves the uploader, so nothing invites a second click.
    """
    remembered = st.session_state.get(url_state.UPLOAD_RESULT)
    if not remembered or remembered[0] != (digest, key) or remembered[2] is None:
        # Not the file the analyst looked at (another tab, or the page was reset): publish nothing.
        st.session_state[url_state.UPLOAD_OUTCOME] = (False, t(f"{PAGE}.publish_stale"))
        return
    _, based_on, frame, _ = remembered
    try:
        info = get_store().publish(
            key,
            frame,
            user=analyst,
            based_on=based_on,
            file_name=file_name,
            sha256=digest,
            note=st.session_state.get(url_state.UPLOAD_NOTE) or None,
        )
    except VersionConflict as conflict:
        message = t(f"{PAGE}.conflict", based_on=conflict.based_on, current=conflict.current)
        st.session_state[url_state.UPLOAD_OUTCOME] = (False, message)
        return
    except StoreWriteError:
        st.session_state[url_state.UPLOAD_OUTCOME] = (False, t(f"{PAGE}.publish_failed"))
        return
    st.session_state.pop(url_state.UPLOAD_RESULT, None)
    st.session_state[url_state.UPLOAD_NOTE] = ""
    # A new key gives an empty uploader: the published file is done with.
    st.session_state[url_state.UPLOAD_ROUND] = st.session_state.get(url_state.UPLOAD_ROUND, 0) + 1
    st.session_state[url_state.UPLOAD_OUTCOME] = (
        True,
        t(f"{PAGE}.published", version=info.version, rows=info.row_count),
    )


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


def _character_loss(lost: tuple[Problem, ...], report: Report, digest: str) -> bool:
    """Warn about the cells that lost characters; whether publishing may go ahead.

    Nothing lost: yes. Otherwise only once the analyst ticks the box, which is new for every
    file (its key holds the file's hash), so a consent never carries over to another file.
    """
    if not lost:
        return True
    st.warning(t(f"{PAGE}.character_loss", count=len(lost), encoding=report.encoding or "?"))
    static_table(_problem_table(lost))
    return st.checkbox(t(f"{PAGE}.character_loss_confirm"), key=f"{PAGE}.character_loss.{digest}")


def _lost_cells(
    lost: tuple[Problem, ...], frame: pd.DataFrame, dataset: datasets.Dataset
) -> frozenset[tuple[tuple[object, ...], str]]:
    """The (primary key, column) of each cell that lost characters, to mark it in the diff."""
    keys = list(dataset.primary_key)
    found = set()
    for problem in lost:
        if problem.row is not None and problem.column is not None and problem.row - 2 in frame.index:
            found.add((tuple(frame.loc[problem.row - 2, keys]), problem.column))
    return frozenset(found)


def _problem_table(problems: tuple[Problem, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t(f"{PAGE}.row"): [problem.row if problem.row is not None else "" for problem in problems],
            t(f"{PAGE}.column"): [problem.column or "" for problem in problems],
            t(f"{PAGE}.value"): [problem.value or "" for problem in problems],
            t(f"{PAGE}.problem"): [problem.message(lang()) for problem in problems],
        }
    )


def _diff(
    changes: diff.Diff,
    dataset: datasets.Dataset,
    *,
    lost_cells: frozenset[tuple[tuple[object, ...], str]] = frozenset(),
) -> None:
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
        hint = t(f"{PAGE}.changed_hint") + (f"; {t(f'{PAGE}.character_loss_cell')}" if lost_cells else "")
        st.markdown(f"**{t(f'{PAGE}.changed')}** — {hint}")
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
        shown_names = ["_", *shown]  # the table's columns by dataset name, in its order

        # Each change is two table rows (before, after); mark the cells that differ in both,
        # and those that lost characters in red.
        def style(row: diff.ChangedRow, column: str) -> str:
            if (row.key, column) in lost_cells:
                return LOST_CELL_STYLE
            return CHANGED_CELL_STYLE if column in row.columns else ""

        highlight = pd.DataFrame(
            [[style(row, column) for column in shown_names] for row in changes.changed for _ in range(2)],
            index=table.index,
            columns=table.columns,
        )
        st.dataframe(table.style.apply(lambda _: highlight, axis=None), hide_index=True, width="stretch")
