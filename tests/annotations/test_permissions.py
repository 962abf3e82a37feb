"""Who may write commentary: every write endpoint × anonymous, reader, staff, editor, superuser.

Staff status alone does not make an editor: it opens the admin site, while writing commentary
is what the "Editors" group (or a superuser) may do. A staff member who should annotate is
added to the group (`manage.py add_editor NAME`).
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from annotations.models import Gloss
from tests.builders import make_commentary, make_gloss, make_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("staff", password="staff-pass-1234", is_staff=True)


@pytest.fixture
def world(db):
    piece = make_piece("Permissions", lines=["Queries kiss the keys", "Values start to sing"])
    gloss = make_gloss(piece, line=1, body="First words")
    gloss.revise(user=None, based_on=1, body="Second words")
    note = make_commentary(piece, heading="On the piece", body="Notes")
    note.revise(user=None, based_on=1, body="More notes")
    deleted = make_gloss(piece, line=2, body="Gone").soft_delete(user=None)
    orphan = make_gloss(piece, line=2, body="Lost its line")
    orphan.anchors.update(is_orphan=True)
    return {"piece": piece, "gloss": gloss, "note": note, "deleted": deleted, "orphan": orphan}


def write_endpoints(world):
    piece, gloss, note, deleted = world["piece"], world["gloss"], world["note"], world["deleted"]
    anchor = gloss.anchors.get()
    return {
        "gloss_new": (reverse("gloss_new", args=[piece.slug]),
                      {"first_line": 2, "exact": "start to sing", "body": "New", "status": "published"}),
        "gloss_new_on_piece": (reverse("gloss_new", args=[piece.slug]),
                               {"heading": "H", "body": "On the whole piece", "status": "draft"}),
        "gloss_edit": (reverse("gloss_edit", args=[gloss.pk]), {"body": "Edited", "status": "published", "version": 2}),
        "gloss_edit_on_piece": (reverse("gloss_edit", args=[note.pk]),
                                {"heading": "H", "body": "Edited", "status": "published", "version": 2}),
        "gloss_delete": (reverse("gloss_delete", args=[gloss.pk]), {}),
        "gloss_restore": (reverse("gloss_restore", args=[deleted.pk]), {}),
        "gloss_revert": (reverse("gloss_revert", args=[gloss.pk, gloss.history.earliest().history_id]), {}),
        "gloss_anchor_add": (reverse("gloss_anchor_add", args=[gloss.pk]), {"first_line": 2, "version": 2}),
        "anchor_move": (reverse("anchor_move", args=[gloss.pk, anchor.pk]),
                        {"first_line": 2, "exact": "start to sing", "version": 2}),
        "anchor_remove": (reverse("anchor_remove", args=[gloss.pk, anchor.pk]), {"version": 2}),
        "anchor_reattach": (reverse("anchor_reattach", args=[world["orphan"].anchors.get().pk]),
                            {"first_line": 2, "exact": "start to sing", "version": 1}),
    }


def form_pages(world):
    piece, gloss, note = world["piece"], world["gloss"], world["note"]
    anchor = gloss.anchors.get()
    return {
        "gloss_new": reverse("gloss_new", args=[piece.slug]) + "?first_line=1",
        "gloss_new_on_piece": reverse("gloss_new", args=[piece.slug]),
        "gloss_edit": reverse("gloss_edit", args=[gloss.pk]),
        "gloss_history": reverse("gloss_history", args=[gloss.pk]),
        "gloss_edit_on_piece": reverse("gloss_edit", args=[note.pk]),
        "gloss_anchor_add": reverse("gloss_anchor_add", args=[gloss.pk]) + "?first_line=2",
        "anchor_move": reverse("anchor_move", args=[gloss.pk, anchor.pk]),
        "orphan_list": reverse("orphan_list"),
    }


WRITES = ["gloss_new", "gloss_new_on_piece", "gloss_edit", "gloss_edit_on_piece", "gloss_delete", "gloss_restore",
          "gloss_revert", "gloss_anchor_add", "anchor_move", "anchor_remove", "anchor_reattach"]
FORMS = ["gloss_new", "gloss_new_on_piece", "gloss_edit", "gloss_history", "gloss_edit_on_piece", "gloss_anchor_add",
         "anchor_move", "orphan_list"]


def records_written() -> int:
    """Every write leaves a history record, so this counts writes of any kind."""
    return Gloss.history.count()


def sign_in(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("endpoint", WRITES)
@pytest.mark.parametrize("role", ["editor", "admin_user"])
def test_editors_and_superusers_can_write(client, request, world, role, endpoint):
    sign_in(client, request, role)
    url, data = write_endpoints(world)[endpoint]
    before = records_written()
    response = client.post(url, data)
    assert response.status_code == 302 and "/accounts/login/" not in response["Location"]
    assert records_written() == before + 1


@pytest.mark.parametrize("endpoint", WRITES)
@pytest.mark.parametrize("role", ["reader", "staff"])
def test_readers_and_staff_outside_the_editors_group_are_refused_with_403(client, request, world, role, endpoint):
    sign_in(client, request, role)
    url, data = write_endpoints(world)[endpoint]
    before = records_written()
    assert client.post(url, data).status_code == 403
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 403
    assert records_written() == before


@pytest.mark.parametrize("endpoint", WRITES)
def test_anonymous_writes_go_to_the_login_page_and_change_nothing(client, world, endpoint):
    url, data = write_endpoints(world)[endpoint]
    before = records_written()
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert records_written() == before


@pytest.mark.parametrize("endpoint", WRITES)
def test_anonymous_htmx_writes_send_the_whole_page_to_login_and_back(client, world, endpoint):
    url, data = write_endpoints(world)[endpoint]
    piece_url = reverse("piece_detail", args=[world["piece"].slug])
    response = client.post(url, data, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{piece_url}")
    assert response.status_code == 200
    # A form with text in it comes back to the same form, which offers the text again
    # (tests/annotations/test_signed_out_writing.py); any other write to the page it was on.
    back = url if data.get("body") else piece_url
    assert response["HX-Redirect"] == f"/accounts/login/?next={back}"


@pytest.mark.parametrize("endpoint", FORMS)
def test_editor_forms_and_history_are_for_editors_only(client, request, world, reader, editor, staff, endpoint):
    url = form_pages(world)[endpoint]
    assert client.get(url)["Location"].startswith("/accounts/login/?next=")
    for user, status in [(reader, 403), (staff, 403), (editor, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_markdown_preview_is_for_editors_only(client, reader, editor):
    url = reverse("markdown_preview")
    signed_out = client.post(url, {"body": "*hi*"}, HTTP_HX_REQUEST="true")
    assert "<em>" not in signed_out.content.decode() and "You are signed out" in signed_out.content.decode()
    assert "HX-Redirect" not in signed_out  # the page stays, and the text in its form
    client.force_login(reader)
    assert client.post(url, {"body": "*hi*"}).status_code == 403
    client.force_login(editor)
    assert "<em>hi</em>" in client.post(url, {"body": "*hi*"}).content.decode()


def test_readers_see_no_edit_controls_and_editors_do(client, world, reader, editor):
    url = reverse("piece_detail", args=[world["piece"].slug])
    client.force_login(reader)
    html = client.get(url).content.decode()
    assert "/edit/" not in html and "Add commentary" not in html and "data-annotate" not in html
    assert "/anchors/" not in html
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert f"/glosses/{world['gloss'].pk}/edit/" in html and "Add commentary on the piece" in html
    assert f"/glosses/{world['note'].pk}/edit/" in html


def test_a_reader_cannot_open_a_draft_gloss_by_its_link(client, world, reader, editor):
    draft = make_gloss(world["piece"], line=2, body="Not ready", status="draft")
    url = reverse("piece_detail", args=[world["piece"].slug]) + f"?gloss={draft.pk}"
    client.force_login(reader)
    html = client.get(url).content.decode()
    assert "Not ready" not in html and "not here any more" in html
    client.force_login(editor)
    assert "Not ready" in client.get(url).content.decode()


# --- CSRF -----------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def test_an_htmx_write_without_the_csrf_token_is_refused(csrf_client, world):
    url, data = write_endpoints(world)["gloss_new"]
    before = records_written()
    response = csrf_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 403 and records_written() == before


def test_a_plain_form_post_without_the_csrf_token_is_refused(csrf_client, world):
    url, data = write_endpoints(world)["gloss_delete"]
    assert csrf_client.post(url, data).status_code == 403
    assert Gloss.objects.live().filter(pk=world["gloss"].pk).exists()


def test_the_token_the_page_puts_on_body_lets_htmx_write(csrf_client, world):
    page = csrf_client.get(reverse("piece_detail", args=[world["piece"].slug])).content.decode()
    token = page.split('hx-headers=\'{"X-CSRFToken": "')[1].split('"')[0]
    url, data = write_endpoints(world)["gloss_new"]
    response = csrf_client.post(url, data, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert Gloss.objects.filter(body="New").exists()


def test_the_token_in_the_pane_forms_lets_a_plain_form_write(csrf_client, world):
    gloss = world["gloss"]
    page = csrf_client.get(reverse("piece_detail", args=[world["piece"].slug]) + f"?gloss={gloss.pk}").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = csrf_client.post(reverse("gloss_delete", args=[gloss.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not Gloss.objects.live().filter(pk=gloss.pk).exists()


@pytest.mark.parametrize("endpoint", ["gloss_anchor_add", "anchor_move", "anchor_remove", "anchor_reattach"])
def test_the_place_endpoints_refuse_a_post_without_the_csrf_token(csrf_client, world, endpoint):
    url, data = write_endpoints(world)[endpoint]
    before = records_written()
    assert csrf_client.post(url, data).status_code == 403
    assert csrf_client.post(url, data, HTTP_HX_REQUEST="true").status_code == 403
    assert records_written() == before


def test_the_selection_buttons_write_with_the_token_htmx_sends(csrf_client, world):
    """"Add to this gloss" is an htmx POST from a button: the token comes from <body>'s hx-headers."""
    gloss = world["gloss"]
    page = csrf_client.get(reverse("piece_detail", args=[world["piece"].slug]) + f"?gloss={gloss.pk}").content.decode()
    token = page.split('hx-headers=\'{"X-CSRFToken": "')[1].split('"')[0]
    url, data = write_endpoints(world)["gloss_anchor_add"]
    response = csrf_client.post(url, data, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200 and gloss.anchors.count() == 2
