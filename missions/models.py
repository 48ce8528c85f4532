"""The record of NATO Mission Iraq: missions, decisions, institutions, partners and their sources.

Every content model shares ``Record``: a unique slug that is also its natural key (so fixtures and
backups survive primary-key changes), a draft/published status, citations of the source sentences
it rests on, and timestamps. A date known only to its year or month is one value, declared with
``PartialDateField`` (see ``missions.dates``).
"""

import datetime
import uuid

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .addresses import slug_address, slug_addresses
from .dates import PartialDateField, partial_date_errors
from .languages import TRANSLATIONS, field_label, translated
from .sources import misquote

CREATED_HELP = _("When the record was first saved; set automatically.")
UPDATED_HELP = _("When the record was last saved; set automatically.")
# Maximum lengths of the long texts: generous (the seed's longest summary is 205 characters, its
# longest description 585), yet small enough that no value can swamp a page or a search.
SUMMARY_LENGTH = 1_000
STATEMENT_LENGTH = 2_000
TEXT_LENGTH = 10_000
# A source's whole text: the seed's document is 3,760 characters; a long report may be 100 times
# that.
SOURCE_TEXT_LENGTH = 500_000


def limited_text(limit, help_text, **options):
    """A TextField whose maximum length model validation enforces, and its help text states.

    Django gives a TextField's ``max_length`` to the admin's text box only; ``full_clean()``
    ignores it. The validator makes everything that validates a record (the admin,
    ``restore_backup``) refuse longer text, as it does for a CharField.
    """
    return models.TextField(
        max_length=limit,
        validators=[MaxLengthValidator(limit)],
        help_text=limited_help(help_text, limit),
        **options,
    )


def _limited_help(help_text, limit):
    """The help text with its limit, the limit grouped as the language writes numbers (10,000 in
    English, 10 000 in French). With no language active (``makemigrations`` deactivates them)
    Django's formats group nothing, so it is written as in English, as the migrations hold it."""
    if translation.get_language() is None:
        grouped = f"{limit:,}"
    else:
        grouped = number_format(limit, force_grouping=True)
    return ngettext(
        "%(help)s At most %(limit)s character.",
        "%(help)s At most %(limit)s characters.",
        limit,
    ) % {"help": help_text, "limit": grouped}


# Evaluated when shown, in the language of the page: the text is declared at import time.
limited_help = lazy(_limited_help, str)


def over_long_value(record):
    """The first field of ``record`` whose text is longer than its maximum, with Django's message
    saying so, or None.

    Raw saves (``loaddata``) and history rows skip ``full_clean()``; this is the one check they
    must not skip, so that no text beyond a field's limit reaches the public pages and search.
    """
    for field in record._meta.concrete_fields:
        value = field.value_from_object(record)
        if field.max_length is not None and isinstance(value, str):
            try:
                MaxLengthValidator(field.max_length)(value)
            except ValidationError as error:
                return field.name, error.messages[0]
    return None


