"""Property: whatever the content, export -> restore into an empty database -> export is
byte-identical, and the restored records hold exactly the generated values.

Hypothesis generates unicode and long texts (a source's whole text among them, line breaks and
spacing included), every date precision, and relations from empty to
full. Bounded (few examples, no deadline) so the suite stays quick.
"""

import datetime
import gzip

from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missions.models import (
    SUMMARY_LENGTH,
    Body,
    Citation,
    Decision,
    Institution,
    Mission,
    Source,
)
from missions.sources import split_sentences

from .test_backup import empty_database

# Any character a database stores: PostgreSQL refuses NUL, and UTF-8 has no lone surrogates.
CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
SHORT = st.text(CHARACTERS, max_size=40)
# Long texts up to the shortest limit they are used for (a summary's).
LONG = st.tuples(st.text(CHARACTERS, min_size=1, max_size=30), st.integers(50, 300)).map(
    lambda parts: (parts[0] * parts[1])[:SUMMARY_LENGTH]
)
# Required texts: the restore validates like the admin does, and the admin refuses blanks.
TEXT = st.one_of(st.text(CHARACTERS, min_size=1, max_size=40), LONG)
# A source's whole text: any characters, line breaks and spacing kept as they are; its citations
# are its sentences.
DOCUMENT = st.text(CHARACTERS, min_size=1, max_size=1_500).filter(split_sentences)
PRECISIONS = st.sampled_from(["year", "month", "day"])


@st.composite
def partial_dates(draw, *, optional=False):
    """A date and its precision, as the models require: month dates on the 1st, year dates on
    1 January."""
    if optional and draw(st.booleans()):
        return None, ""
    precision = draw(PRECISIONS)
    day = draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)))
    if precision in ("month", "year"):
        day = day.replace(day=1)
    if precision == "year":
        day = day.replace(month=1)
    return day, precision


@st.composite
def contents(draw):
    return {
        "document": draw(DOCUMENT),
        "institutions": draw(st.lists(SHORT, max_size=3)),
        "mission_text": draw(TEXT),
        "launched": draw(partial_dates(optional=True)),
        "decisions": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "name": SHORT,
                        "summary": TEXT,
                        # An editor's translations travel with the English.
                        "name_ar": SHORT,
                        "summary_fr": TEXT,
                        "date": partial_dates(),
                        "status": st.sampled_from(["draft", "published"]),
                        "requested": st.booleans(),
                        "citations": st.sampled_from(["none", "some", "all"]),
                        "institutions": st.sampled_from(["none", "all"]),
                    }
                ),
                max_size=4,
            )
        ),
    }


def create(content):
    source = Source.objects.create(title="Source", slug="source", text=content["document"])
    citations = [
        Citation.objects.create(source=source, number=number, text=text)
        for number, text in enumerate(split_sentences(content["document"])[:4], start=1)
    ]
    institutions = [
        Institution.objects.create(name=f"{name} #{number}", slug=f"institution-{number}")
        for number, name in enumerate(content["institutions"])
    ]
    decider = Body.objects.create(name="Council", slug="council", kind="nato")
    asker = Body.objects.create(name="Government", slug="government", kind="government")
    launched_on, launched_precision = content["launched"]
    mission = Mission.objects.create(
        name="Mission",
        slug="mission",
        acronym="M",
        summary=content["mission_text"],
        launched_on=launched_on,
        launched_on_precision=launched_precision,
    )
    mission.citations.set(citations)
    for number, generated in enumerate(content["decisions"]):
        day, precision = generated["date"]
        decision = Decision.objects.create(
            name=f"{generated['name']} #{number}",
            slug=f"decision-{number}",
            status=generated["status"],
            mission=mission,
            date=day,
            date_precision=precision,
            decided_by=decider,
            requested_by=asker if generated["requested"] else None,
            action="establish",
            summary=generated["summary"],
            name_ar=generated["name_ar"],
            summary_fr=generated["summary_fr"],
        )
        chosen = {"none": [], "some": citations[:1], "all": citations}[generated["citations"]]
        decision.citations.set(chosen)
        decision.institutions.set(institutions if generated["institutions"] == "all" else [])


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=contents())
def test_any_content_survives_a_round_trip_byte_for_byte(db, tmp_path, content):
    empty_database()
    create(content)
    backup = tmp_path / "backup.jsonl.gz"
    call_command("export_backup", output=str(backup), overwrite=True, verbosity=0)
    empty_database()

    call_command("restore_backup", str(backup), verbosity=0)
    again = tmp_path / "again.jsonl.gz"
    call_command("export_backup", output=str(again), overwrite=True, verbosity=0)

    assert gzip.decompress(again.read_bytes()) == gzip.decompress(backup.read_bytes())
    texts = list(Citation.objects.order_by("number").values_list("text", flat=True))
    assert texts == split_sentences(content["document"])[:4]
    assert Source.objects.get().text == content["document"]
    assert Mission.objects.get().summary == content["mission_text"]
    for number, generated in enumerate(content["decisions"]):
        decision = Decision.objects.get(slug=f"decision-{number}")
        assert (decision.date, decision.date_precision) == generated["date"]
        assert decision.summary_en == generated["summary"]
        assert decision.summary_fr == generated["summary_fr"]
        assert decision.name_ar == generated["name_ar"]
