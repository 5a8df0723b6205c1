"""Which sites may frame the dashboard, and the snippet an editor pastes into one."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import settings
from dashboard.present import embeds


def test_nothing_configured_means_only_the_dashboard_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.FRAME_ANCESTORS.name, raising=False)
    origins = embeds.allowed_origins()
    assert origins == ()
    assert embeds.frame_ancestors(origins) == "frame-ancestors 'self'"
    assert embeds.x_frame_options(origins) == "SAMEORIGIN"


def test_configured_sites_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.FRAME_ANCESTORS.name, "https://www.almere.nl, https://*.flevoland.nl")
    origins = embeds.allowed_origins()
    assert origins == ("https://www.almere.nl", "https://*.flevoland.nl")
    assert embeds.frame_ancestors(origins) == (
        "frame-ancestors 'self' https://www.almere.nl https://*.flevoland.nl"
    )
    assert embeds.x_frame_options(origins) is None  # it cannot name them; CSP browsers ignore it


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("https://www.almere.nl/", ("https://www.almere.nl",)),  # a trailing slash, as browsers show it
        ("HTTPS://WWW.Almere.NL", ("https://www.almere.nl",)),
        ("http://localhost:8600 'self'", ("http://localhost:8600",)),
        ("https://a.nl https://a.nl", ("https://a.nl",)),
        ("  ", ()),
    ],
)
def test_origins_are_normalised(configured: str, expected: tuple[str, ...]) -> None:
    assert embeds.allowed_origins(configured) == expected


@pytest.mark.parametrize(
    "configured",
    ["www.almere.nl", "https://www.almere.nl/nieuws", "https://www.almere.nl?x=1", "*", "ftp://almere.nl"],
)
def test_what_is_not_an_origin_is_refused_by_name(configured: str) -> None:
    with pytest.raises(embeds.FramingError, match="DASHBOARD_FRAME_ANCESTORS") as refused:
        embeds.allowed_origins(configured)
    assert repr(configured) in str(refused.value)


def test_the_embed_address_carries_the_chart_its_settings_and_language() -> None:
    url = embeds.embed_url(
        "https://dashboard.almere.nl/", "compare", {"regions": "GM0034,MRA", "per": "per_100k"}, "en"
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://dashboard.almere.nl/insluiten"
    assert parse_qs(parts.query) == {
        "embed": ["true"],
        "chart": ["compare"],
        "regions": ["GM0034,MRA"],
        "per": ["per_100k"],
        "lang": ["en"],
    }


class _Iframes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.found.append(dict(attrs))


def test_the_snippet_is_one_titled_iframe_whatever_the_title_holds() -> None:
    url = embeds.embed_url("https://d.example", "events", {"event": "a&b"}, "nl")
    title = 'Bezoekers "Dutch Tech" <script>alert(1)</script>'
    parser = _Iframes()
    parser.feed(embeds.iframe_snippet(url, title))
    assert len(parser.found) == 1
    iframe = parser.found[0]
    assert iframe["src"] == url
    assert iframe["title"] == title  # escaped in the attribute, read back whole
    assert iframe["height"] == str(embeds.SNIPPET_HEIGHT)
    assert iframe["loading"] == "lazy"