class History(HistoricalRecords):
    """simple-history's ``HistoricalRecords``, plus entries for changes the library cannot see.

    The library writes an entry (who, when, every field and relation) for each save, relation
    change and deletion, except:

    - Raw saves: ``loaddata`` would leave imported records without history. ``History.record``
      writes the same entry a normal save writes, so the loaddata command can give imported
      records theirs.
    - What a deletion does to other records: the database drops their links to the deleted one
      (many-to-many rows, foreign keys set to null) without a signal, so the next save of each
      would be recorded as dropping them, in the next editor's name. Here a deletion records an
      entry in each record it unlinks, in the same transaction and in the name of whoever
      deleted (one entry a record, however many records one delete removes). The deletion's
      own entry is written just before the record goes, so it holds the relations it had.
    """

    _by_model = {}
    # The delete under way in this thread: the records it unlinks, each with what it unlinks
    # from them.
    _unlinking = Local()

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            History._by_model[sender] = self

    @classmethod
    def tracks(cls, model):
        return model in cls._by_model

    @classmethod
    def record(cls, instance, history_type, reason):
        """Write a history entry for ``instance`` as it is now, relations included."""
        instance._change_reason = reason
        try:
            cls._by_model[type(instance)].create_historical_record(instance, history_type)
        finally:
            del instance._change_reason

    @classmethod
    def links_to(cls, model):
        """The recorded relations that deleting a ``model`` record changes in other records:
        many-to-many fields with history, and foreign keys the deletion sets to null."""
        for linking, history in cls._by_model.items():
            for field in history.get_m2m_fields_from_model(linking):
                if field.related_model is model:
                    yield linking, field
            for field in linking._meta.concrete_fields:
                if (
                    field.is_relation
                    and field.related_model is model
                    and field.remote_field.on_delete not in LEAVES_RECORD_AS_IT_IS
                ):
                    yield linking, field

    @classmethod
    def linked_at(cls, model, field, pk, when):
        """The records of ``model`` (that exist now) whose ``field``, one of ``links_to``, linked
        to the record ``pk`` at ``when``, as their history has it."""
        history = model.history
        key = model._meta.pk.attname
        if field.many_to_many:
            target = field.m2m_reverse_field_name()
            rows = cls._by_model[model].m2m_models[field].objects
            candidates = rows.filter(**{target: pk, "history__history_date__lte": when})
            candidates = candidates.values_list(f"history__{key}", flat=True)
        else:
            candidates = history.filter(**{field.attname: pk, "history_date__lte": when})
            candidates = candidates.values_list(key, flat=True)
        for candidate in sorted(set(candidates)):
            then = history.filter(**{key: candidate, "history_date__lte": when}).first()
            if then.history_type == "-":
                continue
            if field.many_to_many:
                linked = getattr(then, field.name).filter(**{target: pk}).exists()
            else:
                linked = getattr(then, field.attname) == pk
            record = model._base_manager.filter(pk=candidate).first()
            if linked and record is not None:
                yield record

    def pre_delete(self, instance, using=None, origin=None, **kwargs):
        super().pre_delete(instance, using=using, origin=origin, **kwargs)
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        self.create_historical_record(instance, "-", using=using)
        unlinking = self._unlinking_by(origin)
        instance._history_unlinks = []
        for model, field in History.links_to(type(instance)):
            linked = model._base_manager.using(using).filter(**{field.name: instance.pk})
            for pk in linked.values_list("pk", flat=True):
                unlinking.setdefault((model, pk), []).append(instance)
                instance._history_unlinks.append((model, pk))

    def post_delete(self, instance, using=None, origin=None, **kwargs):
        """The deletion entry is written already; each record it unlinked gets its entry now,
        after the database has dropped the links (and after every record of a bulk delete
        is gone, so one entry covers them all)."""
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        unlinking = self._unlinking_by(origin)
        for model, pk in instance.__dict__.pop("_history_unlinks", ()):
            deleted = unlinking.pop((model, pk), None)
            record = model._base_manager.using(using).filter(pk=pk).first()
            if deleted and record is not None:
                if hasattr(instance, "_history_user"):
                    record._history_user = instance._history_user
                History.record(record, "~", unlinked_reason(deleted))

    @classmethod
    def _unlinking_by(cls, origin):
        """What the delete started from ``origin`` (what ``delete()`` was called on) unlinks;
        Django sends every pre_delete of a delete before its first post_delete."""
        if getattr(cls._unlinking, "origin", None) is not origin:
            cls._unlinking.origin, cls._unlinking.records = origin, {}
        return cls._unlinking.records


# What a deletion does to the records pointing at the deleted one, other than changing them:
# deletes them too (their own deletion entries record that), or refuses, or leaves them alone.
LEAVES_RECORD_AS_IT_IS = (models.CASCADE, models.PROTECT, models.RESTRICT, models.DO_NOTHING)
# simple-history's limit on a reason's length.
REASON_LENGTH = 100


def unlinked_reason(deleted):
    """Why a record changed when records it linked to were deleted.

    In English whoever deletes: a reason the program writes is stored with the record's history
    (and its backups), like the record's own texts, so it does not follow an editor's language.
    """
    with translation.override(None):
        return _unlinked_reason(deleted)


def _unlinked_reason(deleted):
    if len(deleted) > 1:
        kinds = {record._meta.verbose_name_plural for record in deleted}
        what = kinds.pop() if len(kinds) == 1 else "records"
        return f"Unlinked from {len(deleted)} deleted {what}"
    [record] = deleted
    return reason_naming(f"Unlinked from the deleted {record._meta.verbose_name}", record)


def reason_naming(start, record):
    """``start`` and the record's name in quotes, shortened to fit history's reason."""
    start = f"{start} “"
    return start + Truncator(str(record)).chars(REASON_LENGTH - len(start) - 1) + "”"


def reason_with_note(reason, note):
    """A history reason the program writes (a revert, a scheduled publication) followed by the
    editor's note, shortened to fit history's reason."""
    if not note:
        return reason
    return Truncator(f"{reason}: {note}").chars(REASON_LENGTH)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def status_field(help_text):
    """Draft or published: what records and sources share, so the public sees neither draft."""
    return models.CharField(
        max_length=9, choices=Status, default=Status.DRAFT, db_index=True, help_text=help_text
    )


