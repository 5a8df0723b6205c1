"""The embed view (AppTest): one chart with its source and a link, no sidebar, in the
address's language; an address naming no chart says so; and the "Insluiten" popover under a
chart gives the snippet of that chart with what the editor must know."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest
from ui.apptest import open_page

from dashboard import settings
from dashboard.present import embeds

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_embed(query: dict[str, str]) -> AppTest:
    return open_page("embed", **query)


def markdown_text(app: AppTest) -> str:
    return "\n".join(element.value for element in app.markdown)


# Per language: the chart's title, how its source line starts, the link's text.
SEEN = {
    "nl": ("Datacenters in bedrijf, genoemd in de bronnen", "Bron:", "Open in het dashboard"),
    "en": ("Operating data centres named in the sources", "Source:", "Open in the dashboard"),
}


@pytest.mark.parametrize("lang", SEEN)
def test_the_embed_view_shows_one_chart_its_source_and_a_link(
    database_url: str, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    title, source, link = SEEN[lang]
    monkeypatch.setenv(settings.PUBLIC_URL.name, "https://dashboard.almere.nl")
    app = open_embed(
        {"chart": "compare", "regions": "GM0034,GM0363", "measure": "data_centres", "lang": lang}
    )
    assert [heading.value for heading in app.subheader] == [title]
    assert len(app.get("plotly_chart")) == 1
    assert any(caption.value.startswith(source) for caption in app.caption)
    assert len(app.sidebar) == 0  # no language switch, no navigation, no footer
    links = [line for line in markdown_text(app).splitlines() if link in line]
    assert len(links) == 1
    target = links[0].split("](", 1)[1].rstrip(")")
    parts = urlsplit(target)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://dashboard.almere.nl/vergelijk"
    assert parse_qs(parts.query)["regions"] == ["GM0034,GM0363"]
    assert parse_qs(parts.query)["lang"] == [lang]


def test_an_address_naming_no_known_chart_says_so(database_url: str) -> None:
    app = open_embed({"chart": "no-such-chart", "lang": "nl"})
    assert "noemt geen grafiek" in app.info[0].value
    assert not app.get("plotly_chart")


def snippets(app: AppTest) -> list[str]:
    return [code.value for code in app.code if code.value.startswith("<iframe")]


def open_compare(monkeypatch: pytest.MonkeyPatch, **environment: str) -> AppTest:
    for name in (settings.PUBLIC_URL.name, settings.FRAME_ANCESTORS.name):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return open_page("compare", lang="nl", regions="GM0034,GM0363")


def test_every_chart_on_a_page_offers_its_snippet_with_its_current_settings(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_compare(
        monkeypatch,
        **{
            settings.PUBLIC_URL.name: "https://dashboard.almere.nl",
            settings.FRAME_ANCESTORS.name: "https://www.almere.nl",
        },
    )
    found = snippets(app)
    assert len(found) == len(app.get("plotly_chart")) >= 1
    src = found[0].split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    query = parse_qs(urlsplit(src).query)
    assert src.startswith(f"https://dashboard.almere.nl/{embeds.EMBED_PATH}?embed=true&chart=compare")
    assert query["regions"] == ["GM0034,GM0363"]
    assert query["lang"] == ["nl"]
    assert any("https://www.almere.nl" in caption.value for caption in app.caption)
    assert not [warning for warning in app.warning if "DASHBOARD_FRAME_ANCESTORS" in warning.value]
    assert not [warning for warning in app.warning if "DASHBOARD_PUBLIC_URL" in warning.value]


def test_the_popover_warns_when_no_other_site_may_show_it_or_the_address_is_local(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_compare(monkeypatch)
    warnings = [warning.value for warning in app.warning]
    assert any("DASHBOARD_FRAME_ANCESTORS" in warning for warning in warnings)
    assert any("DASHBOARD_PUBLIC_URL" in warning and "127.0.0.1" in warning for warning in warnings)
