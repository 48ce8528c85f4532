"""The public pages' Jinja2 environment writes what Django's templates wrote: the same escaping,
empty missing values, the same messages; and it writes only the public pages."""

import pytest
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.template.backends.jinja2 import Jinja2
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

TRICKY = 'Iraq\'s "mission" & <b>partners</b>'


def rendered(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_a_value_is_escaped_as_django_escapes_it():
    written = rendered("{{ text }}", text=TRICKY)
    assert written == escape(TRICKY)
    assert "&#x27;" in written  # where MarkupSafe writes &#39;
    assert "&quot;" in written  # and &#34;


def test_html_is_written_as_it_is():
    assert rendered("{{ html }}", html=mark_safe("<b>bold</b>")) == "<b>bold</b>"


def test_a_message_s_values_are_escaped_as_blocktranslate_escapes_them():
    written = rendered(
        "{% trans name = text|escaped %}<a>{{ name }}</a>{% endtrans %}", text=TRICKY
    )
    assert written == f"<a>{escape(TRICKY)}</a>"


def test_a_message_is_escaped_as_translate_escapes_it():
    assert rendered("{{ _(text) }}", text=TRICKY) == escape(TRICKY)


def test_a_missing_value_is_empty_as_in_django_s_templates():
    assert rendered("[{{ missing }}|{{ missing.name }}|{{ here.missing }}]", here=object()) == (
        "[||]"
    )


def test_a_template_s_last_line_break_is_kept():
    assert rendered("line\n") == "line\n"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Search the record"), ("fr", "Rechercher dans le dossier")],
)
def test_messages_are_in_the_active_language(language, expected):
    with translation.override(language):
        assert rendered('{{ _("Search the record") }}') == expected


@pytest.mark.parametrize(
    ("name", "engine"),
    [
        ("public/base.html", Jinja2),
        ("public/includes/footnotes.html", Jinja2),
        ("404.html", Jinja2),
        ("500.html", Jinja2),
        ("public/sitemap.xml", DjangoTemplates),
        ("admin/base_site.html", DjangoTemplates),
    ],
)
def test_jinja2_writes_the_public_pages_and_django_the_rest(name, engine):
    assert isinstance(get_template(name).backend, engine)