def if_public(record):
    """``record`` if the public may see it, else None: drafts are never shown or linked."""
    if getattr(record, "status", None) == Status.PUBLISHED:
        return record
    return None


class RecordQuerySet(models.QuerySet):
    def published(self):
        """Records the public may see."""
        return self.filter(status=Status.PUBLISHED)


class RecordManager(models.Manager.from_queryset(RecordQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def slug_and_name_constraints(model_name):
    """Every content record is found by its slug and told apart by its name."""
    return [
        models.UniqueConstraint(
            fields=["slug"],
            name=f"{model_name}_unique_slug",
            violation_error_message=_(
                "Another record already uses this slug: make it unique, for example by adding "
                "a year or a distinguishing word."
            ),
        ),
        models.UniqueConstraint(
            Lower("name_en"),
            name=f"{model_name}_unique_name",
            violation_error_message=_(
                "Another record already has this name: edit that record instead, or add what "
                "tells the two apart to this name."
            ),
        ),
    ]


class Record(models.Model):
    """Fields and behaviour shared by every public record."""

    name = translated(
        models.CharField(max_length=200, help_text=_("The full name, as the source gives it."))
    )
    slug = models.SlugField(
        max_length=100,
        db_index=False,
        help_text=_(
            "The record's address on the public site and its key in fixtures and backups. "
            "Filled in from the name; change it only before publishing, as links will break."
        ),
    )
    status = status_field(
        _("Drafts are visible to editors only; published records appear on the public site.")
    )
    citations = models.ManyToManyField(
        "Citation",
        blank=True,
        help_text=_("The source sentences this record states. Every published record needs one."),
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text=CREATED_HELP)
    updated_at = models.DateTimeField(auto_now=True, help_text=UPDATED_HELP)

    objects = RecordManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Source(models.Model):
    """A document the record is drawn from: its metadata and its whole text, in the database.

    A citation quotes one of its sentences (``missions.sources.sentences``), numbered by its
    position in ``text``. Optional metadata stays empty where the document does not state it:
    nothing is guessed. A draft source is never public, nor are its sentences.
    """

    class Kind(models.TextChoices):
        WEB_PAGE = "web-page", _("Web page")
        PRESS_RELEASE = "press-release", _("Press release")
        COMMUNIQUE = "communique", _("Communiqué")
        SPEECH = "speech", _("Speech")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=200, help_text=_("The document's title, as it is cited."))
    slug = models.SlugField(
        max_length=100,
        db_index=False,
        help_text=_(
            "The source's address on the public site and its key in fixtures and backups; "
            "citations refer to it. Change it only before publishing, as links will break."
        ),
    )
    status = status_field(
        _("Drafts are visible to editors only; published sources have a public page.")
    )
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Who published the document, as it states; empty if it does not say."),
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        blank=True,
        help_text=_("What sort of document it is; empty if it is not clear."),
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_(
            "The address (URL) where the document was read; empty for a document not online."
        ),
    )
    published = PartialDateField(
        "published_on",
        help_text=_("When the document was published, if it says."),
    )
    accessed_on = models.DateField(
        _("date accessed"),
        null=True,
        blank=True,
        help_text=_("When the document was read at its address."),
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                _("Enter a language tag such as en, fr or ar (BCP 47), or leave it empty."),
            )
        ],
        help_text=_("The document's language as a BCP 47 tag: en, fr, ar, ..."),
    )
    text = limited_text(
        SOURCE_TEXT_LENGTH,
        _("The document's whole text, exactly as published: citations quote its sentences."),
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text=CREATED_HELP)
    updated_at = models.DateTimeField(auto_now=True, help_text=UPDATED_HELP)

    history = History()
    objects = RecordManager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="source_unique_slug",
                violation_error_message=_(
                    "Another source already uses this slug: choose a different one."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_address("public:source-detail", self.slug)

    @property
    def name(self):
        """Its title, under the name every record's is read by (search results, links)."""
        return self.title

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        errors = partial_date_errors(self)
        if errors:
            raise ValidationError(errors)


class CitationManager(models.Manager):
    def get_by_natural_key(self, source_slug, number):
        return self.get(source__slug=source_slug, number=number)


class Citation(models.Model):
    """One verbatim sentence of a source, numbered by its position in the document."""

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
        help_text=_("The document the sentence comes from."),
    )
    number = models.PositiveIntegerField(
        help_text=_("The sentence's position in the source: 1 for the first sentence, and so on.")
    )
    text = limited_text(STATEMENT_LENGTH, _("The sentence exactly as the source words it."))
    # An editor's translation, shown as one beside the sentence, which stays verbatim.
    translation = translated(
        limited_text(
            STATEMENT_LENGTH,
            _("The sentence translated by an editor, shown as a translation beside it."),
            blank=True,
        ),
        languages=TRANSLATIONS,
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text=CREATED_HELP)
    updated_at = models.DateTimeField(auto_now=True, help_text=UPDATED_HELP)

    history = History()
    objects = CitationManager()

    class Meta:
        ordering = ["source", "number"]
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "number"],
                name="citation_unique_number_per_source",
                violation_error_message=_(
                    "This source already has a sentence with this number: check the number "
                    "against the source document, or edit the existing citation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="citation_number_positive",
                violation_error_message=_("Sentences are numbered from 1: enter 1 or more."),
            ),
        ]

    def __str__(self):
        return f"{self.source.slug} §{self.number}: {self.text[:80]}"

    def label(self):
        """The citation as an editor chooses it: its source's title, its number and its whole
        sentence (``__str__`` is short, for lists and history)."""
        return gettext("%(source)s, sentence %(number)s: %(text)s") % {
            "source": self.source.title,
            "number": self.number,
            "text": self.text,
        }

    def natural_key(self):
        return (*self.source.natural_key(), self.number)

    natural_key.dependencies = ["missions.source"]

    def clean(self):
        if self.number is not None and self.number < 1:
            raise ValidationError(
                {"number": _("Sentences are numbered from 1: enter 1 for the first sentence.")}
            )
        problem = misquoted(self)
        if problem is not None:
            raise ValidationError({problem[0]: problem[1]})


