"""What the page-cache tests share: calling the WSGI layer in front of Django as gunicorn would."""

from io import BytesIO

import pytest

from missions.pagecache.wsgi import StoredPageApplication


class DjangoStandIn:
    """The application behind StoredPageApplication in these tests: records what reaches it."""

    def __init__(self):
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"rendered by Django"]


def wsgi_get(application, path, method="GET", **headers):
    """Call a WSGI application as gunicorn would for the test client's host: (status, headers,
    body)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        **{f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = dict(response_headers)

    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def front():
    django = DjangoStandIn()
    return StoredPageApplication(django), django
