from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    """The record: the models, their dates and sources, and the migrations. Its label stays
    ``missions``, which names its tables, permissions, admin addresses and backup records."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "missions"
    verbose_name = _("Records")

    def ready(self):
        """Draft changes and schedules do not outlive the records they concern; the models'
        derived names are translated; PostgreSQL's timestamps are read faster (``timestamps``)."""
        from .models import (
            drop_all_work_in_progress,
            drop_work_in_progress_of,
            record_models,
            translate_derived_names,
        )
        from .signals import content_replaced
        from .timestamps import read_timestamps_faster

        for model in record_models():
            post_delete.connect(drop_work_in_progress_of, sender=model, dispatch_uid="drafts")
        content_replaced.connect(drop_all_work_in_progress, dispatch_uid="drafts")
        translate_derived_names()
        connection_created.connect(read_timestamps_faster, dispatch_uid="timestamps")