def misquoted(record):
    """For a citation that does not quote its source verbatim, the field to correct and why,
    naming the citation, the source and the sentence; else None.

    The admin (``clean()``), ``loaddata`` and ``restore_backup`` all refuse such a citation. A
    citation whose source is not at hand (a backup being checked refers to it by its key) is
    left to the caller, which knows the source's text.
    """
    if not isinstance(record, Citation) or record.number is None or not record.source_id:
        return None
    source = record.source
    if not isinstance(source, Source):
        return None
    problem = misquote(source.title, source.text, record.number, record.text)
    if problem is None:
        return None
    return "text", gettext("Citation %(source)s §%(number)s: %(problem)s") % {
        "source": source.slug,
        "number": record.number,
        "problem": problem,
    }


def record_models():
    """Every kind of record (every concrete subclass of ``Record``), from the app registry."""
    return [
        model for model in apps.get_app_config("missions").get_models() if issubclass(model, Record)
    ]


class FocusArea(Record):
    """A subject the mission advises on, such as resource management."""

    description = translated(
        limited_text(
            TEXT_LENGTH, _("What the mission does in this area, in the source's words."), blank=True
        )
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order in lists: lower numbers come first, as in the source.")
    )

    history = History(m2m_fields=["citations"])

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = slug_and_name_constraints("focusarea")

    def get_absolute_url(self):
        return f"{reverse('public:home')}#focus-{self.slug}"


class Institution(Record):
    """An Iraqi body the mission advises or instructs."""

    kind = models.CharField(
        max_length=100, blank=True, help_text=_("What sort of body it is, e.g. 'Ministry'.")
    )
    description = translated(
        limited_text(
            TEXT_LENGTH, _("What the institution is and does, in the source's words."), blank=True
        )
    )
    engagement = translated(
        limited_text(
            TEXT_LENGTH,
            _("How the mission works with this institution, in the source's words."),
            blank=True,
        )
    )

    history = History(m2m_fields=["citations"])

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = _("institutions")
        constraints = slug_and_name_constraints("institution")

    def get_absolute_url(self):
        return slug_address("public:institution-detail", self.slug)


class Partner(Record):
    """An international actor the mission coordinates and cooperates with."""

    class Kind(models.TextChoices):
        COALITION = "coalition", _("Coalition")
        ORGANISATION = "organisation", _("International organisation")

    kind = models.CharField(
        max_length=20, choices=Kind, blank=True, help_text=_("What sort of partner it is.")
    )
    description = translated(
        limited_text(TEXT_LENGTH, _("What the partner is, in the source's words."), blank=True)
    )
    engagement = translated(
        limited_text(
            TEXT_LENGTH,
            _("How the mission works with this partner, in the source's words."),
            blank=True,
        )
    )

    history = History(m2m_fields=["citations"])

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = _("partners")
        constraints = slug_and_name_constraints("partner")

    def get_absolute_url(self):
        return slug_address("public:partner-detail", self.slug)


