"""Signing an editor in on every request: cheap, and never stale.

The session and the user with their editor role are read from the database on every request
(config/signin.py, annotations/roles.py), so signing out, deactivating an account or taking
someone out of the Editors group takes effect on their next request. Changes below are made
with queryset updates and deletes, which send no signal: nothing in the process is told, as a
worker on another machine would not be.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotations.models import Gloss
from annotations.permissions import EDITORS_GROUP, ensure_editors_group
from annotations.roles import can_edit, user_with_role
from tests.builders import make_gloss, make_piece

pytestmark = pytest.mark.django_db

PANE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "pane"}
EDITOR_CONTROLS = 'class="gloss-edit"'


@pytest.fixture
def piece():
    piece = make_piece("Signed In", n_lines=8)
    for line in (1, 3, 5):
        make_gloss(piece, line=line, body=f"Note on line {line}")
    piece.glosses_changed(gloss_count=3)
    return piece


def page(piece, query=""):
    return reverse("piece_detail", args=[piece.slug]) + query


def new_gloss(piece):
    return reverse("gloss_new", args=[piece.slug])


def taken_out_of_the_editors(user):
    get_user_model().groups.through.objects.filter(user=user, group__name=EDITORS_GROUP).delete()


# --- What it costs ------------------------------------------------------------------------


def test_an_editors_cached_page_costs_three_queries(editor_client, piece, django_assert_num_queries):
    editor_client.get(page(piece))
    # The session, the user with their role, the piece's versions: no permission queries.
    with django_assert_num_queries(3):
        html = editor_client.get(page(piece)).content.decode()
    assert EDITOR_CONTROLS in html and "Signed in as <strong>editor</strong>" in html


def test_an_editors_cached_pane_costs_three_queries(editor_client, piece, django_assert_num_queries):
    editor_client.get(page(piece, "?line=3"), **PANE)
    with django_assert_num_queries(3):
        html = editor_client.get(page(piece, "?line=3"), **PANE).content.decode()
    assert "Note on line 3" in html and EDITOR_CONTROLS in html


# --- Never stale --------------------------------------------------------------------------


def test_an_editor_taken_out_of_the_editors_group_cannot_edit_on_their_next_request(editor_client, editor, piece):
    assert editor_client.get(new_gloss(piece) + "?first_line=1").status_code == 200
    before = editor_client.get(page(piece))
    assert EDITOR_CONTROLS in before.content.decode()
    taken_out_of_the_editors(editor)

    # The page they had is not confirmed as still theirs: a reader's page comes instead.
    after = editor_client.get(page(piece), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and EDITOR_CONTROLS not in after.content.decode()
    assert EDITOR_CONTROLS not in editor_client.get(page(piece, "?line=3"), **PANE).content.decode()
    assert editor_client.get(new_gloss(piece) + "?first_line=1").status_code == 403
    posted = editor_client.post(new_gloss(piece), {"first_line": 2, "body": "Too late", "status": "published"})
    assert posted.status_code == 403 and not Gloss.objects.filter(body="Too late").exists()


def test_a_deactivated_editor_is_signed_out_on_their_next_request(editor_client, editor, piece):
    assert "Signed in as <strong>editor</strong>" in editor_client.get(page(piece)).content.decode()
    get_user_model().objects.filter(pk=editor.pk).update(is_active=False)

    html = editor_client.get(page(piece)).content.decode()
    assert "Signed in as" not in html and EDITOR_CONTROLS not in html
    assert editor_client.get(new_gloss(piece) + "?first_line=1")["Location"].startswith("/accounts/login/")


def test_a_session_signed_out_is_refused_even_if_its_cookie_is_sent_again(editor_client, piece):
    cookie = editor_client.cookies["sessionid"].value
    assert editor_client.post(reverse("logout")).status_code == 302
    thief = Client()
    thief.cookies["sessionid"] = cookie
    assert "Signed in as" not in thief.get(page(piece)).content.decode()
    assert thief.get(new_gloss(piece) + "?first_line=1")["Location"].startswith("/accounts/login/")


def test_an_expired_session_is_refused(editor_client, piece):
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    html = editor_client.get(page(piece)).content.decode()
    assert "Signed in as" not in html and EDITOR_CONTROLS not in html


def test_a_changed_password_signs_out_the_editors_other_sessions(editor_client, editor, piece):
    editor.set_password("a-new-password-5678")
    get_user_model().objects.filter(pk=editor.pk).update(password=editor.password)
    assert "Signed in as" not in editor_client.get(page(piece)).content.decode()


def test_a_reader_given_the_editors_group_can_edit_on_their_next_request(reader_client, reader, piece):
    assert EDITOR_CONTROLS not in reader_client.get(page(piece)).content.decode()
    get_user_model().groups.through.objects.create(user=reader, group=ensure_editors_group())
    assert EDITOR_CONTROLS in reader_client.get(page(piece)).content.decode()
    assert reader_client.get(new_gloss(piece) + "?first_line=1").status_code == 200


# --- The rule is Django's ---------------------------------------------------------------------


def test_the_editor_role_agrees_with_djangos_permissions(editor, reader, admin_user):
    User = get_user_model()
    direct = User.objects.create_user("direct")
    direct.user_permissions.add(Permission.objects.get(content_type__app_label="annotations", codename="change_gloss"))
    other_permission = User.objects.create_user("other")
    other_permission.user_permissions.add(Permission.objects.get(content_type__app_label="annotations",
                                                                 codename="view_gloss"))
    staff = User.objects.create_user("staff", is_staff=True)
    retired = User.objects.create_user("retired", is_active=False)
    retired.groups.add(ensure_editors_group())
    expected = {"editor": True, "direct": True, "admin": True, "reader": False, "other": False, "staff": False,
                "retired": False}
    for user in User.objects.all():
        fresh = User.objects.get(pk=user.pk)
        assert fresh.has_perm("annotations.change_gloss") == expected[user.username], user.username
        assert can_edit(User.objects.get(pk=user.pk)) == expected[user.username], user.username
        assert can_edit(user_with_role(user.pk)) == expected[user.username], user.username


def test_the_user_signed_in_is_the_user_stored(editor):
    editor.last_login = timezone.now()
    editor.save()
    stored, loaded = get_user_model().objects.get(pk=editor.pk), user_with_role(str(editor.pk))
    fields = [field.attname for field in get_user_model()._meta.concrete_fields]
    assert [getattr(loaded, name) for name in fields] == [getattr(stored, name) for name in fields]
    assert loaded.groups.get().name == EDITORS_GROUP  # a model instance like any other


def test_a_user_that_does_not_exist_is_none():
    assert user_with_role(987654) is None
