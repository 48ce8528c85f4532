from django.apps import AppConfig


class MissionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "missions"
    verbose_name = "NMI record"

    def ready(self):
        # Connects the signals that make cached public pages stale when content changes.
        from . import cache  # noqa: F401
