"""Public URLs (DESIGN.md's URL map)."""

from django.urls import path

from . import views

app_name = "missions"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("missions/<slug:slug>/", views.MissionDetailView.as_view(), name="mission-detail"),
    path("decisions/", views.DecisionListView.as_view(), name="decision-list"),
    path("decisions/<slug:slug>/", views.DecisionDetailView.as_view(), name="decision-detail"),
    path("institutions/", views.InstitutionListView.as_view(), name="institution-list"),
    path(
        "institutions/<slug:slug>/",
        views.InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("partners/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner-detail"),
]
