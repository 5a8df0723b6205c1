"""What exists, as declarations only (see ../shared/design/REDESIGN.md §3)."""
