"""Sign-in is limited per account and per address (django-axes): after five wrong passwords in a
row the sixth attempt is refused even with the right password, on the site's sign-in page and
the admin's, with a page saying when to try again; admins see and clear lockouts in the admin.
Also the other secure defaults: all four password validators, and no start without a secret key."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

pytestmark = pytest.mark.django_db

SITE = "/accounts/login/"
ADMIN = "/admin/login/"
ROOT = Path(__file__).resolve().parent.parent


def sign_in(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url, user", [(SITE, "editor"), (ADMIN, "admin_user")])
def test_the_sixth_attempt_after_five_wrong_passwords_is_refused_even_when_right(client, url, user, request):
    account = request.getfixturevalue(user)
    password = "editor-pass-1234" if user == "editor" else "admin-pass-1234"
    for attempt in range(4):
        response = sign_in(client, url, account.username, f"wrong-{attempt}")
        assert response.status_code == 200  # the form again, with its error
        assert "Sign-in paused" not in response.content.decode()
    fifth = sign_in(client, url, account.username, "wrong-5")
    assert fifth.status_code == 429
    sixth = sign_in(client, url, account.username, password)
    assert sixth.status_code == 429
    assert "Sign-in paused" in sixth.content.decode()
    assert not is_signed_in(client)


def test_the_lockout_page_says_when_to_try_again(client, editor):
    for attempt in range(5):
        sign_in(client, SITE, "editor", f"wrong-{attempt}")
    before = timezone.now()
    page = sign_in(client, SITE, "editor", "editor-pass-1234").content.decode()
    until = before + timedelta(minutes=15)
    assert "Sign-in paused" in page
    assert "even the right password is refused" in page
    assert f"{until:%H:%M} UTC" in page or f"{until + timedelta(minutes=1):%H:%M} UTC" in page
    assert "in about 15 minutes" in page
    assert "<html" in page  # a whole page of the site, not a bare error


def test_signing_in_works_again_after_the_cool_off(client, editor):
    for attempt in range(5):
        sign_in(client, SITE, "editor", f"wrong-{attempt}")
    assert sign_in(client, SITE, "editor", "editor-pass-1234").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = sign_in(client, SITE, "editor", "editor-pass-1234")
    assert response.status_code == 302 and is_signed_in(client)


def test_one_address_trying_many_accounts_is_locked_out(client, editor):
    for n in range(5):
        sign_in(client, SITE, f"someone-{n}", "guess", address="10.0.0.9")
    assert sign_in(client, SITE, "editor", "editor-pass-1234", address="10.0.0.9").status_code == 429
    # The editor at their own address is not stopped by someone else's guessing.
    response = sign_in(client, SITE, "editor", "editor-pass-1234", address="10.0.0.2")
    assert response.status_code == 302 and is_signed_in(client)


def test_one_account_tried_from_many_addresses_is_locked_out(client, editor):
    for n in range(5):
        sign_in(client, SITE, "editor", "guess", address=f"10.0.1.{n}")
    assert sign_in(client, SITE, "editor", "editor-pass-1234", address="10.0.2.1").status_code == 429
    assert not is_signed_in(client)


def test_a_good_sign_in_forgets_the_failures_before_it(client, editor):
    for attempt in range(4):
        sign_in(client, SITE, "editor", f"wrong-{attempt}")
    assert sign_in(client, SITE, "editor", "editor-pass-1234").status_code == 302
    client.logout()
    for attempt in range(4):
        assert sign_in(client, SITE, "editor", f"again-wrong-{attempt}").status_code == 200
    assert sign_in(client, SITE, "editor", "editor-pass-1234").status_code == 302


def test_admins_see_lockouts_in_the_admin_and_clearing_one_lets_the_account_in(client, editor, admin_user):
    for attempt in range(5):
        sign_in(client, SITE, "editor", f"wrong-{attempt}")
    assert not AccessAttempt.objects.filter(post_data__contains="wrong-").exists()  # passwords are not kept

    from django.test import Client

    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "editor" in listing.content.decode() and "10.0.0.1" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="editor")
    response = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    response = sign_in(client, SITE, "editor", "editor-pass-1234")
    assert response.status_code == 302 and is_signed_in(client)


def test_the_password_validators_refuse_weak_passwords(editor):
    for weak in ["password", "12345678", "43918275613", "editor", "short1"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user=editor)
    validate_password("a gloss on the softmax line", user=editor)


def run_manage(env_changes, *args):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(env_changes)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_without_a_secret_key_the_app_refuses_to_start_unless_debugging():
    refused = run_manage({"DJANGO_DEBUG": "0"}, "check")
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "DJANGO_SECRET_KEY is not set" in refused.stderr

    assert run_manage({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "a-long-random-production-key-0123456789"},
                      "check").returncode == 0
    assert run_manage({"DJANGO_DEBUG": "1"}, "check").returncode == 0


def test_writing_kept_through_sign_in_survives_a_lockout(client, editor):
    """The signed_in flow keeps an anonymous session's data through login; a lockout on the way
    must not lose it either: after the pause, signing in still brings the words back."""
    from django.urls import reverse

    from tests.builders import make_piece

    piece = make_piece("Locked Out", lines=["Queries kiss the keys", "Values start to sing"])
    url = reverse("gloss_new", args=[piece.slug])  # on the piece as a whole: no line given
    client.post(url, {"heading": "Kept", "body": "Words typed before the pause", "status": "draft"},
                REMOTE_ADDR="10.0.0.1")
    for attempt in range(5):
        sign_in(client, SITE, "editor", f"wrong-{attempt}")
    assert sign_in(client, SITE, "editor", "editor-pass-1234").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post(f"{SITE}?next={url}", {"username": "editor", "password": "editor-pass-1234", "next": url},
                           REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302 and response["Location"] == url
    assert "Words typed before the pause" in client.get(url).content.decode()
