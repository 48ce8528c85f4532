"""Arabic pages read right to left: the page says so, the stylesheet mirrors through logical
properties, and the SVG timeline runs from the right; French and English stay left to right.

Addresses come from ``reverse()`` under the language, so they follow the language's prefix.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from missions.models import Mission
from missions.public.timeline import build_timeline, decision_periods

STYLESHEET = Path(settings.BASE_DIR) / "missions/public/static/missions/site.css"


def get(client, name, language):
    """The page ``name`` in ``language``, asked for as a browser set to that language asks.

    The cache is emptied first, so that no language's stored page answers for another's at an
    address they share.
    """
    cache.clear()
    with translation.override(language):
        return client.get(reverse(name), headers={"accept-language": language})


def svg_of(response):
    return response.text.split("<svg", 1)[1].split("</svg>", 1)[0]


def mark_xs(svg):
    return [float(x) for x in re.findall(r'<circle class="decision" cx="([\d.]+)"', svg)]


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")])
def test_each_page_names_its_language_and_direction(client, seeded, language, direction):
    html = get(client, "public:decision-list", language).text
    assert re.search(rf'<html lang="{language}(-[a-z]+)?" dir="{direction}">', html)


def test_the_stylesheet_names_no_left_or_right():
    """Every side is inline-start or inline-end, so one stylesheet mirrors for Arabic."""
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.DOTALL)
    physical = re.findall(
        r"[\w-]*\b(?:left|right)\b[\w-]*\s*:[^;]*;|:\s*[^;]*\b(?:left|right)\b[^;]*;", css
    )
    assert physical == []
    assert "float" not in css
    # A four-value shorthand with a different right (second) and left (fourth) is a side too.
    lopsided = [
        values
        for values in re.findall(r"\b(?:margin|padding|inset)\s*:\s*([^;]+);", css)
        if len(values.split()) == 4 and values.split()[1] != values.split()[3]
    ]
    assert lopsided == []
    assert "inset-inline-start" in css


def test_the_arabic_timeline_runs_right_to_left(client, seeded):
    english = svg_of(get(client, "public:decision-list", "en"))
    arabic = svg_of(get(client, "public:decision-list", "ar"))
    assert 'direction="ltr"' in english
    assert 'direction="rtl"' in arabic
    # Earliest decision at the left in English, at the right in Arabic: the mirror image.
    english_xs, arabic_xs = mark_xs(english), mark_xs(arabic)
    assert english_xs == sorted(english_xs)
    assert arabic_xs == sorted(arabic_xs, reverse=True)
    assert arabic_xs == [round(800 - x, 1) for x in english_xs]
    years = [
        int(y)
        for y in re.findall(
            r'<text class="year" x="[\d.]+" y="[\d.]+" '
            r'text-anchor="middle">(\d{4})</text>',
            arabic,
        )
    ]
    xs = [float(x) for x in re.findall(r'<text class="year" x="([\d.]+)"', arabic)]
    assert years == sorted(years)
    assert xs == sorted(xs, reverse=True)


def test_the_arabic_timeline_labels_start_at_their_bars_start_and_read_leftwards(seeded):
    """A bar's label is anchored at its start, which in a right-to-left drawing is the bar's
    right end; with direction="rtl" the text reads on leftwards, along the bar, inside the
    drawing."""
    missions = Mission.objects.published().order_by("launched_on", "name_en")
    periods = decision_periods()
    today = datetime.date(2026, 1, 1)
    with translation.override("ar"):
        timeline = build_timeline(missions, periods, today)
    assert timeline.direction == "rtl"
    for bar in timeline.bars:
        assert bar.label_x == pytest.approx(bar.x + bar.width, abs=0.1)
    bars = {bar.label.split()[0]: bar for bar in timeline.bars}
    assert bars["NTM-I"].x > bars["NMI"].x  # 2004 at the right of 2018
    assert bars["NTM-I"].x + bars["NTM-I"].width == pytest.approx(800 - 24, abs=0.1)
    assert bars["NMI"].label.startswith("NMI أكتوبر 2018")


def test_the_timeline_speaks_the_page_language(client, seeded):
    french = svg_of(get(client, "public:decision-list", "fr"))
    assert "Chronologie des missions de l\u2019OTAN en Irak" in french
    assert "décisions indiquées, de juillet 2018 à août 2023" in french
    assert ">NMI octobre 2018\u2013aujourd\u2019hui</text>" in french
    arabic = svg_of(get(client, "public:decision-list", "ar"))
    assert "الخط الزمني لبعثات حلف شمال الأطلسي" in arabic
    assert "<title>أغسطس 2023: " in arabic
    assert "من يوليو 2018 إلى أغسطس 2023" in arabic


def test_coordinates_stay_numbers_in_french(client, seeded):
    """French writes 12,5 for readers; the drawing's coordinates must stay 12.5."""
    svg = svg_of(get(client, "public:decision-list", "fr"))
    assert not re.search(r'(?:x|cx|x1|x2|width)="[\d]+,\d', svg)
    assert mark_xs(svg) == mark_xs(svg_of(get(client, "public:decision-list", "en")))
