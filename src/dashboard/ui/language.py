"""The visitor's language and the translation shorthand every page, block and cache uses.

Its own module, not part of ``blocks`` or ``data``: both of those (and every page) need
``lang()`` and ``t()``, and data access should not import rendering code to learn which
language the URL asks for. It depends on ``url_state`` only.
"""

from __future__ import annotations

from dashboard.text.i18n import Language
from dashboard.text.i18n import t as translate
from dashboard.ui import url_state


def lang() -> Language:
    """The language this session shows (from the URL's ``lang=``)."""
    return url_state.language()


def t(key: str, /, **values: object) -> str:
    """The catalogue text for ``key`` in this session's language."""
    return translate(key, lang(), **values)
