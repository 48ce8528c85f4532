"""What the public templates call to write a page's parts: numbered source footnotes, texts in
the page's language, dates at their precision, lists of records, JSON-LD.

Footnotes: a page's ``Footnotes`` (made by the view) numbers each quoted source sentence once, in
the order the page first cites it. ``{{ cite(record, text) }}`` marks the sentences of ``record``
that support ``text``; ``{{ cite_rest(record) }}`` marks those the page has not yet attached to
any of the record's texts, so every citation of every record shown is numbered somewhere
(``further_sources(record)`` does the same as a phrase: "sources 5, 8 and 12");
templates/public/includes/footnotes.html then lists the quoted sentences
(``footnote_items()``), each linked to its sentence on its source's page.

A function taking the page's ``context`` (Jinja2's, ``pass_context``) reads its ``footnotes``.
Values are escaped as Django escapes them (``escaped``), as the templates escape theirs
(``templating.environment``), and a message's values as its ``{% trans %}`` escapes them.
"""

import itertools
import json
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language, get_language_bidi, ngettext, pgettext
from django.utils.translation import gettext as _
from jinja2 import pass_context

from missions.addresses import view_address
from missions.dates import DatePrecision, PartialDate
from missions.languages import (
    ORIGINAL,
    TranslatedText,
    active_language,
    column,
    is_translated,
    text_in,
)
from missions.models import Decision, if_public

from ..escaping import escaped
from ..footnotes import supports

# A site part's HTML by (part, section, language, script prefix): see ``site_part``.
_SITE_PARTS = {}

# Escapes that keep JSON inside <script type="application/ld+json"> from closing the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _references(footnotes, numbers):
    """The footnote references ``numbers`` (ints, which need no escaping): written whole, as a
    page has dozens of them, their label translated once for the page (``Footnotes``)."""
    if not numbers:
        return ""
    label = footnotes.reference_label
    links = ", ".join(
        f'<a href="#note-{number}" class="note-ref"><span class="visually-hidden">{label} '
        f"</span>{number}</a>"
        for number in numbers
    )
    return mark_safe(f'<sup class="note-refs">{links}</sup>')  # the label escaped there


@pass_context
def cite(context, record, text=None):
    """Footnote references for the sources of ``record`` that support ``text`` (all of the
    record's sources when no text is given)."""
    footnotes = context.get("footnotes")
    if footnotes is None or record is None:
        return ""
    citations = record.quotes
    if text is not None:
        citations = [c for c in citations if supports(c.text, text)]
    return _references(footnotes, footnotes.attach(record, citations))


@pass_context
def cite_rest(context, record):
    """Footnote references for the sources of ``record`` not yet cited next to one of its texts."""
    footnotes = context.get("footnotes")
    if footnotes is None:
        return ""
    return _references(footnotes, footnotes.attach(record, footnotes.unattached(record)))


@pass_context
def further_sources(context, record):
    """The sources of ``record`` not yet cited next to one of its texts, as a phrase that reads
    in a sentence, its notes in order: "sources 5, 8 and 12" (nothing when there are none)."""
    footnotes = context.get("footnotes")
    if footnotes is None:
        return ""
    numbers = sorted(footnotes.attach(record, footnotes.unattached(record)))
    if not numbers:
        return ""
    links = [format_html('<a href="#note-{0}" class="note-ref">{0}</a>', n) for n in numbers]
    listed = (
        links[0]
        if len(links) == 1
        else format_html(
            "{}{}{}",
            mark_safe(escape(pgettext("between items of a list", ", ")).join(links[:-1])),
            pgettext("between the last two of a list", " and "),
            links[-1],  # each escaped above
        )
    )
    phrase = ngettext("source %(notes)s", "sources %(notes)s", len(links))
    return mark_safe(escape(phrase) % {"notes": listed})  # the phrase escaped, the links above


