"""schema.org JSON-LD for the public pages: Organization for missions, institutions and partners,
Event for decisions, CreativeWork for sources. Search engines read these; every value comes from
the record itself."""

from django.urls import reverse

from missions.models import if_public


def _organization(record, request, **fields):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": record.name,
        "url": request.build_absolute_uri(record.get_absolute_url()),
        "citation": citations(record, request),
        **fields,
    }
    return {key: value for key, value in data.items() if value}


def citations(record, request):
    """The published sources ``record`` cites, once each, as schema.org CreativeWorks: their
    title, publisher, address (the original's, else their page here) and date where known.
    ``record.quotes`` holds its cited sentences (``footnotes.load_citations``)."""
    works = {}
    for quote in record.quotes:
        source = if_public(quote.source)
        if source is not None and source.pk not in works:
            works[source.pk] = _creative_work(source, request)
    return list(works.values())


def _creative_work(source, request):
    data = {
        "@type": "CreativeWork",
        "name": source.title,
        "url": source.url or request.build_absolute_uri(source.get_absolute_url()),
        "datePublished": _iso(source.published),
    }
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": source.publisher}
    return {key: value for key, value in data.items() if value}


def _iso(partial_date):
    return partial_date.iso if partial_date else ""


def mission_data(mission, request):
    return _organization(
        mission,
        request,
        alternateName=mission.acronym,
        description=mission.summary,
        foundingDate=_iso(mission.established or mission.launched),
        dissolutionDate=_iso(mission.ended),
    )


def institution_data(institution, request):
    return _organization(
        institution, request, description=institution.description or institution.engagement
    )


def partner_data(partner, request):
    return _organization(partner, request, description=partner.description or partner.engagement)


def decision_data(decision, request):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": decision.name,
        "description": decision.summary,
        "url": request.build_absolute_uri(decision.get_absolute_url()),
        "startDate": decision.when.iso,
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if works := citations(decision, request):
        data["citation"] = works
    decided_by = if_public(decision.decided_by)
    if decided_by:
        data["organizer"] = {"@type": "Organization", "name": decided_by.name}
    mission = if_public(decision.mission)
    if mission:
        data["about"] = {
            "@type": "Organization",
            "name": mission.name,
            "url": request.build_absolute_uri(mission.get_absolute_url()),
        }
    return data


def source_data(source, request):
    """A source as a schema.org CreativeWork: only what the source states."""
    return {
        "@context": "https://schema.org",
        **_creative_work(source, request),
        "url": request.build_absolute_uri(source.get_absolute_url()),
        **({"sameAs": source.url} if source.url else {}),
        **({"inLanguage": source.language} if source.language else {}),
    }


def website_data(request):
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": "NMI Records",
        "url": request.build_absolute_uri(reverse("public:home")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": request.build_absolute_uri(reverse("public:search")) + "?q={query}",
            "query-input": "required name=query",
        },
    }
