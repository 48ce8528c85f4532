"""The languages the record is written in, and its texts translated by editors.

The record is written in English; editors translate each record's name and texts into French and
Arabic. django-translated-fields declares each translated text once,
``name = translated(models.CharField(...))``, and gives the model an ordinary column per language
(``name_en``, ``name_fr``, ``name_ar``) when the class is created, so history, serializers
(fixtures, backups), search and the admin see plain fields. Queries name the columns; reading
``record.name`` gives the active language's text, or the English original while there is no
translation (``is_translated`` tells which). Nothing is translated by machine: an empty column
means no editor has translated the text yet.
"""

import functools

from django.utils.translation import get_language
from translated_fields import TranslatedField, to_attribute

# The record's languages, English first: it is the original, which every record must have.
ORIGINAL = "en"
CONTENT_LANGUAGES = (ORIGINAL, "fr", "ar")
# The languages an editor translates into.
TRANSLATIONS = CONTENT_LANGUAGES[1:]


def active_language():
    """The record's language for the active one: ``fr`` for ``fr-ca``, English for a language
    the record is not written in (or none, as in commands)."""
    return _record_language(get_language())


@functools.lru_cache(maxsize=64)
def _record_language(code):
    """The record's language for the language ``code``: worked out once for each, as a page
    asks for it hundreds of times."""
    language = (code or ORIGINAL).split("-")[0].lower()
    return language if language in CONTENT_LANGUAGES else ORIGINAL


@functools.lru_cache(maxsize=256)
def column(name, language):
    """The column holding the translated text ``name`` in ``language``: ``name_fr``. Worked out
    once for each, as a page reads a hundred texts."""
    return to_attribute(name, language)


def or_original(name, field):
    """django-translated-fields' attrgetter: the active language's text, or the English original
    while it is untranslated (empty); a field with no English (a citation's translation) gives
    an empty string then."""

    def getter(record):
        return text_in(record, name, active_language())[0]

    return getter


def text_in(record, name, language):
    """``record``'s text ``name`` in ``language``, or its English original while that is
    untranslated (empty; an empty string for a text with no English, as a citation's
    translation), and whether it is ``language``'s own: ``(text, translated)``. For a caller
    that shows many texts in one language and reads the language once for them all, where
    each text's getter (``or_original``) asks for it anew."""
    text = getattr(record, column(name, language), "")
    if text or language == ORIGINAL:
        return text, True
    return getattr(record, column(name, ORIGINAL), ""), False


def into_active_language(name, field):
    """django-translated-fields' attrsetter: assigning ``record.name`` sets the active language's
    column (English outside the record's languages), as ``Decision(name=...)`` does."""

    def setter(record, value):
        language = active_language()
        setattr(record, column(name, language if language in field.languages else ORIGINAL), value)

    return setter


class TranslatedText(property):
    """The attribute of a translated text (``record.name``): a property, so that models accept
    it as a keyword (``Mission(name=...)``) as they did before it was translated."""

    def __init__(self, field, name):
        super().__init__(field._getter, field._setter, doc=f"The {name} in the active language.")
        self.field = field


class Translated(TranslatedField):
    """A ``TranslatedField`` read through a property (see ``TranslatedText``)."""

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        setattr(cls, name, TranslatedText(self, name))


def translated(field, languages=CONTENT_LANGUAGES):
    """``field`` in each of ``languages``: the English one as ``field`` says (required unless it
    is ``blank``), the translations always blank, as a record is published in English first."""
    return Translated(
        field,
        {language: {"blank": True} for language in languages if language != ORIGINAL},
        languages=languages,
        attrgetter=or_original,
        attrsetter=into_active_language,
    )


def translated_texts(model):
    """The names of ``model``'s translated texts, each with the languages it has, in the order
    of their columns: ``{"name": ("en", "fr", "ar"), "summary": (...)}``."""
    found = {}
    for klass in reversed(model.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, TranslatedText):
                found[name] = value.field
    order = {field.attname: index for index, field in enumerate(model._meta.concrete_fields)}
    return {
        name: tuple(field.languages)
        for name, field in sorted(found.items(), key=lambda item: order[item[1].fields[0]])
    }


def is_translated(record, name, language=None):
    """Whether ``record``'s text ``name`` has its own text in ``language`` (the active one by
    default); English always counts as translated, being the original."""
    language = language or active_language()
    return language == ORIGINAL or bool(getattr(record, column(name, language), ""))


def untranslated(record, language):
    """The names of ``record``'s texts with an English original and no ``language`` text."""
    return [
        name
        for name, languages in translated_texts(type(record)).items()
        if ORIGINAL in languages
        and getattr(record, column(name, ORIGINAL))
        and not is_translated(record, name, language)
    ]


def columns(*names, languages=CONTENT_LANGUAGES):
    """The columns of the translated texts ``names`` in ``languages``, text by text: what admin
    searches and queries that look in every language name."""
    return [column(name, language) for name in names for language in languages]


def language_of(field):
    """The language of a model field that holds a translated text (``name_fr``: ``fr``), or None
    for any other field."""
    return getattr(field, "_translated_field_language_code", None)


def field_label(field):
    """A model field's name as editors read it: a translation's names its language, as its box
    in the change form does ("summary [fr]"); any other field's is its verbose name."""
    language = language_of(field)
    if language in (None, ORIGINAL):
        return field.verbose_name
    return f"{field.verbose_name} [{language}]"
