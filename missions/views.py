"""Public, read-only pages. Only published records are shown."""

from django.views.generic import DetailView, ListView

from .models import Decision, Institution, Mission, Partner


class PublishedMixin:
    """Restricts a generic view to published records."""

    def get_queryset(self):
        return super().get_queryset().published()


class HomeView(PublishedMixin, ListView):
    model = Mission
    template_name = "missions/home.html"
    context_object_name = "missions"


class MissionDetailView(PublishedMixin, DetailView):
    model = Mission


class DecisionListView(PublishedMixin, ListView):
    model = Decision
    queryset = Decision.objects.select_related("mission", "decided_by")


class DecisionDetailView(PublishedMixin, DetailView):
    model = Decision
    queryset = Decision.objects.select_related("mission", "decided_by", "requested_by")


class InstitutionListView(PublishedMixin, ListView):
    model = Institution


class InstitutionDetailView(PublishedMixin, DetailView):
    model = Institution


class PartnerListView(PublishedMixin, ListView):
    model = Partner


class PartnerDetailView(PublishedMixin, DetailView):
    model = Partner
