"""The chart and map palettes as people with a colour-vision deficiency see them.

Each palette is passed through the Machado, Oliveira & Fernandes (2009) simulation of
protanopia, deuteranopia and tritanopia at severity 1.0 (full dichromacy, the worst case),
applied in linear RGB as the paper prescribes. Colours that can appear side by side must then
stay apart by a colour difference a reader sees at a glance, and the sequential map palette
must keep its light-to-dark order, since that order is what the legend means.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import pytest

from dashboard.charts import map_model, plotly_charts

Vector = tuple[float, float, float]
Matrix = tuple[Vector, Vector, Vector]

# Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color
# Vision Deficiency", IEEE TVCG 15(6), table of matrices, severity 1.0. Rows act on linear RGB.
MACHADO_2009: dict[str, Matrix] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
VISIONS = ("typical", *MACHADO_2009)

# ΔE*ab (CIE76) of 10: about four just-noticeable differences for large patches (JND ≈ 2.3,
# Sharma 2003). Chart marks are small (lines 3 px wide, 6 px markers, hatched range segments)
# and the smaller a mark, the larger the difference needed to tell two apart (Stone, Szafir &
# Setlur 2014, "An engineering model for color difference as a function of size"), so a margin
# of several JNDs is asked for: a difference seen at a glance, not found by comparing.
# CIEDE2000 is reported alongside in failure messages.
MIN_DELTA_E76 = 10.0
# Lightness steps of the 5-class sequential scale: each class at least this much darker than the
# one before (L* units), so the order is seen, not just monotonic in numbers.
MIN_LIGHTNESS_STEP = 5.0

# The most series any one chart draws in one colour each: plotly_charts.colour() cycles through the
# whole palette, and the compare page lets a reader pick any number of regions. Past len(PALETTE)
# colours repeat anyway, so every pair of the palette can meet on one chart.
CHART_COLOURS = plotly_charts.PALETTE
# The map's four point layers (data centres, campuses, events, clusters) take the first four.
MAP_LAYER_COLOURS = map_model.POINT_PALETTE[:4]
# Province fills are drawn at 75 % opacity over the map's white background (maps.py).
FILL_OPACITY = 0.75


def hex_to_rgb(colour: str) -> Vector:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def to_linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def simulate_linear(linear: Vector, vision: str) -> Vector:
    """Linear RGB as seen with ``vision``, clipped to the displayable range."""
    if vision == "typical":
        return linear
    matrix = MACHADO_2009[vision]
    r, g, b = (min(1.0, max(0.0, sum(m * v for m, v in zip(row, linear, strict=True)))) for row in matrix)
    return r, g, b


def simulate(colour: str, vision: str) -> Vector:
    r, g, b = (to_linear(v) for v in hex_to_rgb(colour))
    return simulate_linear((r, g, b), vision)


def blend(colour: str, opacity: float, background: str = map_model.BACKGROUND_COLOUR) -> str:
    """The colour a translucent fill shows over ``background`` (sRGB compositing, as browsers do)."""
    top, below = hex_to_rgb(colour), hex_to_rgb(background)
    mixed = (opacity * t + (1 - opacity) * b for t, b in zip(top, below, strict=True))
    return "#" + "".join(f"{round(v * 255):02x}" for v in mixed)


def lab(linear: Vector) -> Vector:
    """CIE L*a*b* (D65) of a linear sRGB colour."""
    r, g, b = linear
    x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b

    def f(t: float) -> float:
        return math.cbrt(t) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x / 0.95047), f(y / 1.0), f(z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e76(first: Vector, second: Vector) -> float:
    return math.dist(first, second)


def delta_e2000(first: Vector, second: Vector) -> float:
    """CIEDE2000 (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dh_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, c_bar_p = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * c_bar_p
    s_h = 1 + 0.015 * c_bar_p * t
    r_t = (
        -2
        * math.sqrt(c_bar_p**7 / (c_bar_p**7 + 25**7))
        * math.sin(math.radians(60 * math.exp(-(((h_bar - 275) / 25) ** 2))))
    )
    return math.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (dh_big / s_h) ** 2 + r_t * (dc / s_c) * (dh_big / s_h)
    )


