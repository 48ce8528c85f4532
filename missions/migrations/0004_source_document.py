"""A source is a document kept in the database: its metadata, its whole text and a status.

Sources existing before this migration kept their text in a file named by ``path`` (relative to
the project folder) and were shown on the public pages: their text is read from that file, they
are published, and ``path`` goes. A file that cannot be read stops the migration, naming it,
rather than leaving a source without the sentences its citations quote.
"""

from pathlib import Path

import django.core.validators
from django.conf import settings
from django.db import migrations, models


def read_texts_from_files(apps, schema_editor):
    sources = apps.get_model("missions", "Source").objects.using(schema_editor.connection.alias)
    for source in sources.exclude(path=""):
        try:
            text = (Path(settings.BASE_DIR) / source.path).read_text(encoding="utf-8")
        except OSError as error:
            raise RuntimeError(
                f"Source {source.slug!r}: its text file {source.path} cannot be read ({error}); "
                "put the file back and migrate again."
            ) from error
        sources.filter(pk=source.pk).update(text=text, status="published")

class Migration(migrations.Migration):

    dependencies = [
        ('missions', '0003_decision_search_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalsource',
            name='accessed_on',
            field=models.DateField(blank=True, help_text='When the document was read at its address.', null=True, verbose_name='date accessed'),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='kind',
            field=models.CharField(blank=True, choices=[('web-page', 'Web page'), ('press-release', 'Press release'), ('communique', 'Communiqué'), ('speech', 'Speech'), ('report', 'Report'), ('other', 'Other')], help_text='What sort of document it is; empty if it is not clear.', max_length=20),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='language',
            field=models.CharField(blank=True, help_text="The document's language as a BCP 47 tag: en, fr, ar, ...", max_length=35, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', 'Enter a language tag such as en, fr or ar (BCP 47), or leave it empty.')]),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='published_on',
            field=models.DateField(blank=True, help_text="When the document was published, if it says.", null=True),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='published_on_precision',
            field=models.CharField(blank=True, choices=[('year', 'Year only (e.g. 2004)'), ('month', 'Month and year (e.g. July 2018)'), ('day', 'Exact day (e.g. 3 July 2018)')], help_text='How much of the date the source gives: the year, the month or the day.', max_length=5, verbose_name='published date precision'),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='publisher',
            field=models.CharField(blank=True, help_text='Who published the document, as it states; empty if it does not say.', max_length=200),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', help_text='Drafts are visible to editors only; published sources have a public page.', max_length=9),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='text',
            field=models.TextField(default='', help_text="The document's whole text, exactly as published: citations quote its sentences. At most 500,000 characters.", max_length=500000, validators=[django.core.validators.MaxLengthValidator(500000)]),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='url',
            field=models.URLField(blank=True, help_text='The address (URL) where the document was read; empty for a document not online.', max_length=500, verbose_name='address'),
        ),
        migrations.AddField(
            model_name='source',
            name='accessed_on',
            field=models.DateField(blank=True, help_text='When the document was read at its address.', null=True, verbose_name='date accessed'),
        ),
        migrations.AddField(
            model_name='source',
            name='kind',
            field=models.CharField(blank=True, choices=[('web-page', 'Web page'), ('press-release', 'Press release'), ('communique', 'Communiqué'), ('speech', 'Speech'), ('report', 'Report'), ('other', 'Other')], help_text='What sort of document it is; empty if it is not clear.', max_length=20),
        ),
        migrations.AddField(
            model_name='source',
            name='language',
            field=models.CharField(blank=True, help_text="The document's language as a BCP 47 tag: en, fr, ar, ...", max_length=35, validators=[django.core.validators.RegexValidator('^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', 'Enter a language tag such as en, fr or ar (BCP 47), or leave it empty.')]),
        ),
        migrations.AddField(
            model_name='source',
            name='published_on',
            field=models.DateField(blank=True, help_text="When the document was published, if it says.", null=True),
        ),
        migrations.AddField(
            model_name='source',
            name='published_on_precision',
            field=models.CharField(blank=True, choices=[('year', 'Year only (e.g. 2004)'), ('month', 'Month and year (e.g. July 2018)'), ('day', 'Exact day (e.g. 3 July 2018)')], help_text='How much of the date the source gives: the year, the month or the day.', max_length=5, verbose_name='published date precision'),
        ),
        migrations.AddField(
            model_name='source',
            name='publisher',
            field=models.CharField(blank=True, help_text='Who published the document, as it states; empty if it does not say.', max_length=200),
        ),
        migrations.AddField(
            model_name='source',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', help_text='Drafts are visible to editors only; published sources have a public page.', max_length=9),
        ),
        migrations.AddField(
            model_name='source',
            name='text',
            field=models.TextField(default='', help_text="The document's whole text, exactly as published: citations quote its sentences. At most 500,000 characters.", max_length=500000, validators=[django.core.validators.MaxLengthValidator(500000)]),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='source',
            name='url',
            field=models.URLField(blank=True, help_text='The address (URL) where the document was read; empty for a document not online.', max_length=500, verbose_name='address'),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='slug',
            field=models.SlugField(db_index=False, help_text="The source's address on the public site and its key in fixtures and backups; citations refer to it. Change it only before publishing, as links will break.", max_length=100),
        ),
        migrations.AlterField(
            model_name='source',
            name='slug',
            field=models.SlugField(db_index=False, help_text="The source's address on the public site and its key in fixtures and backups; citations refer to it. Change it only before publishing, as links will break.", max_length=100),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('published_on__isnull', False), models.Q(('published_on_precision', ''), _negated=True)), models.Q(('published_on__isnull', True), ('published_on_precision', '')), _connector='OR'), name='source_published_on_has_precision', violation_error_message='Give both the published date and its precision, or neither: fill in the one missing.'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('published_on_precision__in', ['month', 'year']), _negated=True), ('published_on__day', 1), _connector='OR'), name='source_published_on_month_precision_on_first', violation_error_message='A published date known only to the month or year is entered as its first day: enter the 1st.'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('published_on_precision', 'year'), _negated=True), ('published_on__month', 1), _connector='OR'), name='source_published_on_year_precision_in_january', violation_error_message='A published date known only to the year is entered as its first day: enter 1 January.'),
        ),
        migrations.RunPython(read_texts_from_files, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='historicalsource',
            name='path',
        ),
        migrations.RemoveField(
            model_name='source',
            name='path',
        ),
    ]
