"""Provenance text: captions and source lists show data literally and link only to http(s)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.catalog import datasets
from dashboard.text import provenance

SOURCES = pd.DataFrame(
    {
        "source_id": ["a", "b", "c"],
        "title": ["<script>alert(1)</script> *bold*", "Floriade (ANP)", "Undated page"],
        "publisher": ["ANP", "nieuws.nl", "Trade blog"],
        "published": ["2022-10-09", "2022", None],
        "confidence": ["high", "medium", "low"],
        "quote": ["ruim 685.000 mensen", None, None],
        "url": ["https://example.org/a_(b)", "javascript:alert(1)", None],
    }
)


def test_source_lines_escape_markup_and_encode_link_targets() -> None:
    text = provenance.source_lines(["a"], SOURCES, "nl")
    assert "<script>" not in text
    assert "\\<script\\>" in text
    assert "\\*bold\\*" in text
    assert "(https://example.org/a_%28b%29)" in text
    # A quote is labelled as the source's own words, in its own language.
    assert "> *Citaat uit de bron (oorspronkelijke taal):* ruim 685\\.000 mensen" in text


def test_each_source_named_in_a_caption_links_to_it_on_the_sources_page() -> None:
    caption = provenance.caption(["a", "b"], SOURCES, "nl", ref_date="2022-10-09")
    assert caption.startswith("Bron: [ANP, 9 okt 2022](/bronnen?lang=nl&bron=a); [nieuws\\.nl, 2022]")
    assert "(/bronnen?lang=nl&bron=b)" in caption
    english = provenance.caption(["a"], SOURCES, "en")
    assert "(/bronnen?lang=en&bron=a)" in english
    # Slides and decks get plain text, without links.
    assert "](" not in provenance.caption(["a"], SOURCES, "nl", markdown=False)


def test_an_unstated_publisher_is_said_in_the_readers_language() -> None:
    sources = SOURCES.assign(publisher=["unknown", "nieuws.nl", "Trade blog"])
    assert provenance.short_name(sources.iloc[0], "nl") == (
        "uitgever onbekend (niet vermeld in de brontekst), 9 okt 2022"
    )
    assert provenance.short_name(sources.iloc[0], "en").startswith("publisher unknown")


def test_only_http_addresses_become_links() -> None:
    text = provenance.source_lines(["b"], SOURCES, "en")
    assert "javascript" not in text
    assert "](" not in text


def test_caption_names_the_weakest_confidence() -> None:
    caption = provenance.caption(["a", "c"], SOURCES, "en", ref_date="2022-10-09")
    assert "low (unverified)" in caption
    assert "ANP, 9 Oct 2022" in caption
    assert provenance.lowest_confidence(["a", "b"], SOURCES) == "medium"


def test_unknown_source_ids_are_skipped_not_invented() -> None:
    assert provenance.caption(["nope"], SOURCES, "nl") == "Geen bron vastgelegd"


def test_a_slide_names_a_few_sources_and_counts_the_rest() -> None:
    sources = datasets.DATASETS["sources"].load_curated()
    ids = list(sources["source_id"][:10])
    names = list(dict.fromkeys(provenance.short_name(row, "en") for _, row in sources.head(10).iterrows()))
    assert len(names) > 4
    full = provenance.caption(ids, sources, "en", markdown=False)
    short = provenance.caption(ids, sources, "en", markdown=False, limit=4)
    assert full.startswith("Source: " + "; ".join(names) + " · ")
    assert short.startswith(
        "Source: " + "; ".join(names[:4]) + f" and {len(names) - 4} more (see Sources & method)"
    )
    assert short.split(" · ")[1:] == full.split(" · ")[1:]  # date and confidence as before


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[klik](javascript:alert(1))", "\\[klik\\](javascript:alert(1))"),  # no link
        (
            "**vet** _schuin_ `code` ~~weg~~ $x$",
            "\\*\\*vet\\*\\* \\_schuin\\_ \\`code\\` \\~\\~weg\\~\\~ \\$x\\$",
        ),
        ("- geen opsomming", "\\- geen opsomming"),
        ("1. geen lijst", "1\\. geen lijst"),
        ("# geen kop", "\\# geen kop"),
        ("Almere (1 jan 2022; bron: CBS)", "Almere (1 jan 2022; bron: CBS)"),  # readable text untouched
    ],
)
def test_a_line_of_text_is_literal_markdown(text: str, shown: str) -> None:
    assert provenance.escape_line(text) == shown
