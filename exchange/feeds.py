"""RSS and Atom feeds of newly published glosses (Django's syndication framework).

Four scopes: the whole catalogue, a piece, an editor (the glosses they wrote) and a concept.
Only what readers see (``Gloss.objects.shown()``), newest first. A gloss is dated and ordered by
when it was published (``published_at``: a draft published later is news when it is
published, not when it was written); its ``updated`` date says when it last changed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from annotations.models import Concept, Gloss
from catalogue.models import Piece

FEED_ITEMS = 30


class GlossFeed(Feed):
    feed_type = Rss201rev2Feed
    kind = "rss"

    def items(self, obj):
        return (
            self.glosses(obj).shown(include_drafts=False)
            .select_related("piece", "created_by").prefetch_related("anchors", "concepts")
            .order_by("-published_at", "-pk")[:FEED_ITEMS]
        )

    def glosses(self, obj):
        return Gloss.objects.all()

    def item_title(self, gloss):
        heading = f": {gloss.heading}" if gloss.heading else ""
        return f"{gloss.piece.title}, {gloss.where_label}{heading}"

    def item_description(self, gloss):
        # body_html is rendered with raw HTML off (annotations/markdown.py): safe to publish.
        return gloss.body_html

    def item_link(self, gloss):
        anchor = gloss.first_anchor
        fragment = f"#L{anchor.first_line}" if anchor else f"#g{gloss.pk}"
        return f"{gloss.piece.get_absolute_url()}?gloss={gloss.pk}{fragment}"

    def item_guid(self, gloss):
        return reverse("exchange:gloss", args=[gloss.pk])

    def item_pubdate(self, gloss):
        return gloss.published_at

    def item_updateddate(self, gloss):
        return gloss.updated_at

    def item_author_name(self, gloss):
        if gloss.created_by is not None:
            return gloss.created_by.get_username()
        return gloss.piece.author or None

    def item_categories(self, gloss):
        return [concept.name for concept in gloss.concepts.all()]

    # Each scope says what it is about; titles, descriptions and URLs follow from that.
    url_name = "feed"

    def about(self, obj) -> str:
        return "across the catalogue"

    def url_args(self, obj) -> list:
        return []

    def title(self, obj):
        return f"Glossa: new glosses {self.about(obj)}"

    def description(self, obj):
        return f"Newly published glosses {self.about(obj)}, newest first."

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else reverse("piece_list")

    def feed_url(self, obj):
        return reverse(f"exchange:{self.url_name}_{self.kind}", args=self.url_args(obj))


class CatalogueFeed(GlossFeed):
    pass


class PieceFeed(GlossFeed):
    url_name = "piece_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Piece, slug=slug)

    def glosses(self, piece):
        return Gloss.objects.filter(piece=piece)

    def about(self, piece):
        return f"on {piece.title}"

    def url_args(self, piece):
        return [piece.slug]


class EditorFeed(GlossFeed):
    url_name = "editor_feed"

    def get_object(self, request, username):
        return get_object_or_404(get_user_model(), **{get_user_model().USERNAME_FIELD: username})

    def glosses(self, user):
        return Gloss.objects.filter(created_by=user)

    def about(self, user):
        return f"by {user.get_username()}"

    def link(self, user):
        return reverse("piece_list")  # editors have no page of their own

    def url_args(self, user):
        return [user.get_username()]


class ConceptFeed(GlossFeed):
    url_name = "concept_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Concept, slug=slug)

    def glosses(self, concept):
        return Gloss.objects.filter(concepts=concept)

    def about(self, concept):
        return f"on {concept.name}"

    def url_args(self, concept):
        return [concept.slug]


def atom(feed_class):
    """The Atom twin of an RSS feed class."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": Atom1Feed, "kind": "atom"})