@pass_context
def footnote_items(context):
    """The page's numbered source sentences (``footnotes`` of its context), each a
    ``footnote``, for templates/public/includes/footnotes.html; what they say of a source is
    worked out once for all its sentences (``_source_parts``), the messages and the page's
    language once for all the footnotes."""
    notes = context.get("footnotes")
    citations = notes.citations if notes else []
    sources = {}
    writing = (_("%(title)s, sentence %(number)s"), _("Translated by the editors:"))
    language = active_language()
    # Each note on a line of its own, as a loop over them wrote them, joined here once.
    return mark_safe(  # each note escaped by ``footnote``
        "".join(
            f"\n    {footnote(number, quote, sources, writing, language)}\n    "
            for number, quote in enumerate(citations, 1)
        )
    )


def footnote(number, quote, sources, writing, language):
    """The ``number``th footnote: the quoted sentence (in its source's language), the editors'
    translation of it into ``language``, and its source, named, dated and linked to the
    sentence on the source's page (``sources``: each source's parts by key, filled as they are
    first needed). Written here rather than as a template's loop, which spent a dozen tags on
    each of a page's footnotes: a tenth of a record's page (bench/README.md). Messages
    (``writing``: the source's sentence and the translation's label, translated) are filled in
    as a template's ``{% trans %}`` fills them in: the values escaped, the translation as it is."""
    source = quote.source
    if source.pk not in sources:
        sources[source.pk] = _source_parts(source)
    address, title, lang, tail = sources[source.pk]
    sentence, translated_by = writing
    named = sentence % {"title": title, "number": quote.number}
    if address:
        named = f'<a href="{address}#s{quote.number}">{named}</a>'
    translation = quote.translations.get(language, "")
    if translation:
        translation = (
            f' <span class="translation">{escaped(translated_by)} <q>{escaped(translation)}</q>'
            "</span>"
        )
    return mark_safe(  # the text, title, translation and address escaped; the rest the functions'
        f'<li id="note-{number}"><q{lang}>{escaped(quote.text)}</q>{translation} '
        f'<span class="source">{named}{tail}</span></li>'
    )


def _source_parts(source):
    """What every footnote quoting ``source`` says of it: the address of its page (empty for a
    draft, which is never linked), its title, the ``lang`` attribute of its sentences, and the
    rest after its name: publisher, date and original, as HTML."""
    title = escape(source.title)
    address = escape(source.get_absolute_url()) if if_public(source) else ""
    tail = []
    if source.publisher:
        separator = pgettext("between the parts of a footnote", "; ")
        tail.append(format_html("{}{}", separator, source.publisher))
    if source.published:
        separator = pgettext("between items of a list", ", ")
        tail.append(format_html("{}{}", separator, partial_date(source.published)))
    tail.append(".")
    if source.url:
        original = _('Original<span class="visually-hidden"> of %(title)s</span>')
        tail.append(
            format_html(
                ' <a href="{}" rel="external">{}</a>.',
                source.url,
                mark_safe(original % {"title": title}),
            )
        )
    return address, title, lang_unless_page(source.language), "".join(tail)


@pass_context
def decision_items(context, decisions, who=False):
    """The list item of each of ``decisions`` (on the timeline, a mission's page, the
    overview): its name linked, its date and who decided it (with ``who``: "decided by ...,
    asked by ..."), and its summary with its sources. Written here rather than as a template's
    loop, which spent 180 µs on each of the timeline's 50 decisions a page (bench/README.md);
    the same bytes, the values escaped and messages filled in as ``{% trans %}`` fills them
    in."""
    return mark_safe("".join(_decision_items(context, list(decisions), who)))  # escaped there


@pass_context
def decision_years(context, decisions):
    """The timeline's ``decisions`` (in date order) in a section for each year, each year's
    list written by ``decision_items`` with who decided: what a regroup by year and a loop over
    the years wrote, with the decisions' messages, language and addresses read once for all
    the years rather than once a year."""
    decisions = list(decisions)
    items = zip(decisions, _decision_items(context, decisions, who=True), strict=True)
    sections = [
        f'\n<section class="year" aria-labelledby="year-{year}">\n  <h2 id="year-{year}">{year}'
        f'</h2>\n  <ol class="records">\n    {"".join(item for _, item in year_items)}\n  </ol>'
        "\n</section>\n"
        for year, year_items in itertools.groupby(items, key=lambda pair: pair[0].date.year)
    ]
    return mark_safe("".join(sections))  # each item escaped by _decision_items, years numbers


