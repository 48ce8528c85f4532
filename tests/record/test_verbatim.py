"""A citation always quotes its source verbatim: the admin, loaddata and restore_backup refuse a
citation whose text is not that sentence of its source, naming citation, source and sentence."""

import json

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from missions.models import Citation, Source


def seed_with(change):
    """The seed fixture with ``change(citation)`` applied to the citation of sentence 9."""
    seed = json.loads((settings.BASE_DIR / "fixtures" / "nmi.json").read_text(encoding="utf-8"))
    for record in seed:
        if record["model"] == "missions.citation" and record["fields"]["number"] == 9:
            change(record["fields"])
    return seed


def test_a_citation_that_is_not_its_sentence_is_refused_with_the_sentence(seeded):
    citation = Citation.objects.get(number=9)
    citation.text = citation.text.replace("July 2018", "June 2018")
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    [message] = error.value.message_dict["text"]
    assert message.startswith(
        "Citation nato-mission-iraq §9: its text is not sentence 9 of “NATO Mission Iraq "
        "(source document)”, which reads: “The mission was established at the NATO Summit"
    )
    assert message.endswith("Copy the sentence exactly as the source words it, with its number.")


def test_a_citation_giving_the_wrong_number_is_told_the_right_one(seeded):
    citation = Citation.objects.get(number=9)
    citation.text = Citation.objects.get(number=10).text
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "The text is sentence 10: give that number." in error.value.message_dict["text"][0]


def test_a_citation_beyond_the_last_sentence_is_refused(seeded):
    citation = Citation(source=Source.objects.get(), number=23, text="Anything.")
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert (
        "“NATO Mission Iraq (source document)” has 22 sentences, so there is no sentence 23"
        in error.value.message_dict["text"][0]
    )


def test_loaddata_refuses_a_misquoted_citation_and_loads_nothing(db, tmp_path):
    path = tmp_path / "misquoted.json"
    seed = seed_with(lambda fields: fields.update(text=fields["text"].upper()))
    path.write_text(json.dumps(seed), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("loaddata", str(path), verbosity=0)
    message = str(error.value)
    assert str(path) in message
    assert 'missions.citation ["nato-mission-iraq", 9]' in message
    assert "field 'text'" in message
    assert "is not sentence 9 of “NATO Mission Iraq (source document)”" in message
    assert not Citation.objects.exists()
    assert not Source.objects.exists()


def test_the_admin_refuses_a_misquoted_citation_and_keeps_it_as_it_was(admin_client, seeded):
    citation = Citation.objects.get(number=9)
    response = admin_client.post(
        f"/admin/missions/citation/{citation.pk}/change/",
        {"source": citation.source_id, "number": 9, "text": "NMI was set up in 2018."},
    )
    assert response.status_code == 200
    assert "is not sentence 9 of “NATO Mission Iraq (source document)”" in response.text.replace(
        "&ldquo;", "“"
    ).replace("&rdquo;", "”")
    citation.refresh_from_db()
    assert citation.text.startswith("The mission was established at the NATO Summit")
