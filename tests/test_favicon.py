"""Every page has an icon, so a browser's request for one is never a 404."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_icon_a_page_names_is_served(client):
    html = client.get("/").content.decode()
    icons = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html)
    assert len(icons) == 3
    for url in icons:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] in ("image/svg+xml", "image/png", "image/x-icon", "image/vnd.microsoft.icon")
        assert body(response)


def test_favicon_ico_at_the_root_leads_to_the_icon_for_pages_that_name_none():
    client = Client()
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200 and body(response)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert client.post("/favicon.ico").status_code == 405
