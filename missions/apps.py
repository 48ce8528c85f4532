from django.apps import AppConfig


class MissionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "missions"
    verbose_name = "NMI record"

    def ready(self):
        from .cache import connect_signals

        connect_signals(self)