def _decision_items(context, decisions, who):
    """The list item of each of ``decisions``, as ``decision_items`` writes them."""
    language = active_language()  # once for all the decisions' texts, as are the messages
    decided_by, asked_by = _("decided by %(name)s"), _("asked by %(name)s")
    items = []
    for decision, address in zip(decisions, Decision.addresses(decisions), strict=True):
        meta = [partial_date(decision.when)]
        body = if_public(decision.decided_by)
        if body:
            name = escaped(translated(body, "name", language))
            meta.append(" · " + (decided_by % {"name": name} if who else name))
        asker = if_public(decision.requested_by) if who else None
        if asker:
            name = escaped(translated(asker, "name", language))
            meta.append(" · " + asked_by % {"name": name})
        address = escaped(address)
        name = escaped(translated(decision, "name", language))
        summary = escaped(translated(decision, "summary", language))
        notes = cite(context, decision, decision.summary_en)  # the function's own HTML
        note = untranslated(decision, "name", "summary", language=language)  # likewise
        items.append(
            f'\n    <li>\n      <h3><a href="{address}">{name}</a></h3>\n      <p class="meta">'
            f"{''.join(meta)}</p>\n      <p>{summary}{notes}{note}</p>\n    </li>\n    "
        )
    return items


@pass_context
def principle_items(context, principles):
    """The list item of each of a mission's ``principles``: its name, its statement and their
    sources. Written here rather than as a template's loop, as are the lists below: the mission
    page's five lists took a quarter of its render (bench/README.md); the same bytes, the values
    escaped as ``{{ }}`` escapes them."""
    language = active_language()
    return mark_safe(  # each value escaped, each function's own HTML
        "".join(
            f'\n    <li id="principle-{escaped(principle.slug)}"><strong>'
            f"{escaped(translated(principle, 'name', language))}.</strong> "
            f"{escaped(translated(principle, 'statement', language))}{cite(context, principle)}"
            f"{untranslated(principle, 'name', 'statement', language=language)}</li>\n    "
            for principle in principles
        )
    )


@pass_context
def focus_area_items(context, areas, anchored=False):
    """The list item of each of a mission's focus ``areas``: its name, its description and
    their sources; with ``anchored``, each item's id (``focus-`` and its slug)."""
    language = active_language()
    items = []
    for area in areas:
        anchor = f' id="focus-{escaped(area.slug)}"' if anchored else ""
        description = ""
        if area.description:
            description = f": {escaped(translated(area, 'description', language))}"
        items.append(
            f"\n    <li{anchor}>{escaped(translated(area, 'name', language))}{description}"
            f"{cite(context, area)}{untranslated(area, 'name', 'description', language=language)}"
            "</li>\n    "
        )
    return mark_safe("".join(items))  # each value escaped, each function's own HTML


@pass_context
def linked_items(context, records, cited=None):
    """The list item of each of ``records`` (a mission's institutions or partners): its name
    linked to its page; with ``cited`` (a text's name, as "engagement"), the sources of that
    text after it."""
    language = active_language()
    items = []
    for record in records:
        notes = cite(context, record, getattr(record, column(cited, ORIGINAL))) if cited else ""
        items.append(
            f'\n    <li><a href="{escaped(record.get_absolute_url())}">'
            f"{escaped(translated(record, 'name', language))}</a>{notes}</li>\n    "
        )
    return mark_safe("".join(items))  # each value escaped, each function's own HTML


@pass_context
def key_fact_items(context, facts):
    """The list item of each of a mission's key ``facts``: its figure and when, its statement
    and its sources."""
    language = active_language()
    items = []
    for fact in facts:
        figure = ""
        if fact.figure:
            when = f' <span class="meta">({partial_date(fact.when)})</span>' if fact.when else ""
            figure = f'<p class="figure">{escaped(fact.figure)}{when}</p>'
        items.append(
            f'\n    <li id="fact-{escaped(fact.slug)}">\n      {figure}\n      <p>'
            f"{escaped(translated(fact, 'statement', language))}{cite(context, fact)}"
            f"{untranslated(fact, 'name', 'statement', language=language)}</p>\n    </li>\n    "
        )
    return mark_safe("".join(items))  # each value escaped, each function's own HTML


