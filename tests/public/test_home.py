from http import HTTPStatus

from missions.models import Mission, Status


def test_the_home_page_lists_published_missions_only(client, seeded):
    Mission.objects.filter(slug="ntm-i").update(status=Status.DRAFT)
    response = client.get("/en/")
    assert response.status_code == HTTPStatus.OK
    assert "NATO Mission Iraq" in response.text
    assert "NATO Training Mission-Iraq" not in response.text
