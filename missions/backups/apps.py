from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backups: ``export_backup`` and ``restore_backup`` over the models of the record."""

    name = "missions.backups"
    label = "backups"
    verbose_name = _("Backups")
