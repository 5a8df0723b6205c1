"""History: every version of a dataset with its audit row; view, download, roll back."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from dashboard.store import VersionConflict
from dashboard.views import state
from dashboard.views.access import require_analyst
from dashboard.views.common import get_store, static_table, t
from dashboard.views.upload import dataset_choice, downloads

PAGE: Final = "history"


def render() -> None:
    analyst = require_analyst()
    st.title(t(f"{PAGE}.title"))
    st.markdown(t(f"{PAGE}.intro"))
    dataset = dataset_choice(state.HISTORY_DATASET)
    store = get_store()
    entries = store.history(dataset.key)
    static_table(
        pd.DataFrame(
            {
                t(f"{PAGE}.version"): [entry.version for entry in entries],
                t(f"{PAGE}.when"): [f"{entry.created_at:%Y-%m-%d %H:%M} UTC" for entry in entries],
                t(f"{PAGE}.who"): [entry.created_by for entry in entries],
                t(f"{PAGE}.origin"): [t(f"{PAGE}.origin_{entry.origin}") for entry in entries],
                t(f"{PAGE}.file"): [entry.file_name or "" for entry in entries],
                t(f"{PAGE}.rows"): [entry.row_count for entry in entries],
                "sha256": [entry.sha256[:12] for entry in entries],
                t(f"{PAGE}.note"): [entry.note or "" for entry in entries],
            }
        )
    )
    versions = [entry.version for entry in entries]
    chosen = st.selectbox(t(f"{PAGE}.pick"), versions, key=f"{state.HISTORY_VERSION}.{dataset.key}")
    if chosen is None:
        return
    frame = store.load(dataset.key, chosen)
    downloads(dataset, frame, stem=f"{dataset.key}-v{chosen}", label=t(f"{PAGE}.download"))
    with st.expander(t(f"{PAGE}.view", version=chosen)):
        st.dataframe(frame, hide_index=True, width="stretch")
    current = versions[0]
    if chosen == current:
        st.caption(t(f"{PAGE}.is_current"))
        return
    confirmed = st.checkbox(t(f"{PAGE}.confirm", version=chosen, next=current + 1), key=f"{PAGE}.confirm")
    if st.button(t(f"{PAGE}.rollback", version=chosen), disabled=not confirmed):
        try:
            info = store.rollback(dataset.key, chosen, user=analyst)
        except VersionConflict as conflict:
            st.error(t("upload.conflict", based_on=conflict.based_on, current=conflict.current))
            return
        st.success(t(f"{PAGE}.rolled_back", version=chosen, new=info.version))
