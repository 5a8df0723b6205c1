"""What an official meets first (issue 12, items 9-11 and 15): one linked table of the
headline figures, sources one click away and in the reader's language, bounded notes."""

from __future__ import annotations

import re

import pytest
from test_pages import open_page

from dashboard.text import i18n, provenance
from dashboard.text.i18n import catalogue

LINK = re.compile(r"\]\((/bronnen\?lang=(nl|en)&bron=([A-Za-z0-9_.%-]+))\)")


def _summary(app) -> str:  # type: ignore[no-untyped-def]
    tables = [block.value for block in app.markdown if block.value.startswith("| ")]
    assert len(tables) == 1, "the overview opens with exactly one table"
    return str(tables[0])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_overview_opens_with_one_table_of_regions_by_the_four_measures(
    lang: str, database_url: str
) -> None:
    app = open_page("overview", lang)
    texts = catalogue(lang)  # type: ignore[arg-type]
    # The table comes before any per-region detail.
    assert app.markdown[1].value.startswith("| ")
    table = _summary(app)
    rows = table.splitlines()
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert header == [
        texts["common.region"],
        *(
            texts[f"measure_short.{key}"]
            for key in ("data_centres", "cluster_members", "campus_companies", "event_visitors")
        ),
    ]
    names = {"nl": "Noord-Nederland", "en": "Northern Netherlands"}[lang]
    assert len(rows) == 2 + 5
    assert any(names in row for row in rows)
    # Unknown is said in words; each known value is a link to its source on the Sources page.
    assert f"*{texts['common.unknown']}*" in table
    links = LINK.findall(table)
    assert len(links) >= 8
    assert {found_lang for _, found_lang, _ in links} == {lang}
    almere = next(row for row in rows if row.startswith("| **Almere**"))
    thousands = {"nl": "685\\.189", "en": "685,189"}[lang]  # markdown-escaped as sent
    assert f"[{thousands}](/bronnen?lang={lang}&bron=" in almere  # Floriade's visitors


def test_a_caption_under_a_figure_links_each_source(database_url: str) -> None:
    app = open_page("overview", "nl")
    captions = [caption.value for caption in app.caption if caption.value.startswith("Bron: ")]
    assert captions
    assert all(LINK.search(caption) for caption in captions)


def test_no_text_asks_a_touch_screen_to_hover(database_url: str) -> None:
    for lang in ("nl", "en"):
        texts = " ".join(catalogue(lang).values())  # type: ignore[arg-type]
        assert not re.search(r"\bhover|beweeg over|tooltip", texts, re.IGNORECASE)


def test_a_bron_link_opens_the_sources_page_on_that_source(database_url: str) -> None:
    app = open_page("overview", "nl")
    _, _, source_id = LINK.findall(_summary(app))[0]
    sources_page = open_page("sources", "nl", bron=source_id)
    assert sources_page.subheader[0].value == "De bron van het cijfer dat u opende"
    lines = [block.value for block in sources_page.markdown if "· betrouwbaarheid:" in block.value]
    # The first list of sources on the page is the linked one, alone.
    assert lines[0].startswith("- **")
    assert lines[0].count("\n- ") == 0


def test_an_unknown_bron_says_so(database_url: str) -> None:
    app = open_page("sources", "en", bron="no-such-source")
    assert [warning.value for warning in app.warning] == [
        "Source ‘no-such-source’ is not (or no longer) in the list of sources."
    ]


def test_the_sources_can_be_narrowed_to_a_dataset_and_searched(database_url: str) -> None:
    app = open_page("sources", "nl")
    counts = [caption.value for caption in app.caption if "bronnen getoond" in caption.value]
    total = int(counts[0].split(" van de ")[1].split(" ")[0])
    assert counts == [f"{total} van de {total} bronnen getoond."]

    app.selectbox(key="sources.filter_dataset").set_value("clusters").run()
    shown = next(caption.value for caption in app.caption if "bronnen getoond" in caption.value)
    among = int(shown.split(" ")[0])
    assert 0 < among < total

    app.text_input(key="sources.search").input("Hassert").run()
    shown = next(caption.value for caption in app.caption if "bronnen getoond" in caption.value)
    assert shown == f"1 van de {total} bronnen getoond."
    listing = app.markdown[-1].value
    assert "Fred Hassert" in listing
    # The seed article names no publisher: said in Dutch, and its quote is labelled.
    assert "uitgever onbekend \\(niet vermeld in de brontekst\\)" in listing
    assert "*Citaat uit de bron (oorspronkelijke taal):* inmiddels telt" in listing


def test_the_dutch_sources_page_gives_the_projects_licence_in_dutch(database_url: str) -> None:
    app = open_page("sources", "nl")
    licences = app.table[2].value
    assert set(licences["Licentie"]) == {
        "CC BY 4.0 voor deze verzameling; elk cijfer blijft de uitspraak van de bron die het noemt"
    }


def test_site_notes_are_short_in_the_table_and_whole_on_demand(database_url: str) -> None:
    app = open_page("data_centres", "nl")
    sites = app.table[0].value
    assert sites["Toelichting"].str.len().max() <= 112
    assert sites["Toelichting"].str.endswith("…").any()
    folded = [expander for expander in app.expander if expander.label.startswith("Volledige toelichting")]
    assert len(folded) == 1
    whole = folded[0].markdown[0].value
    cut = next(note for note in sites["Toelichting"] if note.endswith("…"))
    assert provenance.escape_markdown(cut.removesuffix(" …")) in whole


def test_dutch_pages_give_units_in_dutch(database_url: str) -> None:
    app = open_page("clusters", "nl")
    values = [metric.value for metric in app.metric]
    assert "79 organisaties" in values
    assert not [value for value in values if "organisations" in value]


def test_an_empty_list_asks_in_dutch(database_url: str) -> None:
    app = open_page("scorecard", "nl")
    indicators = app.multiselect(key="indicators")
    assert indicators.proto.placeholder == "Kies een of meer"
    english = open_page("scorecard", "en")
    assert english.multiselect(key="indicators").proto.placeholder == "Choose one or more"


def test_the_dutch_sources_page_gives_the_projects_own_notes_in_dutch(database_url: str) -> None:
    dutch = open_page("sources", "nl")
    unknown, regions = dutch.table[0].value, dutch.table[1].value
    assert unknown["Toelichting"].iloc[0].startswith("Aantal leden niet gevonden")
    notes = dict(zip(regions["Code"], regions["Toelichting"], strict=True))
    assert notes["BE-VAN"] == (
        "Belgische provincie. Inwoners, oppervlakte en gemeenten niet in de bronnen: "
        "alleen Belgisch Limburg is in detail gemodelleerd."
    )
    # Figures keep their value, in Dutch notation.
    assert "222.825 inwoners op 1 januari 2023, landoppervlakte 129,18 km²" in notes["GM0034"]
    assert all(note.strip() for note in notes.values())
    english = open_page("sources", "en")
    assert dict(zip(english.table[1].value["Code"], english.table[1].value["Note"], strict=True))[
        "BE-VAN"
    ].startswith("Belgian province.")


def test_a_note_changed_by_an_analyst_is_shown_as_written_not_with_a_stale_translation() -> None:
    kept = (
        "Belgian province. Population, area and municipalities not in the sources: "
        "only Belgian Limburg is modelled in depth."
    )
    assert i18n.note(kept, "nl").startswith("Belgische provincie.")
    assert i18n.note(kept + " Checked 2026.", "nl") == kept + " Checked 2026."
    assert i18n.note(kept, "en") == kept
    assert i18n.note(None, "nl") is None
