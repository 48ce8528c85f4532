from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The page cache: stored public pages, made stale by every change to the record."""

    name = "missions.pagecache"
    label = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from .generation import connect_signals

        connect_signals(apps.get_app_config("missions"))
