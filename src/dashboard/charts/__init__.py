"""Settings and frames in, what a page shows out; no streamlit (see ../shared/design/REDESIGN.md §3)."""
