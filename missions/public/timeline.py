"""The geometry of the server-rendered SVG timeline on /decisions/: mission bars and decision marks.

Dates known only to a year or month span that whole period, so NTM-I (2004-2011) runs from the start
of 2004 to the end of 2011. A mission without an end runs to today.

Decisions are marked one dot per month (per year for those dated only to a year): a dot stands for
one decision, named in its tooltip, or for several, counted. The drawing and the query behind it
stay the same size however many decisions the record holds; the list under it names each one.

Time runs the way the page's language reads: left to right in English and French, right to left
in Arabic, where the earliest year is at the right. The drawing says its direction (``direction``
on the <svg>), so each label starts at its bar's start and reads on in the direction of time.
"""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Min, Value, When
from django.db.models.functions import TruncMonth
from django.utils import translation
from django.utils.translation import gettext, ngettext

from missions.dates import DatePrecision, PartialDate
from missions.languages import active_language, column
from missions.models import Decision

from .citing import NAME_COLUMNS
from .derived import DerivedTable
from .statements import converted, sql_of

WIDTH = 800
MARGIN = 24
BAR_Y = 28
BAR_HEIGHT = 28
ROW = 48
MAX_YEAR_LABELS = 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: int
    label: str
    label_x: float
    label_y: float
    ongoing: bool


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Period:
    """The decisions of one month (or, for those dated only to a year, of one year)."""

    when: PartialDate
    count: int
    first_name: str
    # The earliest date of its decisions: the date of its decision, when it has only one.
    first: PartialDate

    @property
    def shown(self):
        """The date its dot stands for: a lone decision's own, or the whole period's."""
        return self.first if self.count == 1 else self.when

    @property
    def position(self):
        """Where the dot goes: a lone decision at its own date, several at their period's start."""
        return self.shown.date

    @property
    def title(self):
        if self.count == 1:
            # Translators: a dot's tooltip on the timeline: a date and the decision of that date.
            return gettext("%(date)s: %(name)s") % {"date": self.shown, "name": self.first_name}
        return ngettext(
            "%(date)s: %(count)s decision", "%(date)s: %(count)s decisions", self.count
        ) % {"date": self.shown, "count": self.count}


def decision_periods():
    """The published decisions counted per period, oldest first (a year's before its first
    month's), from a table derived from the record (``derived``): counting every decision on
    each request cost PostgreSQL 5-7 ms of the timeline's 11-16 at 10,000 decisions. A lone
    decision is named in the page's language, or in English while it is untranslated."""
    name = _FIRST_NAMES.index(f"first_{column('name', active_language())}")
    rows = [
        (
            converted(_DATE, period),
            precision,
            count,
            names[name] or names[0],
            converted(_DATE, first),
            first_of,
        )
        for period, precision, count, *names, first, first_of in DECISION_PERIODS.read(
            f"SELECT {', '.join(DECISION_PERIODS.columns)} FROM {DECISION_PERIODS.name}",
            [],
            prepared=True,
        )
    ]
    rows.sort(key=lambda row: row[1], reverse=True)
    rows.sort(key=lambda row: row[0])
    return [
        Period(
            when=PartialDate(period, precision),
            count=count,
            first_name=first_name,
            first=PartialDate(first, first_of),
        )
        for period, precision, count, first_name, first, first_of in rows
    ]


def _period_counts(decisions):
    """The values query ``decision_periods`` reads the result of: a row per period of
    ``decisions``."""
    return (
        decisions.order_by()
        .annotate(
            # A date known only to its year is 1 January, so its month is its year's start.
            period=TruncMonth("date"),
            period_precision=Case(
                When(date_precision=DatePrecision.YEAR, then=Value(DatePrecision.YEAR.value)),
                default=Value(DatePrecision.MONTH.value),
                output_field=CharField(),
            ),
        )
        .values("period", "period_precision")
        .annotate(
            count=Count("pk"),
            # Its decision's name in each language, English first, when it has only one.
            **{f"first_{name}": Min(name) for name in NAME_COLUMNS},
            first_date=Min("date"),
            first_precision=Min("date_precision"),
        )
        .order_by()
    )