class Mission(Record):
    """A NATO mission in Iraq: NATO Mission Iraq (NMI) and its predecessor NTM-I."""

    acronym = models.CharField(max_length=20, help_text=_("The short name, e.g. 'NMI'."))
    kind = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("What sort of mission it is, in the source's words."),
    )
    summary = translated(
        limited_text(SUMMARY_LENGTH, _("One or two sentences for lists and search results."))
    )
    description = translated(
        limited_text(TEXT_LENGTH, _("The mission's story and work, for its own page."), blank=True)
    )
    aims = translated(
        limited_text(TEXT_LENGTH, _("What the mission is for, in the source's words."), blank=True)
    )
    area = translated(
        limited_text(
            STATEMENT_LENGTH,
            _("Where the mission operates, as the source says."),
            verbose_name=_("where it works"),
            blank=True,
        )
    )
    established = PartialDateField(
        "established_on", help_text=_("When the mission was established.")
    )
    launched = PartialDateField("launched_on", help_text=_("When the mission began its work."))
    ended = PartialDateField("ended_on", help_text=_("Leave empty while the mission continues."))
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successor",
        help_text=_("The mission this one follows (NMI follows NTM-I)."),
    )
    focus_areas = models.ManyToManyField(
        FocusArea,
        blank=True,
        related_name="missions",
        help_text=_("The subjects the mission advises on."),
    )
    institutions = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="missions",
        help_text=_("The Iraqi institutions the mission advises or instructs."),
    )
    partners = models.ManyToManyField(
        Partner,
        blank=True,
        related_name="missions",
        help_text=_("The international actors the mission works with."),
    )

    history = History(m2m_fields=["citations", "focus_areas", "institutions", "partners"])

    class Meta:
        ordering = ["launched_on", "name_en"]
        verbose_name_plural = _("missions")
        constraints = [
            *slug_and_name_constraints("mission"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(launched_on__isnull=True)
                | Q(ended_on__gte=F("launched_on")),
                name="mission_ends_after_launch",
                violation_error_message=_(
                    "A mission cannot end before it is launched: check both dates."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("pk")),
                name="mission_not_own_predecessor",
                violation_error_message=_(
                    "A mission cannot be its own predecessor: choose another mission or "
                    "leave it empty."
                ),
            ),
        ]

    def get_absolute_url(self):
        return slug_address("public:mission-detail", self.slug)

    def clean(self):
        errors = partial_date_errors(self)
        if (
            "ended_on" not in errors
            and self.ended_on
            and self.launched_on
            and self.ended_on < self.launched_on
        ):
            errors["ended_on"] = _("A mission cannot end before it is launched: check both dates.")
        if self.predecessor_id is not None and self.predecessor_id == self.pk:
            errors["predecessor"] = _("A mission cannot be its own predecessor: choose another.")
        if errors:
            raise ValidationError(errors)


class Body(Record):
    """A body that decides on or asks for a mission: a NATO council or summit, or a government."""

    class Kind(models.TextChoices):
        NATO = "nato", _("NATO body")
        GOVERNMENT = "government", _("Government")

    kind = models.CharField(
        max_length=20, choices=Kind, help_text=_("A NATO body, or a government that asks.")
    )
    description = limited_text(
        TEXT_LENGTH, _("What the body is, in the source's words."), blank=True
    )
    description = translated(
        limited_text(TEXT_LENGTH, "What the body is, in the source's words.", blank=True)
    )

    history = History(m2m_fields=["citations"])

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = slug_and_name_constraints("body")

    def get_absolute_url(self):
        return f"{reverse('public:decision-list')}?body={self.slug}"


