from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public site: read-only pages, feeds and sitemaps of the published record."""

    name = "missions.public"
    label = "public"
    verbose_name = "Public site"
