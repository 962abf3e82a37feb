"""The admin's gloss form (issue 9 point 2, issue 10): the same version check as the editor
pages, so an admin cannot overwrite a newer gloss; anchors listed inline."""

import re

import pytest
from django.urls import reverse

from annotations.models import Gloss
from tests.builders import make_commentary, make_gloss, make_piece

pytestmark = pytest.mark.django_db


def form_data(html: str, **changes) -> dict:
    """What the admin's browser would send back: the form's fields as rendered, changed."""
    data = {name: value for name, value in re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', html)}
    body = re.search(r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', html, re.S).group(1)
    data.update({"body": body, "status": "published"})
    data.update(changes)
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_the_admin_saves_a_change_as_a_new_version(admin_client, admin_user):
    gloss = make_gloss(make_piece("Admin"), line=2, body="Before.")
    url = reverse("admin:annotations_gloss_change", args=[gloss.pk])
    response = admin_client.post(url, form_data(admin_client.get(url).content.decode(), body="After."))
    assert response.status_code == 302
    gloss.refresh_from_db()
    assert (gloss.body, gloss.version) == ("After.", 2)
    record = gloss.history.first()
    assert (record.history_user, record.history_change_reason) == (admin_user, "Changed in the admin")
    assert record.anchor_snapshot[0]["first_line"] == 2  # the anchors are kept, in the version too


def test_the_admin_cannot_overwrite_a_version_an_editor_saved_meanwhile(admin_client, editor):
    gloss = make_gloss(make_piece("Admin"), line=2, body="Before.")
    url = reverse("admin:annotations_gloss_change", args=[gloss.pk])
    opened = admin_client.get(url).content.decode()  # the admin opens version 1
    gloss.revise(user=editor, based_on=1, reason="Edited", body="The editor's newer words.")

    response = admin_client.post(url, form_data(opened, body="The admin's older edit."))
    assert response.status_code == 200
    assert "Someone saved this gloss meanwhile" in response.content.decode()
    gloss.refresh_from_db()
    assert (gloss.body, gloss.version) == ("The editor's newer words.", 2)


def test_a_form_without_its_version_is_refused(admin_client):
    gloss = make_gloss(make_piece("Admin"), line=2, body="Before.")
    url = reverse("admin:annotations_gloss_change", args=[gloss.pk])
    data = form_data(admin_client.get(url).content.decode(), body="Blind.")
    del data["based_on"]
    assert admin_client.post(url, data).status_code == 200
    gloss.refresh_from_db()
    assert gloss.body == "Before."


def test_the_change_form_lists_every_anchor_and_commentary_has_none(admin_client):
    piece = make_piece("Admin", lines=["alpha", "beta", "gamma delta epsilon"])
    gloss = make_gloss(piece, line=1, also=({"line": 3, "phrase": "delta epsilon"},))
    html = admin_client.get(reverse("admin:annotations_gloss_change", args=[gloss.pk])).content.decode()
    assert "line 1" in html and "line 3" in html and "delta epsilon" in html
    assert f"?anchor={gloss.anchor_list[1].pk}" in html
    note = make_commentary(piece, heading="On all of it")
    listing = admin_client.get(reverse("admin:annotations_gloss_changelist")).content.decode()
    assert "the whole piece" in listing and "lines 1, 3" in listing
    assert admin_client.get(reverse("admin:annotations_gloss_change", args=[note.pk])).status_code == 200
