"""Rewrite one benchmark's block of figures in bench/README.md, leaving the rest alone."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def write_block(name: str, lines: list[str], heading: str) -> str:
    """Put ``lines`` between ``<!-- bench:NAME:start/end -->``, adding the block once under
    ``heading`` if the README does not have it yet. Returns the block, for printing."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = "\n".join([start, *lines, end])
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    updated = (
        pattern.sub(lambda _: block, text) if pattern.search(text) else f"{text}\n{heading}\n\n{block}\n"
    )
    README.write_text(updated, encoding="utf-8")
    return block
