"""Stored pages are sent compressed to the clients that accept it, and plain to the others."""

import gzip
from http import HTTPStatus

import brotli
import pytest

from missions.pagecache.encodings import accepted
from tests.pagecache.conftest import wsgi_get
from tests.public.pages import public_paths

DECOMPRESS = {"br": brotli.decompress, "gzip": gzip.decompress}


@pytest.mark.parametrize(
    ("header", "encoding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("BR", "br"),
        ("*", "br"),
        ("*;q=0, gzip", "gzip"),
        ("identity", None),
        ("deflate", None),
        ("gzip;q=0, br;q=0", None),
        ("gzip;q=nonsense", None),
        ("", None),
        (None, None),
    ],
)
def test_the_encoding_is_the_best_the_client_accepts(header, encoding):
    assert accepted(header) == encoding


def plain_page(client, path):
    return client.get(path, headers={"Accept-Encoding": "identity"})


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_every_public_page_is_sent_compressed_rendered_or_stored(client, seeded, encoding):
    for path in public_paths():
        rendered = client.get(path, headers={"Accept-Encoding": encoding})
        stored = client.get(path, headers={"Accept-Encoding": encoding})
        plain = plain_page(client, path)
        for response in (rendered, stored):
            assert response.status_code == HTTPStatus.OK, path
            assert response["Content-Encoding"] == encoding, path
            assert response["Content-Length"] == str(len(response.content)), path
            assert "Accept-Encoding" in response["Vary"], path
            assert DECOMPRESS[encoding](response.content) == plain.content, path
        assert stored.content == rendered.content, path
        assert len(stored.content) < len(plain.content) or len(plain.content) < 200, path


@pytest.mark.parametrize("header", [None, "identity", "deflate", "gzip;q=0, br;q=0"])
def test_a_client_that_accepts_no_stored_encoding_gets_the_plain_page(client, seeded, header):
    headers = {"Accept-Encoding": header} if header else {}
    rendered = client.get("/en/partners/", headers=headers)
    stored = client.get("/en/partners/", headers=headers)
    compressed = client.get("/en/partners/", headers={"Accept-Encoding": "gzip"})
    for response in (rendered, stored):
        assert "Content-Encoding" not in response
        assert response.content.startswith(b"<!doctype html>")
        assert response.content == gzip.decompress(compressed.content)
        assert response["Content-Length"] == str(len(response.content))
        assert "Accept-Encoding" in response["Vary"]
    assert stored["ETag"] == rendered["ETag"]


def test_each_encoding_has_its_own_etag_and_gets_its_own_304(client, seeded):
    etags = {
        encoding: client.get("/en/partners/", headers={"Accept-Encoding": encoding})["ETag"]
        for encoding in ("br", "gzip", "identity")
    }
    assert len(set(etags.values())) == 3
    for encoding, etag in etags.items():
        headers = {"Accept-Encoding": encoding, "If-None-Match": etag}
        assert client.get("/en/partners/", headers=headers).status_code == HTTPStatus.NOT_MODIFIED
    other = {"Accept-Encoding": "br", "If-None-Match": etags["gzip"]}
    assert client.get("/en/partners/", headers=other).status_code == HTTPStatus.OK


@pytest.mark.parametrize("encoding", ["br", "gzip", None])
def test_in_front_of_django_each_client_gets_the_encoding_it_accepts(
    client, seeded, front, encoding
):
    application, django = front
    headers = {"Accept-Encoding": encoding} if encoding else {}
    from_django = client.get("/en/partners/", headers=headers)
    status, sent_headers, body = wsgi_get(application, "/en/partners/", **headers)
    assert django.paths == []
    assert status == "200 OK"
    assert body == from_django.content
    assert sent_headers == dict(from_django.items())
    assert sent_headers.get("Content-Encoding") == encoding
    status, _, body = wsgi_get(application, "/en/partners/", method="HEAD", **headers)
    assert (status, body) == ("200 OK", b"")
