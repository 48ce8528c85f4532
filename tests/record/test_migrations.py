"""Migration 0004_source_document: a source kept as a file becomes a document in the database."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("missions", "0003_decision_search_index")]
AFTER = [("missions", "0004_source_document")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_a_source_file_becomes_the_sources_text_and_the_source_is_published(settings):
    old = migrate(BEFORE)
    old.get_model("missions", "Source").objects.create(
        title="NATO Mission Iraq (source document)",
        slug="nato-mission-iraq",
        path="fixtures/sources/nato-mission-iraq.txt",
    )
    new = migrate(AFTER)
    source = new.get_model("missions", "Source").objects.get()
    assert source.text == settings.SOURCE_DOCUMENT.read_text(encoding="utf-8")
    assert source.status == "published"
    assert (source.publisher, source.url) == ("", "")
    call_command("migrate", verbosity=0)


def test_a_source_file_that_cannot_be_read_stops_the_migration_naming_it():
    old = migrate(BEFORE)
    old.get_model("missions", "Source").objects.create(
        title="Lost", slug="lost", path="fixtures/sources/no-such-file.txt"
    )
    with pytest.raises(RuntimeError, match="Source 'lost': its text file fixtures/sources/no-such"):
        migrate(AFTER)
    old.get_model("missions", "Source").objects.all().delete()
    call_command("migrate", verbosity=0)