class Decision(Record):
    """A decision that created or reshaped a mission, dated as precisely as the source allows."""

    class Action(models.TextChoices):
        ESTABLISH = "establish", _("Establish the mission")
        EXPAND_SIZE = "expand-size", _("Expand its size")
        EXPAND_SCOPE = "expand-scope", _("Expand its scope")

    mission = models.ForeignKey(
        Mission,
        on_delete=models.PROTECT,
        related_name="decisions",
        # decision_mission_date_name below leads with the mission and serves every lookup by it.
        db_index=False,
        help_text=_("The mission the decision created or reshaped."),
    )
    when = PartialDateField(
        "date", required=True, help_text=_("When the decision was taken or announced.")
    )
    decided_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="decisions_taken",
        help_text=_("The body that took the decision."),
    )
    requested_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions_requested",
        help_text=_("Who proposed or asked for it, if the source says."),
    )
    action = models.CharField(max_length=20, choices=Action, help_text=_("What the decision did."))
    summary = translated(
        limited_text(SUMMARY_LENGTH, _("One sentence for the timeline and search results."))
    )
    description = translated(limited_text(TEXT_LENGTH, _("What the decision changed."), blank=True))
    institutions = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="decisions",
        help_text=_("Institutions this decision brought into the mission's work."),
    )

    history = History(m2m_fields=["citations", "institutions"])

    class Meta:
        ordering = ["date", "name_en"]
        verbose_name_plural = _("decisions")
        # The timeline, the overview and the feed read decisions in date order, a page at a time;
        # a mission's page reads its latest decisions. Published decisions are counted, all of
        # them, a mission's and each body's, from the index of their mission or body alone
        # (an index-only scan), where counting read every decision's whole row: 2-3.5 against
        # 0.7 ms for a mission's count at 10,000 decisions (bench/README.md).
        indexes = [
            models.Index(fields=["date", "name_en"], name="decision_date_name"),
            models.Index(fields=["mission", "date", "name_en"], name="decision_mission_date_name"),
            models.Index(
                fields=["mission"],
                condition=Q(status=Status.PUBLISHED),
                name="decision_published_mission",
            ),
            models.Index(
                fields=["decided_by"],
                condition=Q(status=Status.PUBLISHED),
                name="decision_published_body",
            ),
        ]
        constraints = [
            *slug_and_name_constraints("decision"),
            models.CheckConstraint(
                condition=~Q(requested_by=F("decided_by")),
                name="decision_not_requested_by_decider",
                violation_error_message=_(
                    "A body does not request its own decision: leave 'requested by' empty or "
                    "choose the body that asked."
                ),
            ),
        ]

    def get_absolute_url(self):
        return slug_address("public:decision-detail", self.slug)

    @staticmethod
    def addresses(decisions):
        """Each of ``decisions``' ``get_absolute_url()``, the page's address read once for them
        all: reading the language, script prefix and URL configuration is most of what an
        address costs, and a page of the timeline, like the feed, links fifty decisions."""
        return slug_addresses("public:decision-detail", [decision.slug for decision in decisions])

    def clean(self):
        errors = partial_date_errors(self)
        if self.requested_by_id is not None and self.requested_by_id == self.decided_by_id:
            errors["requested_by"] = _(
                "The requesting body is the same as the deciding body: leave it empty "
                "or choose who asked for the decision."
            )
        if errors:
            raise ValidationError(errors)


class Principle(Record):
    """A rule the mission works by, such as acting only with the Iraqi government's approval."""

    mission = models.ForeignKey(
        Mission,
        on_delete=models.CASCADE,
        related_name="principles",
        help_text=_("The mission that works by this principle."),
    )
    statement = translated(
        limited_text(STATEMENT_LENGTH, _("The principle in the source's words."))
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order on the mission page: lower numbers come first.")
    )

    history = History(m2m_fields=["citations"])

    class Meta:
        ordering = ["mission", "position", "name_en"]
        verbose_name_plural = _("principles")
        constraints = slug_and_name_constraints("principle")

    def get_absolute_url(self):
        return f"{self.mission.get_absolute_url()}#principle-{self.slug}"


class KeyFact(Record):
    """A fact or figure that sets a mission in context, such as the 2020 Global Terrorism Index."""

    mission = models.ForeignKey(
        Mission,
        on_delete=models.CASCADE,
        related_name="key_facts",
        help_text=_("The mission this fact sets in context."),
    )
    statement = translated(limited_text(STATEMENT_LENGTH, _("The fact in the source's words.")))
    figure = models.CharField(
        max_length=100, blank=True, help_text=_("The headline figure, if any, e.g. '< 1,000'.")
    )
    when = PartialDateField("date", help_text=_("The period the fact describes."))
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order on the mission page: lower numbers come first.")
    )

    history = History(m2m_fields=["citations"])

    class Meta:
        ordering = ["mission", "position", "name_en"]
        verbose_name = _("key fact")
        verbose_name_plural = _("key facts")
        constraints = slug_and_name_constraints("keyfact")

    def get_absolute_url(self):
        return f"{self.mission.get_absolute_url()}#fact-{self.slug}"

    def clean(self):
        errors = partial_date_errors(self)
        if errors:
            raise ValidationError(errors)


class ContentVersion(models.Model):
    """Which version of the record the database holds: one row, whose random value is replaced
    in the transaction of every change to the record.

    Not content. It lets the public page cache (``missions.pagecache``) find out from the database
    whether content changed since its stored pages were rendered, for the changes it was not
    told of because it could not be reached at the time. It has no history, no admin page and
    no permissions, and backups leave it out.
    """

    version = models.CharField(max_length=32)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return self.version


class OfRecordQuerySet(models.QuerySet):
    """Rows that concern one record each, by its kind and key (a ``GenericForeignKey``)."""

    def of(self, record):
        return self.filter(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
            object_id=record.pk,
        )


