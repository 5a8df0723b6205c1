"""What one upload may hold, and the limits the operator configured.

Each limit has its own problem code, so the analyst learns which one the file broke.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from dashboard import settings


@dataclass(frozen=True)
class Limits:
    """What one upload may hold; each limit has its own problem code."""

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 200_000
    max_columns: int = 100
    max_cell_chars: int = 10_000
    max_uncompressed_bytes: int = 200 * 1024 * 1024  # .xlsx zip bomb guard


DEFAULT_LIMITS: Final = Limits()


def configured_limits() -> Limits:
    """The limits an operator set: ``DASHBOARD_MAX_UPLOAD_MB`` and ``DASHBOARD_MAX_ROWS``.

    Streamlit's own ``server.maxUploadSize`` caps what reaches the app at all; keep it at
    least as large as ``DASHBOARD_MAX_UPLOAD_MB`` so the analyst gets the reader's message.
    """
    return replace(
        DEFAULT_LIMITS,
        max_bytes=int(settings.max_upload_mb() * 1024 * 1024),
        max_rows=settings.max_rows(),
    )
