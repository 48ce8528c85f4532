"""Adding a source in the admin: paste its text or upload it, check its numbered sentences, save.

The editor pastes the document's text, or uploads a plain-text (UTF-8) or HTML file, whose main
text ``missions.sources.text_from_html`` extracts. The first save of a new text does not save: it
shows the text split into numbered sentences (the citations the source will have) and puts the
text in the form; saving again, with the text unchanged, saves it. Each sentence of a new source
becomes its numbered citation.

A text that no longer has, at their numbers, the sentences that existing citations quote is
refused, naming them, so that nothing a record cites changes silently.
"""

import hashlib
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from missions.models import Citation
from missions.sources import sentences, text_from_html

from .versioning import RecordForm

# Larger than any document the record cites (the seed's is 4 KB; a long report's HTML a few MB).
UPLOAD_LIMIT = 10 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt"}


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def read_upload(upload):
    """The text of an uploaded document, or a ValidationError saying what to upload instead."""
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise ValidationError(
            f"“{upload.name}” is neither a plain-text (.txt) nor an HTML (.html) file: upload "
            "one of those, or paste the text."
        )
    if upload.size > UPLOAD_LIMIT:
        raise ValidationError(
            f"“{upload.name}” is larger than {UPLOAD_LIMIT // (1024 * 1024)} MB: upload the "
            "document's text only, or paste it."
        )
    content = upload.read()
    if suffix in HTML_SUFFIXES:
        text = text_from_html(content)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                f"“{upload.name}” is not UTF-8 text (byte {error.start + 1} cannot be read): "
                "save it as UTF-8 and upload it again, or paste the text."
            ) from None
    if not text.strip():
        raise ValidationError(f"“{upload.name}” holds no text to cite.")
    return text


class SourceForm(RecordForm):
    """A source's form: its text pasted or uploaded, previewed as numbered sentences before
    it is saved."""

    upload = forms.FileField(
        required=False,
        label="Or upload the document",
        help_text=(
            "A plain-text (.txt, UTF-8) or HTML (.html) file. From HTML only the main text is "
            "kept, a line a paragraph: navigation, scripts and styles are dropped. It replaces "
            "any text pasted above."
        ),
    )
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = None
        if "text" in self.fields:
            self.fields["text"].required = False
            self.fields["text"].strip = False
            self.fields["text"].help_text = (
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
                "text", "Paste the document's text, or upload it as a .txt or .html file."
            )
            return cleaned_data
        cleaned_data["text"] = text
        if self.instance.pk is not None and text == self.instance.text:
            return cleaned_data
        self._refuse_changed_citations(text)
        if cleaned_data.get("previewed") != digest(text):
            self.preview = sentences(text)
            self._set_data("previewed", digest(text))
            raise ValidationError(
                f"Not saved yet: check the {len(self.preview)} numbered sentences below (each "
                "will be a citation), then save again to keep them."
            )
        return cleaned_data

    def _refuse_changed_citations(self, text):
        if self.instance.pk is None:
            return
        numbered = {sentence.number: sentence.text for sentence in sentences(text)}
        changed = [
            citation
            for citation in self.instance.citations.order_by("number")
            if numbered.get(citation.number) != citation.text
        ]
        if changed:
            listed = "; ".join(
                f"§{c.number} “{c.text[:60]}”"
                + (
                    f" would read “{numbered[c.number][:60]}”"
                    if c.number in numbered
                    else " would go"
                )
                for c in changed[:5]
            )
            more = f" and {len(changed) - 5} more" if len(changed) > 5 else ""
            raise ValidationError(
                f"Not saved: the new text changes {len(changed)} sentence"
                f"{'s' if len(changed) != 1 else ''} that citations quote ({listed}{more}). "
                "Keep those sentences as they are and at their numbers, or change the citations "
                "first."
            )


def add_citations(source):
    """Give ``source`` a citation for each of its sentences that has none yet, each with its
    history entry."""
    existing = set(source.citations.values_list("number", flat=True))
    with transaction.atomic():
        for sentence in sentences(source.text):
            if sentence.number not in existing:
                Citation.objects.create(source=source, number=sentence.number, text=sentence.text)