def institution_since(institution):
    """Since when a mission has advised ``institution``, after its kind: the decision that
    brought it in ("Since July 2018, by the decision ..."), or without one the missions
    advising it, each with its launch; nothing when there is none of these. Written here
    rather than as an included template, which the institution list rendered for each of its
    institutions; the values escaped and messages filled in as ``_()`` and ``{% trans %}``
    do."""
    first = institution.public_decisions[0] if institution.public_decisions else None
    missions = institution.public_missions
    if not (institution.kind or first or missions):
        return ""
    parts = []
    if institution.kind:
        parts.append(escape(institution.kind))
        if first or missions:
            parts.append(" · ")
    if first:
        since = _('Since %(since)s, by the decision “<a href="%(url)s">%(name)s</a>”')
        values = {
            "since": partial_date(first.when),
            "url": escape(first.get_absolute_url()),
            "name": escaped(translated(first, "name")),
        }
        parts.append(since % values)
    elif missions:
        parts.append(escape(_("Advised by")) + " ")
        for index, mission in enumerate(missions):
            if index == len(missions) - 1 and index:
                parts.append(escape(pgettext("between the last two of a list", " and ")))
            elif index:
                parts.append(escape(pgettext("between items of a list", ", ")))
            parts.append(escape(mission.acronym))
            if mission.launched:
                launched = partial_date(mission.launched)
                parts.append(" " + _("(launched %(launched)s)") % {"launched": launched})
        parts.append(escape(_("; no separate decision brought it in")))
    return mark_safe(f'<p class="meta">{"".join(parts)}</p>')  # each part escaped above


def sentence_items(sentences, source_language, record_links):
    """The list item of each of a source's ``sentences`` (a paragraph's ``SourceSentence``
    items) on its page: the sentence, in the source's language, and the public records citing
    it, linked, with how many more do. Written here rather than as a template's loop, which
    spent half of a source's page on its hundred sentences (bench/README.md); the same bytes,
    the values escaped and messages filled in as ``_()`` and ``{% trans %}`` do. Each
    record's link is written once for the page (kept in
    ``record_links``, which the page gives each of its paragraphs' lists), however many of its
    sentences the record cites."""
    language = lang_unless_page(source_language)
    separator = escape(pgettext("between items of a list", ", "))
    direction = ' dir="rtl"' if get_language_bidi() else ""
    # What every "Cited by" of the page begins with, in the page's language.
    cited_by_label = escape(_("Cited by"))
    cited_by_opening = (
        f'\n      <span class="cited-by" lang="{escape(get_language()[:2])}"{direction}>'
        f"{cited_by_label} "
    )
    items = []
    for sentence in sentences:
        cited_by = ""
        if sentence.cited_by:
            links = separator.join(
                _record_link(record, record_links) for record in sentence.cited_by
            )
            more = ""
            if sentence.more:
                more = " " + ngettext(
                    "and %(more)s other record", "and %(more)s other records", sentence.more
                ) % {"more": sentence.more}
            cited_by = f"{cited_by_opening}{links}{more}</span>"  # each link escaped above
        items.append(
            f'\n    <li id="s{sentence.number}"><span class="sentence"{language}>'
            f"{escaped(sentence.text)}</span>{cited_by}</li>\n    "
        )
    return mark_safe("".join(items))  # the texts escaped above, the numbers are ints


def _record_link(record, written):
    """``record``'s name linked to its page, from ``written`` (by kind and key) once made."""
    key = (type(record), record.pk)
    link = written.get(key)
    if link is None:
        address = escaped(record.get_absolute_url())
        link = written[key] = f'<a href="{address}">{escaped(translated(record, "name"))}</a>'
    return link


