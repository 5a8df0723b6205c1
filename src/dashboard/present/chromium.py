"""Whether this server can draw chart images, answered without importing the drawing stack.

Pages ask on every run (to grey out image downloads), so this must stay cheap: no kaleido,
python-pptx or Chromium start, only a look at what is installed.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Final

from dashboard import settings

CHROMIUM_NAMES: Final = ("chromium", "chromium-browser", "google-chrome", "chrome")


def available() -> bool:
    """Whether this server can draw chart images: kaleido importable and a Chromium found
    where kaleido looks (``BROWSER_PATH``, then ``PATH``). Cheap: pages ask on every run."""
    if importlib.util.find_spec("kaleido") is None:
        return False
    configured = settings.browser_path()
    if configured:
        return Path(configured).is_file()
    return any(shutil.which(name) for name in CHROMIUM_NAMES)