class RevisionQuerySet(OfRecordQuerySet):
    def pending_for(self, record):
        """The draft change waiting on ``record``, or None."""
        return self.of(record).select_related("author").first()


def editor_link(help_text):
    """The editor who did something; the row stays (naming nobody) if their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=help_text,
    )


class Revision(models.Model):
    """A change to a published record saved as a draft: the record's fields and relations as the
    editor left them, waiting to be published or discarded.

    The record itself stays as the public sees it, so the public pages, feeds, sitemaps, search,
    backups and the page cache need not know drafts exist. A record has at most one. ``token``
    changes with every save of the draft: it is part of the version a change form starts from
    (``missions.editors.versioning``), so a save over someone else's newer draft is refused.
    Work in progress, not content: no history (publishing writes the record's), not backed up.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, help_text=_("The kind of record changed.")
    )
    object_id = models.PositiveBigIntegerField(help_text=_("The key of the record changed."))
    record = GenericForeignKey("content_type", "object_id")
    fields = models.JSONField(
        help_text=_("The record's fields as the draft has them, by column, as JSON values.")
    )
    relations = models.JSONField(
        help_text=_("The keys each many-to-many relation of the record holds in the draft.")
    )
    note = models.CharField(
        max_length=REASON_LENGTH, blank=True, help_text=_("The editor's note on why.")
    )
    author = editor_link(_("Who saved the draft last."))
    saved_at = models.DateTimeField(auto_now=True, help_text=_("When the draft was saved last."))
    token = models.CharField(max_length=32, help_text=_("Changes with every save of the draft."))
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the author submitted it for review, if they did.")
    )
    review_comment = models.CharField(
        max_length=REASON_LENGTH,
        blank=True,
        help_text=_("Why a publisher sent it back to its author, for the author to read."),
    )
    reviewed_by = editor_link(_("The publisher who sent it back."))

    objects = RevisionQuerySet.as_manager()

    class Meta:
        default_permissions = ()
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="revision_one_per_record"
            )
        ]

    def __str__(self):
        return gettext("Draft change of %(kind)s %(key)s") % {
            "kind": self.content_type.name,
            "key": self.object_id,
        }

    @classmethod
    def keep(cls, record, relations, author, note, submitted=False):
        """Save ``record``'s fields as they are in memory, with ``relations``, as its draft,
        ``submitted`` for review or not (a publisher's earlier comment goes: it is answered)."""
        fields = {
            column.attname: DjangoJSONEncoder().default(value)
            if isinstance(value, datetime.date | datetime.datetime)
            else value
            for column in drafted_columns(type(record))
            for value in [column.value_from_object(record)]
        }
        revision, _ = cls.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
            object_id=record.pk,
            defaults={
                "fields": fields,
                "relations": {name: sorted(keys) for name, keys in relations.items()},
                "author": author,
                "note": note,
                "token": uuid.uuid4().hex,
                "submitted_at": timezone.now() if submitted else None,
                "review_comment": "",
                "reviewed_by": None,
            },
        )
        return revision

    def send_back(self, publisher, comment):
        """Return the draft to its author, unpublished, with ``comment`` saying why."""
        self.submitted_at = None
        self.reviewed_by = publisher
        self.review_comment = comment
        self.token = uuid.uuid4().hex
        self.save()

    def apply(self, record):
        """Put the draft's fields on ``record`` (in memory: saving it publishes them)."""
        for column in drafted_columns(type(record)):
            if column.attname in self.fields:
                setattr(record, column.attname, column.to_python(self.fields[column.attname]))
        return record

    def changes(self, record):
        """What the draft changes in ``record`` as it is saved: (field, old, new) for each field
        and relation that differs, values as readers see them."""
        draft = self.apply(type(record)._base_manager.get(pk=record.pk))
        changes = []
        for column in drafted_columns(type(record)):
            old, new = column.value_from_object(record), column.value_from_object(draft)
            if old != new:
                shown = [shown_value(record, column), shown_value(draft, column)]
                changes.append((field_label(column), *shown))
        for name, keys in self.relations.items():
            relation = getattr(record, name)
            if sorted(relation.values_list("pk", flat=True)) != keys:
                chosen = relation.model._base_manager.filter(pk__in=keys)
                field = type(record)._meta.get_field(name)
                old, new = (", ".join(map(str, rows)) for rows in (relation.all(), chosen))
                changes.append((field.verbose_name, old, new))
        return changes


def drafted_columns(model):
    """The columns a draft keeps: every one but the key and the timestamps saving sets."""
    return [
        column
        for column in model._meta.concrete_fields
        if not column.primary_key and column.name not in ("created_at", "updated_at")
    ]


