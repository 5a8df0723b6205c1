"""The registry: every dataset declared once, with its schema and provenance.

Captions, the Sources page, the CLI, upload templates, the store's seed and the data
dictionary in ``data/README.md`` all read these entries; nothing else lists datasets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

import pandas as pd
import pandera.pandas as pa

from dashboard import settings
from dashboard.catalog import schemas
from dashboard.text.i18n import Language

CURATED_LICENCE: Final = (
    "CC BY 4.0 for this compilation; each figure remains the statement of the source it cites"
)


@dataclass(frozen=True)
class Dataset:
    """One curated dataset: where it lives, what a valid row is, and what it means."""

    key: str
    file: str
    schema: type[pa.DataFrameModel]
    title_nl: str
    title_en: str
    description_nl: str
    description_en: str
    licence: str = CURATED_LICENCE

    @property
    def path(self) -> Path:
        return settings.data_dir() / self.file

    @property
    def columns(self) -> list[str]:
        return schemas.column_order(self.schema)

    @property
    def primary_key(self) -> tuple[str, ...]:
        return schemas.primary_key(self.schema)

    def title(self, lang: Language) -> str:
        return self.title_nl if lang == "nl" else self.title_en

    def description(self, lang: Language) -> str:
        return self.description_nl if lang == "nl" else self.description_en

    def column_types(self) -> dict[str, str]:
        """pandas dtype per column, so a CSV is read as declared and never guessed.

        Guessing turns a year column with gaps into floats ("2021.0") and codes such as
        "0034" into numbers; reading by declared type avoids both.
        """
        columns = self.schema.to_schema().columns
        return {name: _pandas_dtype(str(columns[name].dtype)) for name in self.columns}

    def read_csv(self, source: str | Path | IO[str] | IO[bytes]) -> pd.DataFrame:
        """Read a UTF-8 CSV in this dataset's layout and validate it (raises on bad rows)."""
        frame = pd.read_csv(
            source,
            dtype=self.column_types(),
            keep_default_na=False,
            na_values=[""],
        )
        return self.validate(frame)

    def validate(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Validate every row at once; the result has the declared column order."""
        validated = self.schema.validate(frame, lazy=True)
        return validated[self.columns].reset_index(drop=True)

    def load_curated(self) -> pd.DataFrame:
        return self.read_csv(self.path)


def _pandas_dtype(pandera_dtype: str) -> str:
    if pandera_dtype.startswith("string") or pandera_dtype == "str":
        return "str"
    if pandera_dtype == "Int64":
        return "Int64"
    return "float64"


def _dataset(key: str, schema: type[pa.DataFrameModel], **text: str) -> Dataset:
    return Dataset(key=key, file=f"{key}.csv", schema=schema, **text)


DATASETS: Final[dict[str, Dataset]] = {
    dataset.key: dataset
    for dataset in (
        _dataset(
            "sources",
            schemas.SourceSchema,
            title_nl="Bronnen",
            title_en="Sources",
            description_nl="Elke publicatie waaruit een cijfer komt: titel, uitgever, adres, datum, taal, "
            "een kort citaat in de oorspronkelijke taal en hoe betrouwbaar de bron is.",
            description_en="Every publication a figure comes from: title, publisher, address, date, "
            "language, a short quote in the original language and how reliable it is.",
        ),
        _dataset(
            "regions",
            schemas.RegionSchema,
            title_nl="Regio's",
            title_en="Regions",
            description_nl="Landen, provincies (ISO 3166-2), gemeenten (CBS- en NIS-codes) en groeperingen "
            "zoals Noord-Nederland, met inwoners en oppervlakte voor normalisatie, elk met bron en datum.",
            description_en="Countries, provinces (ISO 3166-2), municipalities (CBS and NIS codes) and "
            "groupings such as Noord-Nederland, with population and area for normalisation, each "
            "with its source and date.",
        ),
        _dataset(
            "data_centres",
            schemas.DataCentreSchema,
            title_nl="Datacenters",
            title_en="Data centres",
            description_nl="Datacenterlocaties en aangekondigde projecten met status, ligging en, waar "
            "bekend, vermogen en oppervlakte. Een lege waarde betekent: niet gevonden.",
            description_en="Data-centre sites and announced projects with status, location and, where "
            "known, power and floor area. An empty value means: not found.",
        ),
        _dataset(
            "clusters",
            schemas.ClusterSchema,
            title_nl="Clusters",
            title_en="Clusters",
            description_nl="ICT- en techclusterorganisaties en hun aantal leden door de tijd.",
            description_en="ICT and tech cluster organisations and their member counts over time.",
        ),
        _dataset(
            "events",
            schemas.EventSchema,
            title_nl="Evenementen",
            title_en="Events",
            description_nl="Bezoekers- en handelsmissiecijfers van evenementen: verwachtingen, doelen, "
            "bijstellingen en werkelijke aantallen, elk gedateerd.",
            description_en="Visitor and trade-mission figures for events: forecasts, targets, revisions "
            "and actuals, each dated.",
        ),
        _dataset(
            "campuses",
            schemas.CampusSchema,
            title_nl="Campussen",
            title_en="Campuses",
            description_nl="Techcampussen: aantallen bedrijven en mensen, oppervlakte en doelen.",
            description_en="Tech campuses: numbers of companies and people, area and targets.",
        ),
        _dataset(
            "indicators",
            schemas.IndicatorSchema,
            title_nl="Indicatoren",
            title_en="Indicators",
            description_nl="Contextreeksen zoals het piekverkeer van AMS-IX en de datacentertellingen "
            "van de Dutch Data Center Association.",
            description_en="Context series such as AMS-IX peak traffic and the Dutch Data Center "
            "Association's data-centre counts.",
        ),
    )
}


def get(key: str) -> Dataset:
    """The dataset registered under ``key``; KeyError names the known keys."""
    try:
        return DATASETS[key]
    except KeyError:
        known = ", ".join(sorted(DATASETS))
        raise KeyError(f"unknown dataset {key!r}; known: {known}") from None
