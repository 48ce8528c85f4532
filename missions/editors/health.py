"""Problems in the record that an editor should fix.

Each is allowed by the database but wrong for readers: a decision dated outside its mission's
life, a published record without a citation or pointing at a draft, a published record left
without the relations that give it its place (an institution no mission advises, a partner no
mission works with, a decision expanding a mission's scope to no institution; deleting records
can leave them so), two names so alike they are probably the same thing, a citation that no
longer quotes its source (whose text was loaded anew, say). ``manage.py check_content`` and the
admin's "Content health" page both list them, each with what to do and a link to the record's
admin page. Both also say how much of each source the published record cites (``source_coverage``):
its sentences not cited yet are facts not yet in the record, which is no problem to fix. The page
also lists, per language, the published records with texts not yet translated
(``untranslated_records``): the public pages show those in the English original, marked as such,
which is no problem either, the record being written in English first.
"""

import operator
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import reduce

from django.conf import settings
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from missions.languages import TRANSLATIONS, column, untranslated
from missions.models import (
    Citation,
    Decision,
    Institution,
    Partner,
    Record,
    Source,
    Status,
    misquoted,
    record_models,
)
from missions.sources import sentences

# Names at least this alike (difflib's ratio, after normalising case, accents and punctuation)
# are reported: "Ministry of Defence" / "Ministry of Defense" is 0.95.
NEAR_DUPLICATE_RATIO = 0.9


@dataclass(frozen=True)
class Problem:
    kind: str
    record: models.Model
    message: str

    @property
    def record_type(self):
        return capfirst(self.record._meta.verbose_name)

    @property
    def admin_url(self):
        return reverse(admin_urlname(self.record._meta, "change"), args=[self.record.pk])

    def __str__(self):
        return f"{self.record_type} “{self.record}”: {self.message}"


def find_problems():
    """Every problem, grouped by kind."""
    return [
        *decisions_outside_mission_life(),
        *published_without_citation(),
        *published_pointing_at_drafts(),
        *published_without_needed_relations(),
        *near_duplicate_names(),
        *misquoting_citations(),
    ]


def decisions_outside_mission_life():
    for decision in Decision.objects.select_related("mission"):
        outside = outside_mission_life(decision)
        if outside:
            fact, fix = outside
            yield Problem(
                _("Dated outside its mission's life"),
                decision,
                _("%(fact)s: %(fix)s") % {"fact": fact, "fix": fix},
            )


def outside_mission_life(decision):
    """Why ``decision`` is dated outside its mission's life and what to correct, or None: when
    its whole period (all of
    July 2018, say) falls before the start of the mission's first period (its establishment,
    else its launch) or after the end of its last. The admin asks for a confirmation of such a
    date (``missions.editors.plausibility``)."""
    mission = decision.mission
    began = mission.established or mission.launched
    if began and decision.when.period.last < began.period.first:
        return (
            _("dated %(date)s, before %(mission)s began (%(began)s)")
            % {"date": decision.when, "mission": mission, "began": began},
            _("correct the decision's date or its mission."),
        )
    if mission.ended and decision.when.period.first > mission.ended.period.last:
        return (
            _("dated %(date)s, after %(mission)s ended (%(ended)s)")
            % {"date": decision.when, "mission": mission, "ended": mission.ended},
            _("correct the decision's date, its mission, or the mission's end."),
        )
    return None


def published_without_citation():
    for model in record_models():
        for record in model.objects.published().filter(citations__isnull=True):
            yield Problem(
                _("Published without a citation"),
                record,
                _(
                    "published but cites no sentence of a source: add the citation it rests on, "
                    "or set it back to draft."
                ),
            )


def published_pointing_at_drafts():
    for model in record_models():
        for field in model._meta.get_fields():
            if not (
                field.concrete
                and field.is_relation
                and field.related_model
                and issubclass(field.related_model, Record)
            ):
                continue
            pointing = model.objects.published().filter(**{f"{field.name}__status": Status.DRAFT})
            for record in pointing.distinct():
                if field.many_to_many:
                    drafts = getattr(record, field.name).filter(status=Status.DRAFT)
                else:
                    drafts = [getattr(record, field.name)]
                for draft in drafts:
                    yield Problem(
                        _("Published, pointing at a draft"),
                        record,
                        _(
                            "published, but links to the draft %(kind)s “%(draft)s” (%(field)s), "
                            "which the public cannot see: publish that one too, or remove the "
                            "link."
                        )
                        % {
                            "kind": draft._meta.verbose_name,
                            "draft": draft,
                            "field": field.verbose_name,
                        },
                    )


def published_without_needed_relations():
    """Records the public reads only in a mission's context, found without it."""
    mission_is_published = {"missions__status": Status.PUBLISHED}
    for institution in Institution.objects.published().exclude(**mission_is_published):
        yield Problem(
            _("Published, advised by no mission"),
            institution,
            _(
                "published, but no published mission advises it: add it to its mission's "
                "institutions, or set it back to draft."
            ),
        )
    for partner in Partner.objects.published().exclude(**mission_is_published):
        yield Problem(
            _("Published, working with no mission"),
            partner,
            _(
                "published, but no published mission works with it: add it to its mission's "
                "partners, or set it back to draft."
            ),
        )
    expanding = Decision.objects.published().filter(action=Decision.Action.EXPAND_SCOPE)
    for decision in expanding.filter(institutions__isnull=True):
        yield Problem(
            _("Expands a mission's scope to no institution"),
            decision,
            _(
                "published, and expands its mission's scope, but names no institution it "
                "brought in: add them, or correct its action."
            ),
        )


