"""When a gloss was published (``Gloss.published_at``): set on every path that publishes one,
cleared when it goes back to draft, and what the feeds date and order glosses by."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from annotations.models import Gloss, Status
from catalogue.importing.store import import_file
from exchange import importing
from exchange.models import ApiToken
from tests.annotations.test_admin_gloss import form_data
from tests.builders import make_gloss, make_piece

from .conftest import CATALOGUE
from .test_protocol import new_annotation, post

LONG_AGO = timezone.now() - timedelta(days=30)


@pytest.fixture
def piece(db):
    return make_piece("Published Song", lines=["alpha beta gamma delta", "epsilon zeta eta theta", "iota kappa"])


def written_long_ago(gloss):
    """As if the gloss had been written a month ago (and, if published, published then)."""
    stamp = {"published_at": LONG_AGO} if gloss.published_at else {}
    Gloss.objects.filter(pk=gloss.pk).update(created_at=LONG_AGO, **stamp)
    gloss.refresh_from_db()
    return gloss


def feed_items(client, url):
    channel = ET.fromstring(client.get(url).content).find("channel")
    return [(item.findtext("description").strip(), parsedate_to_datetime(item.findtext("pubDate")))
            for item in channel.iter("item")]


def test_a_draft_published_later_is_news_in_the_feeds_when_it_is_published(client, piece, editor):
    draft = written_long_ago(make_gloss(piece, line=1, body="Written a month ago, published today.",
                                        status="draft", created_by=editor))
    older = written_long_ago(make_gloss(piece, line=2, body="Published a month ago.", created_by=editor))
    assert draft.published_at is None and older.published_at == LONG_AGO

    client.force_login(editor)
    client.post(reverse("gloss_edit", args=[draft.pk]),
                {"body": draft.body, "status": "published", "version": draft.version})
    client.logout()
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at > timezone.now() - timedelta(minutes=1)
    assert draft.created_at == LONG_AGO  # creation stays creation

    for url in (reverse("exchange:feed_rss"), reverse("exchange:piece_feed_rss", args=[piece.slug]),
                reverse("exchange:editor_feed_rss", args=[editor.username])):
        items = feed_items(client, url)
        assert [body for body, _ in items] == ["<p>Written a month ago, published today.</p>",
                                               "<p>Published a month ago.</p>"], url
        assert items[0][1] == draft.published_at.replace(microsecond=0)
        assert items[1][1] == LONG_AGO.replace(microsecond=0)
    atom = client.get(reverse("exchange:feed_atom")).content.decode()
    assert f"<published>{draft.published_at.isoformat()}</published>" in atom


def test_going_back_to_draft_clears_it_and_publishing_again_is_news_again(piece, editor):
    gloss = written_long_ago(make_gloss(piece, line=1, body="Back and forth."))
    gloss.revise(user=editor, based_on=gloss.version, status=Status.DRAFT)
    assert gloss.published_at is None
    gloss.revise(user=editor, based_on=gloss.version, status=Status.PUBLISHED)
    assert gloss.published_at > LONG_AGO
    gloss.revise(user=editor, based_on=gloss.version, body="Reworded, still published.")
    first = gloss.published_at
    assert first is not None and Gloss.objects.get(pk=gloss.pk).published_at == first  # an edit is not news
    gloss.revert_to(gloss.history.filter(status=Status.DRAFT).first(), user=editor)
    assert gloss.published_at is None and gloss.history.first().published_at is None


def test_every_path_that_publishes_a_gloss_stamps_it(client, admin_user, piece, editor):
    before = timezone.now()
    # The editors' form: a new gloss published at once, and a draft.
    client.force_login(editor)
    Gloss.write(piece, None, body="Draft on the whole piece.", status=Status.DRAFT, user=editor)
    client.post(reverse("gloss_new", args=[piece.slug]),
                {"first_line": 3, "last_line": 3, "body": "From the form.", "status": "published"})
    client.logout()
    assert Gloss.objects.get(body="From the form.").published_at >= before
    assert Gloss.objects.get(body="Draft on the whole piece.").published_at is None
    # The protocol: published at once.
    token = ApiToken.issue(editor, "tests")[1]
    assert post(client, piece, new_annotation(piece, body="Through the protocol."), token).status_code == 201
    assert Gloss.objects.get(body="Through the protocol.").published_at >= before
    # A Web Annotation import: drafts by default, published if chosen.
    data = json.dumps([new_annotation(piece, exact="zeta eta", body="Imported draft."),
                       new_annotation(piece, exact="iota", body="Imported, published.")]).encode()
    planned = importing.plan(piece, importing.load(data))
    importing.apply(piece, planned[:1], user=editor)
    importing.apply(piece, planned[1:], user=editor, status="published")
    assert Gloss.objects.get(body="Imported draft.").published_at is None
    assert Gloss.objects.get(body="Imported, published.").published_at >= before
    # The admin: a draft published from its change form.
    draft = Gloss.objects.get(body="Imported draft.")
    url = reverse("admin:annotations_gloss_change", args=[draft.pk])
    client.force_login(admin_user)
    assert client.post(url, form_data(client.get(url).content.decode(), status="published")).status_code == 302
    assert Gloss.objects.get(pk=draft.pk).published_at >= before
    # Bulk writes: a source file's commentary, and the synthetic catalogue.
    outcome = import_file("space.txt", (CATALOGUE / "the-space-between-the-seen.txt").read_bytes())
    imported = Gloss.objects.filter(piece=outcome.piece)
    assert imported.count() == 7 and not imported.filter(published_at__isnull=True).exists()
    call_command("generate_catalogue", pieces=1, lines=8, glosses=2, stdout=StringIO())
    assert not Gloss.objects.filter(piece__title__startswith="Synthetic", published_at__isnull=True).exists()
    assert not Gloss.objects.filter(status="published", published_at__isnull=True).exists()


def test_the_migration_dates_glosses_already_published_by_their_creation(piece):
    published = written_long_ago(make_gloss(piece, line=1, body="Old and published."))
    draft = make_gloss(piece, line=2, body="Old draft.", status="draft")
    Gloss.objects.update(published_at=None)  # as before the migration
    Gloss.history.model.objects.update(published_at=None)
    migration = __import__("annotations.migrations.0006_gloss_published_at", fromlist=["stamp_published"])
    migration.stamp_published(apps, None)
    assert Gloss.objects.get(pk=published.pk).published_at == LONG_AGO
    assert Gloss.objects.get(pk=draft.pk).published_at is None
    assert not Gloss.history.model.objects.filter(status="published", published_at__isnull=True).exists()