def timeline_figure(timeline):
    """The timeline's drawing (``timeline.Timeline``) as an SVG in a <figure>, with its title,
    text alternative and caption. Written here rather than as an included template, which spent
    an eighth of the timeline's page on its few dozen shapes (bench/README.md); the same bytes,
    the texts escaped as ``{{ }}`` escapes them. The coordinates are plain numbers in every
    language ("12.5", never "12,5"), as ``{% localize off %}`` wrote them."""
    ticks = "".join(
        f'\n    <line class="tick" x1="{tick.x}" y1="{tick.y1}" x2="{tick.x}" y2="{tick.y2}"/>'
        "\n    "
        + (
            f'<text class="year" x="{tick.x}" y="{tick.label_y}" text-anchor="middle">'
            f"{tick.year}</text>"
            if tick.labelled
            else ""
        )
        + "\n    "
        for tick in timeline.ticks
    )
    bars = "".join(
        f'\n    <rect class="mission{" ongoing" if bar.ongoing else ""}" x="{bar.x}" y="{bar.y}"'
        f' width="{bar.width}" height="{bar.height}" rx="3"/>'
        f'\n    <text class="mission-label" x="{bar.label_x}" y="{bar.label_y}"'
        f' text-anchor="start">{escaped(bar.label)}</text>\n    '
        for bar in timeline.bars
    )
    marks = "".join(
        f'\n    <circle class="decision" cx="{mark.x}" cy="{mark.y}" r="6">'
        f"<title>{escaped(mark.title)}</title></circle>\n    "
        for mark in timeline.marks
    )
    title = escaped(_("Timeline of NATO\u2019s missions in Iraq and their decisions"))
    caption = _(
        "Missions as bars, decisions as dots: one dot for each month with decisions (for each "
        "year, when a decision is dated only to its year); every decision is listed below."
    )
    return mark_safe(  # the texts escaped above, the caption a message as blocktranslate's
        f'<figure class="timeline">\n  \n  <svg class="timeline-svg" viewBox="0 0'
        f' {timeline.width} {timeline.height}" direction="{timeline.direction}" role="img"'
        ' aria-labelledby="timeline-title timeline-desc">'
        f'\n    <title id="timeline-title">{title}</title>'
        f'\n    <desc id="timeline-desc">{escaped(timeline.description)}</desc>'
        f'\n    <line class="axis" x1="{timeline.axis_x1}" y1="{timeline.axis_y}"'
        f' x2="{timeline.axis_x2}" y2="{timeline.axis_y}"/>'
        f"\n    {ticks}\n    {bars}\n    {marks}\n  </svg>"
        f"\n  <figcaption>{caption}</figcaption>\n</figure>\n"
    )


def address(viewname):
    """What ``reverse(viewname)`` gives for a public view that takes no argument, from its
    address worked out once per language (``missions.addresses.view_address``): ``reverse``
    walks the URL patterns each time, 60 µs of a page's render for each link."""
    return view_address(viewname, {})


def partial_date(value):
    """A ``PartialDate`` as readers see it, machine-readable in <time datetime>: 'July 2018';
    nothing for None."""
    if value is None:
        return ""
    iso, text = escaped(value.iso), escaped(value.text)
    return mark_safe(f'<time datetime="{iso}">{text}</time>')  # both escaped


def day_of(moment):
    """The day of ``moment`` (an aware datetime) in the current time zone, as ``partial_date``
    writes a day: what ``|date:'Y-m-d'`` and ``|date:"j F Y"`` wrote in <time>, its text
    remembered rather than formatted again for every page."""
    return partial_date(PartialDate(timezone.localdate(moment), DatePrecision.DAY))


def public(record):
    """The record if the public may see it, else None: drafts are never shown or linked."""
    return if_public(record)


