"""Presentations as data: an ordered list of views with their settings, stored as TOML in
``presentations/``, and the pure builders that turn each view into a :class:`Slide`.

A slide's settings are exactly the URL parameters of its view, so a slide, a shared link
and a QR code all reopen the same thing.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

import pandas as pd
import tomli_w

from dashboard import formatting, geo, metrics, navigation, provenance, schemas
from dashboard.components import charts, maps
from dashboard.i18n import Language, t
from dashboard.slides import Slide

PRESENTATIONS_DIR: Final = Path(__file__).resolve().parents[2] / "presentations"
DEFAULT_PRESENTATION: Final = "default"


@dataclass(frozen=True)
class SlideSpec:
    view: str  # a page name from navigation.PAGES
    settings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Presentation:
    key: str
    title_nl: str
    title_en: str
    interval_s: int
    slides: tuple[SlideSpec, ...]

    def title(self, lang: Language) -> str:
        return self.title_nl if lang == "nl" else self.title_en

    def with_slide(self, spec: SlideSpec) -> Presentation:
        """This presentation with ``spec`` appended ("add to presentation")."""
        return replace(self, slides=(*self.slides, spec))


def loads(key: str, text: str) -> Presentation:
    raw = tomllib.loads(text)
    return Presentation(
        key=key,
        title_nl=str(raw["title_nl"]),
        title_en=str(raw["title_en"]),
        interval_s=int(raw.get("interval_s", 20)),
        slides=tuple(
            SlideSpec(str(slide["view"]), {str(k): str(v) for k, v in slide.get("settings", {}).items()})
            for slide in raw.get("slides", [])
        ),
    )


def dumps(presentation: Presentation) -> str:
    return tomli_w.dumps(
        {
            "title_nl": presentation.title_nl,
            "title_en": presentation.title_en,
            "interval_s": presentation.interval_s,
            "slides": [{"view": spec.view, "settings": dict(spec.settings)} for spec in presentation.slides],
        }
    )


def load(key: str = DEFAULT_PRESENTATION, folder: Path = PRESENTATIONS_DIR) -> Presentation:
    return loads(key, (folder / f"{key}.toml").read_text(encoding="utf-8"))


def available(folder: Path = PRESENTATIONS_DIR) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.toml"))


# --- Building slides --------------------------------------------------------------

Builder = Callable[[Mapping[str, str], metrics.Frames, Language], Slide]


def _source_line(source_ids: list[str], sources: pd.DataFrame, lang: Language, ref_date: str | None) -> str:
    return provenance.caption(source_ids, sources, lang, ref_date=ref_date, markdown=False)


def _page_url(view: str) -> str:
    return next(page.url for page in navigation.PAGES if page.name == view)


def _compare(settings: Mapping[str, str], frames: metrics.Frames, lang: Language) -> Slide:
    regions = frames["regions"]
    names = dict(zip(regions["region_id"], regions[f"name_{lang}"], strict=True))
    chosen = [region for region in settings.get("regions", "").split(",") if region in names]
    measure = settings.get("measure", "data_centres")
    per_capita = settings.get("per") == "per_100k"
    table = metrics.headline_table(frames, chosen, [measure])
    low, high = ("per_100k_low", "per_100k_high") if per_capita else ("low", "high")
    decimals = 1 if per_capita else None
    values = [
        formatting.figure(row[low], row[high], lang, qualifier=row["qualifier"], decimals=decimals)
        for _, row in table.iterrows()
    ]
    frame = pd.DataFrame(
        {
            "label": [names[region] for region in table["region_id"]],
            "low": table[low],
            "high": table[high],
            "hover": values,
        }
    )
    title = t(f"measure.{measure}", lang) + (f" {t('compare.per_100k_suffix', lang)}" if per_capita else "")
    source_ids = list(dict.fromkeys(source for ids in table["source_ids"] for source in ids))
    return Slide(
        title=title,
        figure=charts.range_bars(frame, lang, y_title=title, range_label=t("common.range", lang)),
        source_line=_source_line(
            source_ids, frames["sources"], lang, metrics.span(table["ref_date"].dropna())
        ),
        table=pd.DataFrame({t("common.region", lang): frame["label"], t("common.value", lang): values}),
        query=dict(settings),
        page=_page_url("compare"),
    )


def _events(settings: Mapping[str, str], frames: metrics.Frames, lang: Language) -> Slide:
    events = frames["events"]
    event_id = settings.get("event", str(events["event_id"].iloc[0]))
    measure = settings.get("event_measure", "visitors")
    rows = events[(events["event_id"] == event_id) & (events["measure"] == measure)]
    rows = rows.assign(
        hover=[
            formatting.figure(low, high, lang, qualifier=q)
            for low, high, q in zip(rows["value_low"], rows["value_high"], rows["qualifier"], strict=True)
        ]
    )
    name = str(rows["event_name"].iloc[0]) if not rows.empty else event_id
    labels = {claim: t(f"claim.{claim}", lang) for claim in schemas.CLAIM_TYPES}
    return Slide(
        title=f"{name}: {t(f'measure.{measure}', lang)}",
        figure=charts.claims_timeline(rows, lang, y_title=t(f"measure.{measure}", lang), claim_labels=labels),
        source_line=_source_line(
            list(rows["source_id"]), frames["sources"], lang, metrics.span(rows["ref_date"])
        ),
        table=_figure_table(rows, lang),
        query=dict(settings),
        page=_page_url("events"),
    )


def _clusters(settings: Mapping[str, str], frames: metrics.Frames, lang: Language) -> Slide:
    clusters = frames["clusters"]
    rows = clusters[clusters["measure"] == "member_organisations"]
    rows = rows.assign(
        hover=[
            formatting.figure(low, high, lang, qualifier=q)
            for low, high, q in zip(rows["value_low"], rows["value_high"], rows["qualifier"], strict=True)
        ]
    )
    series = metrics.time_series(rows, "cluster_id", "cluster_name", "member_organisations", keep=["hover"])
    known = rows[rows["value_low"].notna() | rows["value_high"].notna()]
    title = t("compare.members_over_time", lang)
    return Slide(
        title=title,
        figure=charts.time_series(
            series.assign(label=series["name"]),
            lang,
            y_title=t("measure.member_organisations", lang),
            x_title=t("common.year", lang),
        ),
        source_line=_source_line(
            list(known["source_id"]), frames["sources"], lang, metrics.span(known["ref_date"])
        ),
        table=_figure_table(known.rename(columns={"cluster_name": "event_name"}), lang),
        query=dict(settings),
        page=_page_url("clusters"),
    )


def _campuses(settings: Mapping[str, str], frames: metrics.Frames, lang: Language) -> Slide:
    campuses = frames["campuses"]
    measure = settings.get("campus_measure", "companies")
    latest = metrics.latest(campuses, "campus_id", measure)
    values = [
        formatting.figure(low, high, lang, qualifier=q)
        for low, high, q in zip(latest["value_low"], latest["value_high"], latest["qualifier"], strict=True)
    ]
    frame = pd.DataFrame(
        {
            "label": latest["campus_name"],
            "low": latest["value_low"],
            "high": latest["value_high"],
            "hover": values,
        }
    )
    title = f"{t('campuses.title', lang)}: {t(f'measure.{measure}', lang)}"
    return Slide(
        title=title,
        figure=charts.range_bars(
            frame, lang, y_title=t(f"measure.{measure}", lang), range_label=t("common.range", lang)
        ),
        source_line=_source_line(
            list(latest["source_id"]), frames["sources"], lang, metrics.span(latest["ref_date"])
        ),
        table=pd.DataFrame({t("common.name", lang): list(frame["label"]), t("common.value", lang): values}),
        query=dict(settings),
        page=_page_url("campuses"),
    )


def _map(settings: Mapping[str, str], frames: metrics.Frames, lang: Language) -> Slide:
    provinces = geo.load_provinces()
    ids = list(provinces["region_id"])
    table = metrics.headline_table(
        frames, [region for region in ids if region in set(frames["regions"]["region_id"])], ["data_centres"]
    ).set_index("region_id")
    values = {
        region: formatting.scalar_float(table.at[region, "low"]) if region in table.index else None
        for region in ids
    }
    legend = maps.classify(values.values())
    names = dict(zip(provinces["region_id"], provinces["name"], strict=True))
    hover = {region: f"{names[region]}: {formatting.number(values[region], lang)}" for region in ids}
    sites = frames["data_centres"].dropna(subset=["lat", "lon"])
    points = [
        (float(lat), float(lon), str(name))
        for lat, lon, name in zip(sites["lat"], sites["lon"], sites["name"], strict=True)
    ]
    layers = [(t("map.layer_data_centres", lang), maps.POINT_PALETTE[0], points)]
    title = f"{t('map.title', lang)}: {t('measure.data_centres', lang)}"
    return Slide(
        title=title,
        figure=charts.province_map(
            provinces, {r: legend.colour_for(v) for r, v in values.items()}, hover, layers, lang
        ),
        source_line=_source_line(
            list(sites["source_id"]), frames["sources"], lang, metrics.span(sites["ref_date"])
        ),
        table=pd.DataFrame(
            {
                t("common.region", lang): [names[r] for r in ids],
                t("common.value", lang): [formatting.number(values[r], lang) for r in ids],
            }
        ),
        query=dict(settings),
        page=_page_url("map"),
    )


def _figure_table(rows: pd.DataFrame, lang: Language) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("common.name", lang): rows["event_name"] if "event_name" in rows else rows.iloc[:, 0],
            t("common.value", lang): [
                formatting.figure(low, high, lang, qualifier=q)
                for low, high, q in zip(rows["value_low"], rows["value_high"], rows["qualifier"], strict=True)
            ],
            t("common.claim_type", lang): [t(f"claim.{claim}", lang) for claim in rows["claim_type"]],
            t("common.ref_date", lang): [formatting.ref_date(value, lang) for value in rows["ref_date"]],
        }
    ).reset_index(drop=True)


BUILDERS: Final[dict[str, Builder]] = {
    "compare": _compare,
    "events": _events,
    "clusters": _clusters,
    "campuses": _campuses,
    "map": _map,
}


def build(spec: SlideSpec, frames: metrics.Frames, lang: Language) -> Slide:
    """The slide for one view with its settings; KeyError names the views that can be slides."""
    if spec.view not in BUILDERS:
        raise KeyError(f"{spec.view!r} cannot be a slide; these can: {', '.join(sorted(BUILDERS))}")
    return BUILDERS[spec.view](spec.settings, frames, lang)
