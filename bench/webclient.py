"""A person at a browser without JavaScript: cookies, the page's own forms, no redirects followed
unless asked. Used by bench/load.py, bench/faults.py and the production tests; 127.0.0.1 only."""

from __future__ import annotations

import http.client
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit


class FormFields(HTMLParser):
    """The named fields of one form of a page, with the values the page gave them."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields, self._textarea = form_id, False, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # The form named by its id, or else the first form that posts (not the site search).
            wanted = attrs.get("id") == self.form_id if self.form_id else (attrs.get("method") or "").lower() == "post"
            self.inside = wanted and not self.fields
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") not in ("radio", "checkbox", "submit") or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "textarea":
            self._textarea = attrs.get("name")
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str, form_id: str = "") -> dict:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


class Browser:
    """One person's cookies (every server on 127.0.0.1 shares them, as a browser would)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, fields: dict | None = None, *, follow: bool = True,
                headers: dict | None = None) -> tuple[int, str, str]:
        """(status, body, location) of ``url``; with ``follow`` a redirect is followed once."""
        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1", "load and faults go to 127.0.0.1 only"
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        send = {"Referer": url, **(headers or {})}
        if self.cookies:
            send["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            send["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=send)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        location = response.getheader("Location") or ""
        if follow and response.status in (301, 302, 303) and location:
            return self.request("GET", urljoin(url, location), follow=False)
        return response.status, text, location

    def get(self, url: str) -> str:
        return self.request("GET", url)[1]

    def post(self, url: str, fields: dict, **kwargs) -> tuple[int, str, str]:
        return self.request("POST", url, fields, **kwargs)

    def sign_in(self, base: str, username: str, password: str) -> bool:
        login = f"{base}/accounts/login/"
        fields = form_fields(self.get(login))
        fields.update(username=username, password=password)
        return "Signed in as" in self.post(login, fields)[1]
