from django.apps import AppConfig


class MissionsConfig(AppConfig):
    """The record: the models, their dates and sources, and the migrations. Its label stays
    ``missions``, which names its tables, permissions, admin addresses and backup records."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "missions"
    verbose_name = "Records"
