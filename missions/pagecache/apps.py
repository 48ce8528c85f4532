from django.apps import AppConfig, apps


class PageCacheConfig(AppConfig):
    """The page cache: stored public pages, made stale by every change to the record."""

    name = "missions.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from .generation import connect_signals

        connect_signals(apps.get_app_config("missions"))
