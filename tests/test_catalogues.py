"""The interface speaks French and Arabic: every string the code marks has a translation in its
package's catalogue, and Django reads the compiled catalogues (`make install` compiles them)."""

import pytest
from django.utils import translation

from scripts import catalogues


def test_every_marked_string_is_translated_into_french_and_arabic():
    found = catalogues.all_problems()
    assert not found, "Run `python scripts/catalogues.py update`, then translate:\n" + "\n".join(
        found
    )


def test_a_string_marked_without_a_translation_is_caught(tmp_path):
    package = catalogues.Package("shop", templates=("shop/*.html",), root=tmp_path)
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "views.py").write_text(
        'from django.utils.translation import gettext as _\nTITLE = _("Opening hours")\n'
    )
    (tmp_path / "shop" / "page.html").write_text(
        '{% load i18n %}<p>{% translate "Closed on Sundays" %}</p>\n'
    )
    catalogue = package.catalogue("fr")
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Opening hours"\nmsgstr "Heures d\'ouverture"\n\n'
        'msgid "Closed on Mondays"\nmsgstr "Fermé le lundi"\n'
    )

    found = catalogues.problems(package, "fr")

    assert found == [
        "shop/locale/fr/LC_MESSAGES/django.po: no entry for 'Closed on Sundays' (shop/page.html:1)",
        "shop/locale/fr/LC_MESSAGES/django.po: 'Closed on Mondays' is no longer marked in the code",
    ]
    assert catalogues.problems(package, "ar") == [
        f"{package.catalogue('ar')} is missing (2 strings to translate)"
    ]


def test_the_messages_of_jinja2_templates_are_read(tmp_path):
    package = catalogues.Package(
        "shop", templates=("shop/*.html",), root=tmp_path, template_language="jinja2"
    )
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "page.html").write_text(
        '<p>{{ _("Closed on Sundays") }}</p>\n'
        '<p>{{ pgettext("a shop\'s door", "Open") }}</p>\n'
        "{% trans trimmed count = days %}\n  {{ count }} day\n{% pluralize %}\n"
        "  {{ count }} days\n{% endtrans %}\n"
    )

    found = {
        (message.id, message.context, tuple(message.locations))
        for message in catalogues.code_catalogue(package)
        if message.id
    }

    assert found == {
        ("Closed on Sundays", None, (("shop/page.html", 1),)),
        ("Open", "a shop's door", (("shop/page.html", 2),)),
        (("%(count)s day", "%(count)s days"), None, (("shop/page.html", 3),)),
    }


def test_a_translation_with_other_placeholders_than_its_string_is_caught(tmp_path):
    package = catalogues.Package("shop", root=tmp_path)
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "views.py").write_text(
        'from django.utils.translation import gettext as _\n_("Open until %(hour)s")\n'
    )
    catalogue = package.catalogue("fr")
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        '#, python-format\nmsgid "Open until %(hour)s"\nmsgstr "Ouvert jusqu\'à %(heure)s"\n'
    )

    assert any("placeholder" in problem for problem in catalogues.problems(package, "fr"))


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_django_speaks_each_catalogue(language):
    translated = [
        message
        for package in catalogues.PACKAGES
        if package.catalogue(language).exists()
        for message in catalogues.read_catalogue(package.catalogue(language))
        if message.id and not message.pluralizable and message.string
    ]
    assert translated, f"no {language} catalogue has a translation yet"
    with translation.override(language):
        shown = {
            message.id: translation.pgettext(message.context, message.id)
            if message.context
            else translation.gettext(message.id)
            for message in translated
        }
    assert shown == {message.id: message.string for message in translated}


def test_a_message_marked_inside_an_f_string_is_caught(tmp_path):
    """The catalogues' reader finds no message inside an f-string: such a message would never be
    translated."""
    package = catalogues.Package("shop", root=tmp_path)
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "views.py").write_text(
        "from django.utils.translation import gettext as _\n"
        'CLOSED = _("Closed")\n'
        "OPEN = f\"{_('Open')} today\"\n"
        'NOTE = f"_(not a call) {CLOSED}"\n'
    )

    assert catalogues.marks_in_f_strings(package) == [
        "shop/views.py:3: a message marked inside an f-string, which the catalogues cannot read:"
        " mark it outside the f-string"
    ]