def normalised(name):
    """A name with case, accents, punctuation and a leading "the" left out."""
    letters = unicodedata.normalize("NFKD", name).casefold()
    words = "".join(c if c.isalnum() else " " for c in letters if not unicodedata.combining(c))
    words = words.split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def near_duplicate_names():
    for model in record_models():
        seen = []
        for record in model.objects.order_by("pk"):
            name = normalised(record.name_en)
            matcher = SequenceMatcher(b=name)
            for other, other_name in seen:
                matcher.set_seq1(other_name)
                if (
                    matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO
                    and matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO
                    and matcher.ratio() >= NEAR_DUPLICATE_RATIO
                ):
                    yield Problem(
                        _("Near-duplicate name"),
                        record,
                        _(
                            "its name is very like that of %(kind)s “%(other)s”: if they are the "
                            "same thing, keep one and delete the other; if not, make the names "
                            "tell them apart."
                        )
                        % {"kind": model._meta.verbose_name, "other": other},
                    )
                    break
            seen.append((record, name))


def misquoting_citations():
    """Citations whose text is not (any longer) their sentence of their source (its text was
    replaced by a newer version), with the closest sentence of the source's text and the
    records relying on them."""
    for citation in Citation.objects.select_related("source"):
        problem = misquoted(citation)
        if problem is None:
            continue
        numbered = sentences(citation.source.text)
        closest = max(
            numbered,
            key=lambda sentence: SequenceMatcher(a=citation.text, b=sentence.text).ratio(),
            default=None,
        )
        relying = [
            f"{record._meta.verbose_name} “{record}”"
            for field in Citation._meta.related_objects
            if field.many_to_many
            for record in getattr(citation, field.get_accessor_name()).all()
        ]
        values = {
            "text": citation.text,
            "number": citation.number,
            "source": citation.source,
            "closest_number": closest and closest.number,
            "closest_text": closest and closest.text,
            "relying": ", ".join(relying),
        }
        if closest:
            what = _(
                "its text “%(text)s” is not sentence %(number)s of “%(source)s”; the closest "
                "sentence now is %(closest_number)s: “%(closest_text)s”."
            )
        else:
            what = _("its text “%(text)s” is not sentence %(number)s of “%(source)s”.")
        parts = [what % values]
        if relying:
            parts.append(_("Records relying on it: %(relying)s.") % values)
        parts.append(
            _(
                "Confirm it (give it that sentence's text and number) or move it to the sentence "
                "it quotes."
            )
        )
        yield Problem(_("Does not quote its source"), citation, " ".join(parts))


@dataclass(frozen=True)
class Coverage:
    """How much of one source the published record cites: its sentences no published record
    cites yet are facts not yet in the record."""

    source: Source
    sentence_count: int
    uncited: list

    @property
    def cited_count(self):
        return self.sentence_count - len(self.uncited)

    @property
    def share(self):
        """The share of its sentences cited, in whole percent (rounded down: 100 means all)."""
        if not self.sentence_count:
            return 0
        return self.cited_count * 100 // self.sentence_count

    def __str__(self):
        return _(
            "Source “%(source)s”: %(cited)s of %(count)s sentences cited by published records "
            "(%(share)s%%)"
        ) % {
            "source": self.source,
            "cited": self.cited_count,
            "count": self.sentence_count,
            "share": self.share,
        }


def source_coverage():
    """Each source's coverage, by title: one query for the sources, one for what is cited."""
    cited_by_published = reduce(
        operator.or_,
        (
            Exists(model.objects.published().filter(citations=OuterRef("pk")))
            for model in record_models()
        ),
    )
    cited = {
        (source, number): text
        for source, number, text in Citation.objects.filter(cited_by_published).values_list(
            "source", "number", "text"
        )
    }
    coverage = []
    for source in Source.objects.order_by("title"):
        numbered = sentences(source.text)
        uncited = [s for s in numbered if cited.get((source.pk, s.number)) != s.text]
        coverage.append(Coverage(source, len(numbered), uncited))
    return coverage


@dataclass(frozen=True)
class Untranslated:
    """A published record whose texts ``fields`` (their names, as the change form labels
    them) are not yet translated into one language."""

    record: models.Model
    fields: list

    @property
    def record_type(self):
        return capfirst(self.record._meta.verbose_name)

    @property
    def admin_url(self):
        return reverse(admin_urlname(self.record._meta, "change"), args=[self.record.pk])


@dataclass(frozen=True)
class Translation:
    """What is still to translate into one language: ``records``, each an ``Untranslated``."""

    language: str
    name: str
    records: list


def untranslated_records():
    """For each language editors translate into, the published records with a text still in
    the English original only, by kind of record and name: one query a kind of record."""
    names = dict(settings.LANGUAGES)
    found = {language: [] for language in TRANSLATIONS}
    for model in record_models():
        for record in model.objects.published().order_by("name_en"):
            for language in TRANSLATIONS:
                texts = untranslated(record, language)
                if texts:
                    fields = [
                        str(model._meta.get_field(column(text, language)).verbose_name)
                        for text in texts
                    ]
                    found[language].append(Untranslated(record, fields))
    return [Translation(language, names[language], found[language]) for language in TRANSLATIONS]
