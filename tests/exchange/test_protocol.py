"""The Web Annotation Protocol, check by check as web-platform-tests annotation-protocol/server
lists them (container: GET/HEAD/OPTIONS headers, Prefer; annotation: GET headers; POST/PUT/
DELETE), with personal API tokens (anonymous, reader, editor, revoked) and CSRF."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Gloss
from exchange.models import ApiToken
from tests.builders import make_gloss, make_piece

from .checks import assert_valid_wadm

ANNO = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
LDP = "http://www.w3.org/ns/ldp#"


@pytest.fixture
def piece(db):
    return make_piece("Protocol Song", lines=["alpha beta gamma delta", "epsilon zeta eta theta", "iota kappa"])


@pytest.fixture
def editor_token(editor):
    return ApiToken.issue(editor, "tests")[1]


def new_annotation(piece, exact="beta gamma", body="A *new* gloss"):
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "http://evil.example/x",
            "body": {"type": "TextualBody", "value": body, "format": "text/markdown"},
            "target": {"source": f"/pieces/{piece.slug}/text",
                       "selector": {"type": "TextQuoteSelector", "exact": exact}}}


def post(client, piece, data, token=None, content_type=ANNO):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.generic("POST", reverse("exchange:piece_annotations", args=[piece.slug]),
                          data if isinstance(data, (bytes, str)) else json.dumps(data),
                          content_type=content_type, **headers)


# --- Container: reading -------------------------------------------------------------------

def test_container_get_and_head_carry_the_ldp_headers(client, piece):
    make_gloss(piece, line=1)
    url = reverse("exchange:piece_annotations", args=[piece.slug])
    for response in (client.get(url, HTTP_ACCEPT=ANNO), client.head(url, HTTP_ACCEPT=ANNO)):
        assert response.status_code == 200
        assert response["Content-Type"] == ANNO
        assert f'<{LDP}BasicContainer>; rel="type"' in response["Link"]
        assert f'rel="{LDP}constrainedBy"' in response["Link"]
        assert response["ETag"] and "Accept" in response["Vary"] and "Prefer" in response["Vary"]
        assert set(response["Allow"].split(", ")) >= {"GET", "HEAD", "OPTIONS", "POST"}
        assert response["Accept-Post"] == ANNO
    options = client.options(url)
    assert options.status_code == 200 and "POST" in options["Allow"] and options["Accept-Post"] == ANNO


def test_container_prefer_minimal_iris_or_descriptions(client, piece):
    gloss = make_gloss(piece, line=1)
    url = reverse("exchange:piece_annotations", args=[piece.slug])

    def prefer(include):
        response = client.get(url, HTTP_PREFER=f'return=representation;include="{include}"')
        assert response["Preference-Applied"] == "return=representation"
        return response.json()

    minimal = prefer(f"{LDP}PreferMinimalContainer")
    assert isinstance(minimal["first"], str) and minimal["total"] == 1
    iris = prefer("http://www.w3.org/ns/oa#PreferContainedIRIs")
    assert iris["first"]["items"] == [f"http://testserver/glosses/{gloss.pk}/"]
    full = prefer("http://www.w3.org/ns/oa#PreferContainedDescriptions")
    assert full["first"]["items"][0]["type"] == "Annotation"
    assert_valid_wadm(minimal, full)


def test_annotation_get_head_options(client, piece):
    gloss = make_gloss(piece, line=2)
    url = reverse("exchange:gloss", args=[gloss.pk])
    response = client.get(url, HTTP_ACCEPT=ANNO)
    assert response["Content-Type"] == ANNO and response["Link"] == f'<{LDP}Resource>; rel="type"'
    assert response["ETag"] and "Accept" in response["Vary"] and "PUT" in response["Allow"]
    assert client.get(url, HTTP_ACCEPT=ANNO, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.head(url, HTTP_ACCEPT=ANNO).status_code == 200
    assert "DELETE" in client.options(url)["Allow"]


# --- Writing: tokens ----------------------------------------------------------------------

def test_post_with_an_editor_token_creates_a_gloss_201_with_location(client, piece, editor_token, editor):
    response = post(client, piece, new_annotation(piece), editor_token)
    assert response.status_code == 201
    gloss = Gloss.objects.get(piece=piece)
    assert response["Location"] == f"http://testserver/glosses/{gloss.pk}/"
    data = response.json()
    assert data["id"] == response["Location"]  # the server's id, not the client's
    assert gloss.created_by == editor and gloss.status == "published" and gloss.anchor_list[0].exact == "beta gamma"
    assert response["ETag"] and response["Content-Type"] == ANNO
    assert_valid_wadm(data)


def test_who_may_write(client, piece, reader, editor):
    reader_token = ApiToken.issue(reader, "mine")[1]
    row, revoked = ApiToken.issue(editor, "old")
    row.revoke()
    assert post(client, piece, new_annotation(piece)).status_code == 401
    assert post(client, piece, new_annotation(piece), "glossa_made-up").status_code == 401
    assert post(client, piece, new_annotation(piece), revoked).status_code == 401
    assert post(client, piece, new_annotation(piece), reader_token).status_code == 403
    # A signed-in editor's session cookie is not enough: writes need the token.
    client.force_login(editor)
    assert post(client, piece, new_annotation(piece)).status_code == 401
    assert not Gloss.objects.exists()


def test_bad_posts_are_refused_with_a_reason(client, piece, editor_token):
    assert post(client, piece, b"{nope", editor_token).status_code == 400
    assert post(client, piece, new_annotation(piece), editor_token, content_type="text/plain").status_code == 415
    assert post(client, piece, b" " * (10 * 1024 * 1024), editor_token).status_code == 413
    assert post(client, piece, [new_annotation(piece)] * 2, editor_token).status_code == 400
    lost = post(client, piece, new_annotation(piece, exact="words that are not in the piece"), editor_token)
    assert lost.status_code == 400 and "words that are not in the piece" in lost.json()["detail"]
    other = make_piece("Other Piece")
    elsewhere = post(client, piece, {**new_annotation(piece), "target": f"/pieces/{other.slug}/text"}, editor_token)
    assert elsewhere.status_code == 400 and "another resource" in elsewhere.json()["detail"]
    assert not Gloss.objects.exists()


def test_put_needs_the_current_etag_and_delete_is_soft(client, piece, editor_token):
    created = post(client, piece, new_annotation(piece), editor_token)
    url, etag = created["Location"], created["ETag"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {editor_token}"}
    change = json.dumps(new_annotation(piece, exact="zeta eta", body="Moved and <i>changed</i>"))
    assert client.put(url, change, content_type=ANNO, **auth).status_code == 428
    updated = client.put(url, change, content_type=ANNO, HTTP_IF_MATCH=etag, **auth)
    assert updated.status_code == 200 and updated["ETag"] != etag
    gloss = Gloss.objects.get()
    assert gloss.body == "Moved and <i>changed</i>" and gloss.anchor_list[0].first_line == 2
    assert "&lt;i&gt;" in gloss.body_html
    stale = client.put(url, change, content_type=ANNO, HTTP_IF_MATCH=etag, **auth)
    assert stale.status_code == 412 and stale["ETag"] == updated["ETag"]
    assert client.delete(url, HTTP_IF_MATCH=etag, **auth).status_code == 412
    assert client.delete(url, HTTP_IF_MATCH=updated["ETag"]).status_code == 401
    assert client.delete(url, HTTP_IF_MATCH=updated["ETag"], **auth).status_code == 204
    gloss.refresh_from_db()
    assert gloss.deleted_at is not None  # soft: restorable from its history
    assert client.get(url, HTTP_ACCEPT=ANNO).status_code == 404
    assert client.patch(url, change, content_type=ANNO, **auth).status_code == 405


# --- The token page -----------------------------------------------------------------------

def test_the_token_page_creates_a_token_once_and_revokes_it(editor, reader):
    page = Client(enforce_csrf_checks=True)
    assert page.get(reverse("exchange:tokens")).status_code == 302
    page.force_login(editor)
    form = page.get(reverse("exchange:tokens"))
    csrf = form.cookies["csrftoken"].value
    assert page.post(reverse("exchange:tokens"), {"name": "laptop"}).status_code == 403  # no CSRF token
    made = page.post(reverse("exchange:tokens"), {"name": "laptop", "csrfmiddlewaretoken": csrf})
    token = made.context["new_token"]
    assert token.startswith("glossa_") and token.encode() in made.content
    row = ApiToken.objects.get()
    assert row.key_hash != token and token not in row.key_hash and ApiToken.user_for(token) == editor
    assert token.encode() not in page.get(reverse("exchange:tokens")).content  # shown once
    assert page.post(reverse("exchange:tokens"), {"name": "  ", "csrfmiddlewaretoken": csrf}).status_code == 400
    other = Client()
    other.force_login(reader)
    assert other.post(reverse("exchange:token_revoke", args=[row.pk])).status_code == 404
    page.post(reverse("exchange:token_revoke", args=[row.pk]), {"csrfmiddlewaretoken": csrf})
    assert ApiToken.user_for(token) is None


def test_the_readme_s_curl_example_adds_a_gloss_to_the_space_between_the_seen(client, catalogue, editor_token):
    base = "http://testserver/pieces/the-space-between-the-seen"
    space = catalogue["the-space-between-the-seen"]
    before = Gloss.objects.filter(piece=space).count()
    response = post(client, space, {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
        "body": {"type": "TextualBody", "value": "Where the *latent* begins.", "format": "text/markdown"},
        "target": {"source": f"{base}/text",
                   "selector": {"type": "TextQuoteSelector", "exact": "A secret door to latent space"}}},
        editor_token)
    assert response.status_code == 201
    assert Gloss.objects.filter(piece=space).count() == before + 1
    assert Gloss.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1]).anchor_list[0].first_line == 4