def seen(colour: str, vision: str) -> Vector:
    return lab(simulate(colour, vision))


def pairs_too_close(colours: Sequence[str], vision: str) -> list[str]:
    close = []
    for first, second in itertools.combinations(colours, 2):
        a, b = seen(first, vision), seen(second, vision)
        if delta_e76(a, b) < MIN_DELTA_E76:
            close.append(
                f"{first}/{second}: ΔE76 {delta_e76(a, b):.1f}, ΔE2000 {delta_e2000(a, b):.1f} under {vision}"
            )
    return close


# --- the colour science itself, against published values ---------------------------------------


def test_delta_e2000_matches_sharmas_reference_pairs() -> None:
    # Sharma, Wu & Dalal (2005), test data pairs 1, 7 and 17.
    assert delta_e2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e2000((50.0, 0.0, 0.0), (50.0, -1.0, 2.0)) == pytest.approx(2.3669, abs=1e-4)
    assert delta_e2000((50.0, 2.5, 0.0), (73.0, 25.0, -18.0)) == pytest.approx(27.1492, abs=1e-4)


def test_lab_of_primaries_and_simulation_keeps_greys() -> None:
    assert lab(simulate("#ffffff", "typical")) == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert lab(simulate("#ff0000", "typical")) == pytest.approx((53.24, 80.09, 67.20), abs=0.02)
    for vision in MACHADO_2009:  # each matrix row sums to 1: neutral colours stay neutral
        grey = seen("#777777", vision)
        assert grey == pytest.approx(seen("#777777", "typical"), abs=0.05)


@pytest.mark.parametrize("vision", ["protanopia", "deuteranopia"])
def test_simulation_merges_colours_along_a_confusion_line(vision: str) -> None:
    """Full protan and deutan dichromacy loses one dimension of colour (a mistyped matrix entry
    would not): a grey and a colour that differs from it only along the lost direction look
    clearly different to typical eyes and the same in the simulation."""
    (a1, a2, a3), (b1, b2, b3), _ = MACHADO_2009[vision]
    lost = (a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1)  # orthogonal to two rows
    scale = max(abs(v) for v in lost)
    grey: Vector = (0.2, 0.2, 0.2)
    r, g, b = (v + 0.15 * d / scale for v, d in zip(grey, lost, strict=True))
    other: Vector = (r, g, b)
    assert delta_e76(lab(grey), lab(other)) > 15
    assert delta_e76(lab(simulate_linear(grey, vision)), lab(simulate_linear(other, vision))) < 0.01


# --- the palettes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("vision", VISIONS)
def test_chart_series_colours_stay_distinguishable(vision: str) -> None:
    assert not pairs_too_close(CHART_COLOURS, vision)


@pytest.mark.parametrize("vision", VISIONS)
def test_map_layer_colours_stay_distinguishable(vision: str) -> None:
    assert not pairs_too_close(MAP_LAYER_COLOURS, vision)


@pytest.mark.parametrize("opacity", [1.0, FILL_OPACITY], ids=["palette", "as-drawn-on-the-map"])
@pytest.mark.parametrize("vision", VISIONS)
def test_sequential_palette_stays_ordered_in_lightness(vision: str, opacity: float) -> None:
    colours = [blend(colour, opacity) for colour in map_model.SEQUENTIAL_PALETTE]
    lightness = [seen(colour, vision)[0] for colour in colours]
    steps = [before - after for before, after in itertools.pairwise(lightness)]
    assert min(steps) >= MIN_LIGHTNESS_STEP, f"L* {[round(v, 1) for v in lightness]} under {vision}"
    # Neighbouring classes, and "no value" grey against every class, stay apart too.
    unknown = blend(map_model.UNKNOWN_COLOUR, 0.6)
    assert not pairs_too_close([*colours, unknown], vision)