_FIRST_NAMES = tuple(f"first_{name}" for name in NAME_COLUMNS)
DECISION_PERIODS = DerivedTable(
    "missions_decision_period",
    (
        "period",
        "period_precision",
        "decision_count",
        *_FIRST_NAMES,
        "first_date",
        "first_precision",
    ),
    lambda: sql_of(_period_counts(Decision.objects.published())),
)
_DATE = Decision._meta.get_field("date")


@dataclass(frozen=True)
class Tick:
    x: float
    year: int
    labelled: bool
    y1: float
    y2: float
    label_y: float


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    axis_x1: float
    axis_x2: float
    axis_y: float
    bars: list
    marks: list
    ticks: list
    description: str
    # "ltr" or "rtl": which way time runs, and the way the drawing's text reads.
    direction: str = "ltr"


def build_timeline(missions, periods, today, *, right_to_left=None):
    """Lay out ``missions`` (with launch dates) as bars and decision ``periods`` as marks.

    Time runs right to left when ``right_to_left`` is true; by default, when the active language
    is written right to left (Arabic), as the page around the drawing is.
    """
    if right_to_left is None:
        right_to_left = translation.get_language_bidi()
    missions = [m for m in missions if m.launched or m.established]
    starts = [(m.launched or m.established).date for m in missions] + [p.when.date for p in periods]
    if not starts:
        return None
    first_year = min(starts).year
    last_year = max([today.year, *(p.when.date.year for p in periods)]) + 1
    start = datetime.date(first_year, 1, 1)
    span = (datetime.date(last_year, 1, 1) - start).days

    def x(day):
        along = (day - start).days / span * (WIDTH - 2 * MARGIN)
        return round(WIDTH - MARGIN - along if right_to_left else MARGIN + along, 1)

    bars = []
    for row, mission in enumerate(missions):
        begins = (mission.launched or mission.established).date
        ends = mission.ended.period.last if mission.ended else today
        y = BAR_Y + row * ROW
        width = max(round(abs(x(ends) - x(begins)), 1), 4)
        bars.append(
            Bar(
                # A bar begins at its left end in a left-to-right drawing, at its right end in a
                # right-to-left one; its label starts where it begins either way.
                x=round(x(begins) - width, 1) if right_to_left else x(begins),
                y=y,
                width=width,
                height=BAR_HEIGHT,
                label=f"{mission.acronym} {_period(mission)}",
                label_x=x(begins),
                label_y=y - 6,
                ongoing=mission.ended is None,
            )
        )
    marks_y = BAR_Y + len(missions) * ROW + 10
    marks = [Mark(x=x(p.position), y=marks_y, title=p.title) for p in periods]
    axis_y = marks_y + 22
    step = max(1, math.ceil((last_year - first_year) / MAX_YEAR_LABELS))
    ticks = [
        Tick(
            x=x(datetime.date(year, 1, 1)),
            year=year,
            labelled=(year - first_year) % step == 0,
            y1=axis_y,
            y2=axis_y + 5,
            label_y=axis_y + 20,
        )
        for year in range(first_year, last_year + 1)
    ]
    return Timeline(
        width=WIDTH,
        height=round(axis_y + 30),
        axis_x1=MARGIN,
        axis_x2=WIDTH - MARGIN,
        axis_y=axis_y,
        bars=bars,
        marks=marks,
        ticks=ticks,
        description=_describe(missions, periods),
        direction="rtl" if right_to_left else "ltr",
    )


def _period(mission):
    """A mission's life: '2004\u20132011', 'October 2018\u2013present'."""
    # Translators: what a mission still under way runs to, as in "October 2018 to present".
    ends = mission.ended or gettext("present")
    return f"{mission.launched or mission.established}\u2013{ends}"


def _describe(missions, periods):
    parts = [
        # Translators: a mission's life in the timeline's text alternative, e.g.
        # "NATO Mission Iraq (NMI): October 2018 to present" (with a dash).
        gettext("%(name)s (%(acronym)s): %(period)s.")
        % {"name": m.name, "acronym": m.acronym, "period": _period(m)}
        for m in missions
    ]
    if periods:
        count = sum(p.count for p in periods)
        parts.append(
            ngettext(
                "%(count)s decision marked, from %(first)s to %(last)s; "
                "the list below gives each one.",
                "%(count)s decisions marked, from %(first)s to %(last)s; "
                "the list below gives each one.",
                count,
            )
            % {"count": count, "first": periods[0].shown, "last": periods[-1].shown}
        )
    return " ".join(parts)
