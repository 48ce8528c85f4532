"""The Atom feed of published decisions, newest first, so readers learn when the record grows."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from missions.models import Decision

FEED_SIZE = 50


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose summaries are plain text. Django's marks every summary `type="html"`, so feed
    readers would build and run any markup an editor typed into a decision's summary."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class DecisionFeed(Feed):
    feed_type = PlainTextAtom1Feed
    title = _("NMI Records: decisions")
    subtitle = _("NATO decisions that created or reshaped its missions in Iraq, newest first.")
    link = reverse_lazy("public:decision-list")
    feed_url = reverse_lazy("public:decision-feed")
    author_name = "NMI Records"

    def items(self):
        return (
            Decision.objects.published()
            .select_related("decided_by")
            .order_by("-date", "-updated_at", "name_en")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.when}: {item.name}"

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.decided_by.name] if item.decided_by.status == "published" else []