def paragraphs(text):
    """A text's paragraphs (split at blank lines), so each can carry its own footnotes."""
    return [paragraph.strip() for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


def _original(text):
    """English text on a page in another language, marked as English (WCAG 3.1.2), and left to
    right on a right-to-left page."""
    if get_language_bidi():
        return format_html('<span lang="{}" dir="ltr">{}</span>', ORIGINAL, text)
    return format_html('<span lang="{}">{}</span>', ORIGINAL, text)


def translated(record, name, language=None):
    """The record's text ``name`` in the page's language, or its English original, marked as
    English, while no editor has translated it. On English pages, the text as it is.
    ``language``: the page's record language (``active_language()``) where the caller has
    read it once for many texts."""
    language = language or active_language()
    if isinstance(getattr(type(record), name, None), TranslatedText):
        text, own = text_in(record, name, language)
    else:  # a text of one language only, the original's, as a source's name (its title)
        text, own = getattr(record, name), is_translated(record, name, language)
    if not text or own:
        return text
    return _original(text)


def untranslated(record, *names, language=None):
    """A discreet note, once for a record's block, when any of its texts ``names`` shown there
    is in the English original (the texts themselves are marked by ``translated``);
    ``language`` as for ``translated``."""
    language = language or active_language()  # once for all the texts
    if record is None or not any(
        getattr(record, column(name, ORIGINAL)) and not is_translated(record, name, language)
        for name in names
    ):
        return ""
    return format_html('<small class="untranslated">{}</small>', _("English original"))


class Paragraph(str):
    """A paragraph of a record's text: ``lang``, the language it is in when that is not the
    page's ("" when it is), and ``original``, the English text its footnotes are matched with."""

    lang = ""
    original = ""


@pass_context
def key_date_items(context, key_dates):
    """Each of a page's ``key_dates`` (``views.KeyDate``) as a term of its <dl>: the date, what
    happened and its sources: what the overview's and the mission page's loops wrote."""
    return mark_safe(  # each value escaped, the date and citations the functions' HTML
        "".join(
            f"\n    <div>\n      <dt>{partial_date(key_date.when)}</dt>\n      <dd>"
            f"{escaped(key_date.label)}{cite(context, key_date.mission, key_date.text)}</dd>"
            "\n    </div>\n    "
            for key_date in key_dates
        )
    )


@pass_context
def paragraph_items(context, record, name):
    """Each paragraph of the record's text ``name`` (``paragraphs_of``) as a ``<p>``, its lines
    broken as ``linebreaksbr`` breaks them, its sources cited next to it: what the loop six
    templates repeated wrote, written here once."""
    items = []
    for paragraph in paragraphs_of(record, name):
        lang = f' lang="{escaped(paragraph.lang)}"' if paragraph.lang else ""
        text = normalize_newlines(escaped(str(paragraph))).replace("\n", "<br>")
        items.append(f"<p{lang}>{text}{cite(context, record, paragraph.original)}</p>")
    return mark_safe("".join(items))  # each text escaped, each citation the function's HTML


def paragraphs_of(record, name):
    """The paragraphs of the record's text ``name`` (see ``paragraphs``) in the page's language,
    or in the English original while it is untranslated. Footnotes are matched against the
    English: each translated paragraph against the English one in its place, or against the
    whole English text when the two have different numbers of paragraphs."""
    english = paragraphs(getattr(record, column(name, ORIGINAL)))
    if active_language() == ORIGINAL or not is_translated(record, name):
        shown, lang = english, "" if active_language() == ORIGINAL else ORIGINAL
    else:
        shown, lang = paragraphs(getattr(record, name)), ""
    result = []
    for index, text in enumerate(shown):
        paragraph = Paragraph(text)
        paragraph.lang = lang
        same = len(shown) == len(english)
        paragraph.original = english[index] if same else getattr(record, column(name, ORIGINAL))
        result.append(paragraph)
    return result


def lang_unless_page(language):
    """` lang="fr"` for text in ``language`` on a page in another one, nothing when the page is
    in that language or it is unknown: a quoted source sentence keeps its source's language."""
    if not language or language.split("-")[0].lower() == active_language():
        return ""
    return format_html(' lang="{}"', language)


def jsonld(data):
    """JSON for a <script type="application/ld+json"> data block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # escaped above


@pass_context
def site_part(context, part):
    """The part of every page that only the section and the language change (``head``: its
    style sheet and feed; ``header``: the skip link, site name and navigation; ``footer``),
    from templates/public/includes/site_<part>.html. Each is written once per process for each
    section, language and address prefix, as a cache miss wrote a dozen tags of it on every
    page; with ``DEBUG`` on, on every page, so that a changed template shows at once."""
    key = (part, context.get("section"), get_language(), get_script_prefix())
    written = None if settings.DEBUG else _SITE_PARTS.get(key)
    if written is None:
        written = render_to_string(f"public/includes/site_{part}.html", {"section": key[1]})
        _SITE_PARTS[key] = written = mark_safe(written.strip())
    return written


@receiver(setting_changed)
def forget_site_parts(**kwargs):
    """A changed setting (a test's) may change a site part: its static files' addresses, say."""
    _SITE_PARTS.clear()
