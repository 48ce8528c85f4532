"""Review: who may publish when the team wants a second pair of eyes.

With ``settings.EDITORIAL_REVIEW`` on (``DJANGO_EDITORIAL_REVIEW=true``), nothing reaches the
public in an editor's own name alone: an editor submits a change for review (a draft change,
``missions.models.Revision``, marked submitted), and a publisher (a member of the Publishers group,
or a superuser) other than its author publishes it as submitted, or sends it back with a comment
its author reads on the form and the dashboard. Off (the default), editors publish as they save.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from .permissions import PUBLISHERS_GROUP


def review_on():
    return settings.EDITORIAL_REVIEW


def is_publisher(user):
    return user.is_superuser or user.groups.filter(name=PUBLISHERS_GROUP).exists()


def may_publish(user, draft):
    """Whether ``user`` may publish ``draft`` under review: it was submitted, by someone else,
    and ``user`` is a publisher."""
    return (
        draft is not None
        and draft.submitted_at is not None
        and draft.author_id != user.pk
        and is_publisher(user)
    )


def refusal(user, draft):
    """Why ``user`` may not publish ``draft`` (or a record without one) under review."""
    if not is_publisher(user):
        return _(
            "Not saved: review is on, so a publisher publishes. Press “Submit for review”; a "
            "publisher will publish your change or send it back to you with a comment."
        )
    if draft is None or draft.submitted_at is None:
        return _(
            "Not saved: review is on, so a change is published once someone else has reviewed "
            "it. Press “Submit for review”."
        )
    return _("Not saved: you submitted this change, so another publisher must publish it.")
