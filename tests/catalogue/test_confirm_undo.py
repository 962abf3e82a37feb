"""Undoing an import (or restoring any earlier text) asks first, on a page of its own with a
plain form: the same with or without JavaScript, and it shows what will change before it does."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from catalogue.importing.store import import_file
from catalogue.models import Piece

pytestmark = pytest.mark.django_db

HYMN = b"# Gradient Hymn\n\n[Verse 1]\nThe loss goes down\nThe weights hold steady\n"
HYMN_2 = b"# Gradient Hymn\n\n[Verse 1]\nThe loss goes down\nThe weights hold firm\n"


@pytest.fixture
def hymn():
    import_file("hymn.md", HYMN)
    import_file("hymn-2.md", HYMN_2)
    return Piece.objects.get()


def lines(piece):
    return list(piece.lines.order_by("n").values_list("text", flat=True))


def forms_posting_to(html: str, url: str) -> list[str]:
    return re.findall(rf'<form[^>]*method="post"[^>]*action="{re.escape(url)}"', html)


def test_the_sources_page_offers_undo_as_a_link_to_a_question_not_a_button_that_does_it(admin_client, hymn):
    undo = hymn.sources.order_by("imported_at", "pk").first()
    url = reverse("admin:catalogue_piece_restore_source", args=[hymn.pk, undo.pk])
    html = admin_client.get(reverse("admin:catalogue_piece_sources", args=[hymn.pk])).content.decode()
    assert f'href="{url}">Undo the last import…</a>' in html
    assert forms_posting_to(html, url) == []


def test_the_question_shows_what_changes_and_changes_nothing_yet(admin_client, hymn):
    undo = hymn.sources.order_by("imported_at", "pk").first()
    url = reverse("admin:catalogue_piece_restore_source", args=[hymn.pk, undo.pk])
    response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Undo the last import?</h1>" in html
    assert "hymn.md" in html and "The weights hold steady" in html and "The weights hold firm" in html
    assert len(forms_posting_to(html, url)) == 1 and "csrfmiddlewaretoken" in html
    assert 'value="Yes, undo the last import"' in html
    assert f'href="{reverse("admin:catalogue_piece_sources", args=[hymn.pk])}"' in html  # "No, take me back"
    assert lines(hymn)[1] == "The weights hold firm"


def test_answering_yes_undoes_the_import(admin_client, hymn):
    undo = hymn.sources.order_by("imported_at", "pk").first()
    url = reverse("admin:catalogue_piece_restore_source", args=[hymn.pk, undo.pk])
    page = admin_client.post(url, follow=True)
    assert "Restored the text imported" in page.content.decode()
    assert lines(hymn)[1] == "The weights hold steady"


def test_restoring_an_older_text_than_the_last_is_asked_as_a_restore(admin_client, hymn):
    import_file("hymn-3.md", HYMN_2 + b"And rest\n")
    oldest = hymn.sources.order_by("imported_at", "pk").first()
    html = admin_client.get(reverse("admin:catalogue_piece_restore_source", args=[hymn.pk, oldest.pk])).content.decode()
    assert "<h1>Restore this text?</h1>" in html and 'value="Yes, restore this text"' in html


def test_only_those_who_may_change_the_piece_are_asked(client, hymn):
    undo = hymn.sources.order_by("imported_at", "pk").first()
    url = reverse("admin:catalogue_piece_restore_source", args=[hymn.pk, undo.pk])
    viewer = get_user_model().objects.create_user("viewer", password="viewer-pass-1234", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_piece"))
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def test_a_source_of_another_piece_is_not_found(admin_client, hymn):
    import_file("other.md", b"# Other Song\n\n[Verse 1]\nSomething else\n")
    other = Piece.objects.get(title="Other Song").sources.get()
    assert admin_client.get(reverse("admin:catalogue_piece_restore_source", args=[hymn.pk, other.pk])).status_code == 404


def test_other_methods_are_refused(admin_client, hymn):
    undo = hymn.sources.order_by("imported_at", "pk").first()
    url = reverse("admin:catalogue_piece_restore_source", args=[hymn.pk, undo.pk])
    assert admin_client.put(url).status_code == 405