def shown_value(record, column):
    if column.is_relation:
        return str(getattr(record, column.name) or "")
    if column.choices:
        return getattr(record, f"get_{column.name}_display")()
    value = column.value_from_object(record)
    return "" if value is None else str(value)


class ScheduleQuerySet(OfRecordQuerySet):
    def due(self, now):
        return self.filter(at__lte=now).order_by("at", "pk")


class Schedule(models.Model):
    """A time at which a record is to be published (a draft record, or a published record's
    draft change) or unpublished; ``manage.py publish_scheduled`` applies it when it is due, in
    the name of the editor who scheduled it, and removes it.

    Until then the record is as it was: nothing scheduled is visible early, however late the
    command runs. Work in progress, not content: no history, not backed up.
    """

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        UNPUBLISH = "unpublish", _("Unpublish")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, help_text=_("The kind of record scheduled.")
    )
    object_id = models.PositiveBigIntegerField(help_text=_("The key of the record scheduled."))
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=9, choices=Action, help_text=_("What is to happen."))
    at = models.DateTimeField(help_text=_("When it is to happen."))
    scheduled_by = editor_link(_("Who scheduled it: the history records the change in their name."))

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        default_permissions = ()
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "action"],
                name="schedule_one_action_per_record",
            )
        ]

    def __str__(self):
        return gettext("%(action)s %(kind)s %(key)s at %(time)s") % {
            "action": self.get_action_display(),
            "kind": self.content_type.name,
            "key": self.object_id,
            "time": self.at,
        }


def drop_work_in_progress_of(sender, instance, using, **_signal_arguments):
    """A deleted record's draft change and schedules go with it (connected in ``apps.py``), so
    that none is applied to, or shown on, another record."""
    for model in (Revision, Schedule):
        model.objects.using(using).of(instance).delete()


def drop_all_work_in_progress(sender, using, **_signal_arguments):
    """A write that replaced content (a restore) drops every draft change and schedule: they
    name records by keys the replaced content no longer gives them."""
    for model in (Revision, Schedule):
        model.objects.using(using).all().delete()


# The models of the app that are not content: they have no history, are not backed up, and no
# public page changes with them.
NOT_CONTENT = (ContentVersion, Revision, Schedule)


# The names Django derives from the declarations ("created_at" is "created at", ``Decision`` is
# "decision"), which the admin shows as labels, column headings and titles. They are marked here
# and given to the fields and models that spell out no name of their own when the app is ready
# (``translate_derived_names``), rather than written into each declaration: there they would
# enter the migrations' state, one AlterField a field, without changing the schema.
DERIVED_NAMES = {
    name: name
    for name in (
        gettext_noop("name"),
        gettext_noop("slug"),
        gettext_noop("status"),
        gettext_noop("citations"),
        gettext_noop("created at"),
        gettext_noop("updated at"),
        gettext_noop("title"),
        gettext_noop("publisher"),
        gettext_noop("kind"),
        gettext_noop("published on"),
        gettext_noop("language"),
        gettext_noop("text"),
        gettext_noop("source"),
        gettext_noop("number"),
        gettext_noop("description"),
        gettext_noop("position"),
        gettext_noop("engagement"),
        gettext_noop("acronym"),
        gettext_noop("summary"),
        gettext_noop("aims"),
        gettext_noop("established on"),
        gettext_noop("launched on"),
        gettext_noop("ended on"),
        gettext_noop("predecessor"),
        gettext_noop("focus areas"),
        gettext_noop("institutions"),
        gettext_noop("partners"),
        gettext_noop("mission"),
        gettext_noop("date"),
        gettext_noop("decided by"),
        gettext_noop("requested by"),
        gettext_noop("action"),
        gettext_noop("statement"),
        gettext_noop("figure"),
        gettext_noop("citation"),
        gettext_noop("institution"),
        gettext_noop("partner"),
        gettext_noop("decision"),
        gettext_noop("principle"),
    )
}


def translate_derived_names():
    """Make the derived names of the app's content models and their fields (``DERIVED_NAMES``)
    lazy translations, shown in the language of each request. Called once, from ``ready()``."""
    for model in [*record_models(), Source, Citation]:
        options = model._meta
        if "verbose_name" not in options.original_attrs and options.verbose_name in DERIVED_NAMES:
            options.verbose_name = _(DERIVED_NAMES[options.verbose_name])
        for field in options.get_fields():
            if (
                getattr(field, "_verbose_name", True) is None
                and field.verbose_name in DERIVED_NAMES
            ):
                field.verbose_name = _(DERIVED_NAMES[field.verbose_name])
