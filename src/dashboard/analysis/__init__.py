"""Pure comparisons: frames in, values and frames out (see ../shared/design/REDESIGN.md §3)."""
