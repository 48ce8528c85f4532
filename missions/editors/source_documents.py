"""Adding a source in the admin: paste its text or upload it, check its numbered sentences, save.

The editor pastes the document's text, or uploads a plain-text (UTF-8) or HTML file, whose main
text ``missions.sources.text_from_html`` extracts. The first save of a new text does not save: it
shows the text split into numbered sentences (the citations the source will have) and puts the
text in the form; saving again, with the text unchanged, saves it. Each sentence of a new source
becomes its numbered citation.

A source's text may be replaced by a newer version of the document: each citation follows its
sentence to its new number; a citation whose sentence changed or went is kept (nothing a record
cites is deleted), shown in the preview, and listed by content health, with the closest sentence of
the new text and the records relying on it, until an editor confirms or moves it.
"""

import hashlib
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from missions.models import Citation
from missions.sources import sentences, text_from_html

from .versioning import RecordForm

# The code of the stop that shows a text's numbered sentences before they are saved: not an error
# of the editor's, so the form's top shows it as a notice (form_errors.py).
PREVIEW = "preview"

# Larger than any document the record cites (the seed's is 4 KB; a long report's HTML a few MB).
UPLOAD_LIMIT = 10 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm"}
# Sentences at least this alike (difflib's ratio) are taken for two wordings of one sentence:
# "in July 2018" and "in June 2018" in the seed's sentence 9 are 0.98.
SAME_SENTENCE = 0.6
TEXT_SUFFIXES = {".txt"}


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def read_upload(upload):
    """The text of an uploaded document, or a ValidationError saying what to upload instead."""
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise ValidationError(
            _(
                "“%(name)s” is neither a plain-text (.txt) nor an HTML (.html) file: upload one "
                "of those, or paste the text."
            )
            % {"name": upload.name}
        )
    if upload.size > UPLOAD_LIMIT:
        raise ValidationError(
            _(
                "“%(name)s” is larger than %(megabytes)s MB: upload the document's text only, or "
                "paste it."
            )
            % {"name": upload.name, "megabytes": UPLOAD_LIMIT // (1024 * 1024)}
        )
    content = upload.read()
    if suffix in HTML_SUFFIXES:
        text = text_from_html(content)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _(
                    "“%(name)s” is not UTF-8 text (byte %(byte)s cannot be read): save it as "
                    "UTF-8 and upload it again, or paste the text."
                )
                % {"name": upload.name, "byte": error.start + 1}
            ) from None
    if not text.strip():
        raise ValidationError(_("“%(name)s” holds no text to cite.") % {"name": upload.name})
    return text


class SourceForm(RecordForm):
    """A source's form: its text pasted or uploaded, previewed as numbered sentences before
    it is saved."""

    upload = forms.FileField(
        required=False,
        label=gettext_lazy("Or upload the document"),
        help_text=gettext_lazy(
            "A plain-text (.txt, UTF-8) or HTML (.html) file. From HTML only the main text is "
            "kept, a line a paragraph: navigation, scripts and styles are dropped. It replaces "
            "any text pasted above."
        ),
    )
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = None
        self.replacement = None
        if "text" in self.fields:
            self.fields["text"].required = False
            self.fields["text"].strip = False
            self.fields["text"].help_text = _(
                "Paste the document's whole text, exactly as published: a line a paragraph. It "
                "is split into numbered sentences, which records cite; you see them before it "
                "is saved."
            )

    def clean(self):
        cleaned_data = super().clean()
        if "text" not in self.fields:
            return cleaned_data
        upload = cleaned_data.get("upload")
        text = cleaned_data.get("text") or ""
        if upload:
            try:
                text = read_upload(upload)
            except ValidationError as error:
                self.add_error("upload", error)
                return cleaned_data
            self._set_data("text", text)
        if not text.strip():
            self.add_error(
                "text", _("Paste the document's text, or upload it as a .txt or .html file.")
            )
            return cleaned_data
        cleaned_data["text"] = text
        if self.instance.pk is not None and text == self.instance.text:
            return cleaned_data
        if cleaned_data.get("previewed") != digest(text):
            self.preview = sentences(text)
            self.replacement = self._plan_replacement(text)
            self._set_data("previewed", digest(text))
            raise ValidationError(
                ngettext(
                    "Not saved yet: check the %(count)d numbered sentence below (it will be a "
                    "citation), then save again to keep it.",
                    "Not saved yet: check the %(count)d numbered sentences below (each will be a "
                    "citation), then save again to keep them.",
                    len(self.preview),
                )
                % {"count": len(self.preview)},
                code=PREVIEW,
            )
        return cleaned_data

    def _plan_replacement(self, text):
        """For a source's new text: which citations move to another number, and which quote
        a sentence the new text no longer has (shown in the preview, and by content health
        once saved)."""
        if self.instance.pk is None:
            return None
        return plan_citations(self.instance.citations.order_by("number"), sentences(text))


@dataclass(frozen=True)
class CitationPlan:
    """Where each citation of a source goes when its text is replaced."""

    targets: dict
    changed: list

    @property
    def renumbered(self):
        return [
            (citation, number)
            for citation, number in self.targets.items()
            if number != citation.number and citation not in self.changed
        ]


def plan_citations(citations, new_sentences):
    """Each citation keeps the sentence it quotes, at that sentence's number in the new text.
    A citation whose sentence changed or went (``changed``) takes the number of the new
    sentence most like it that no citation quotes, if one is alike enough to be its new wording,
    else a number past the end; content health lists it until an editor confirms or moves it."""
    numbers_of = {}
    for sentence in new_sentences:
        numbers_of.setdefault(sentence.text, []).append(sentence.number)
    targets, changed = {}, []
    for citation in citations:
        numbers = numbers_of.get(citation.text)
        if numbers:
            targets[citation] = numbers.pop(0)
        else:
            changed.append(citation)
    taken = set(targets.values())
    beyond = len(new_sentences)
    for citation in changed:
        free = [sentence for sentence in new_sentences if sentence.number not in taken]
        closest = max(free, key=lambda s: similarity(citation.text, s.text), default=None)
        if closest is not None and similarity(citation.text, closest.text) >= SAME_SENTENCE:
            targets[citation] = closest.number
        else:
            beyond += 1
            targets[citation] = beyond
        taken.add(targets[citation])
    return CitationPlan(targets, changed)


def similarity(text, other):
    return SequenceMatcher(a=text, b=other, autojunk=False).ratio()


# Numbers are unique within a source: moved citations pass through numbers above any real one.
_MOVING = 10_000_000


def replace_citations(source):
    """After ``source``'s text was replaced: move each citation to its sentence's new number
    (each move in the citation's history), then give each new sentence its citation. Nothing a
    record cites is deleted."""
    plan = plan_citations(source.citations.order_by("number"), sentences(source.text))
    moving = [(c, n) for c, n in plan.targets.items() if c.number != n]
    with transaction.atomic():
        Citation.objects.filter(pk__in=[c.pk for c, _ in moving]).update(
            number=F("number") + _MOVING
        )
        for citation, number in moving:
            citation._change_reason = (
                f"Sentence {citation.number} of the replaced text is sentence {number}"
            )[:100]
            citation.number = number
            citation.save(update_fields=["number", "updated_at"])
        add_citations(source)
    return plan


def add_citations(source):
    """Give ``source`` a citation for each of its sentences that has none yet, each with its
    history entry."""
    existing = set(source.citations.values_list("number", flat=True))
    with transaction.atomic():
        for sentence in sentences(source.text):
            if sentence.number not in existing:
                Citation.objects.create(source=source, number=sentence.number, text=sentence.text)
