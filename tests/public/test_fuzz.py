"""Random addresses, query strings and headers never make a public URL fail with a 5xx."""

import re
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.public.pages import public_routes

# Characters a URL path or query may carry, and some it should not (NUL, controls, non-ASCII).
URL_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(string.ascii_letters + string.digits + "-_.~%/?&=+;:@!$'()*,"),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)
SEGMENT = st.one_of(
    st.sampled_from(["nmi", "ntm-i", "nmi-established", "european-union", "ministry-of-defence"]),
    URL_TEXT,
)
HEADER_VALUE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
HEADERS = st.dictionaries(
    st.sampled_from(
        [
            "Accept",
            "Accept-Language",
            "Accept-Encoding",
            "Cookie",
            "If-None-Match",
            "If-Modified-Since",
            "Range",
            "Referer",
            "User-Agent",
            "X-Forwarded-For",
            "X-Forwarded-Proto",
            "Host",
        ]
    ),
    HEADER_VALUE,
    max_size=4,
)
QUERY = st.dictionaries(
    st.sampled_from(["page", "year", "body", "q", "sort", "format"]) | URL_TEXT,
    st.one_of(URL_TEXT, st.integers().map(str), st.just("\x00"), st.just("x" * 10_000)),
    max_size=3,
)


@st.composite
def public_addresses(draw):
    route = draw(st.sampled_from(sorted(public_routes())))
    path = re.sub(r"<[^>]+>", lambda _: draw(SEGMENT), route)
    return path + draw(st.sampled_from(["", "", "x", "/", "//", "../", "%00", "%ff"]))


@given(
    path=public_addresses(),
    query=QUERY,
    headers=HEADERS,
    method=st.sampled_from(["GET", "HEAD"]),
)
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_public_url_answers_with_a_server_error(client, seeded, path, query, headers, method):
    request = client.get if method == "GET" else client.head
    response = request(path, query, headers=headers)
    assert response.status_code < 500, (path, query, headers, response.status_code)
