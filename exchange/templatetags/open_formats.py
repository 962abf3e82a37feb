"""Head tags for pages: feed links (<link rel="alternate">) and link previews (Open Graph,
Twitter). One line in a page's ``{% block head %}`` includes them; they read nothing private,
so they are the same for every reader and safe in a cached page."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator


register = template.Library()

PREVIEW_CHARS = 200


def _feeds(piece=None, concept=None, editor=None) -> dict:
    if piece is not None:
        name, args, label = "piece_feed", [piece.slug], f"New glosses on {piece.title}"
    elif concept is not None:
        name, args, label = "concept_feed", [concept.slug], f"New glosses on {concept.name}"
    elif editor is not None:
        name, args, label = "editor_feed", [editor], f"New glosses by {editor}"
    else:
        name, args, label = "feed", [], "New glosses in Glossa"
    return {
        "label": label,
        "rss": reverse(f"exchange:{name}_rss", args=args),
        "atom": reverse(f"exchange:{name}_atom", args=args),
        "annotations": reverse("exchange:piece_annotations", args=[piece.slug]) if piece is not None else "",
    }


@register.inclusion_tag("exchange/open_formats.html#feed_links")
def feed_links(piece=None, concept=None, editor=None):
    """``{% feed_links %}`` (catalogue), ``{% feed_links piece=piece %}``, ``concept=concept``,
    ``editor="name"``."""
    return _feeds(piece, concept, editor)


@register.inclusion_tag("exchange/open_formats.html#link_preview", takes_context=True)
def link_preview(context, piece):
    """Open Graph and Twitter tags for a piece page; opened on a published gloss (``?gloss=ID``),
    that gloss: its line and the start of its note. The gloss is the one the page's pane already
    holds (no query of its own: the piece page's query count is tested)."""
    request = context.get("request")
    title, description = piece.title, piece.first_line
    url = piece.get_absolute_url()
    card = (context.get("pane") or {}).get("gloss")
    if isinstance(card, dict) and card.get("status") == "published" and not card.get("is_deleted"):
        place = card.get("current") or {}
        line = place.get("exact") or place.get("anchor_text", "")
        line = " ".join(line.split())
        title = f"{piece.title}: “{line}”" if line else f"{piece.title}: {card.get('heading') or 'a gloss'}"
        description = Truncator(" ".join(strip_tags(card.get("body_html", "")).split())).chars(PREVIEW_CHARS)
        url = f"{url}?gloss={card['id']}"
    absolute = request.build_absolute_uri(url) if request is not None else url
    return {"title": title, "description": description, "url": absolute}


@register.inclusion_tag("exchange/open_formats.html#edition_links")
def edition_links(piece):
    """``{% edition_links piece %}``: the piece's downloads (editions, annotations, feeds)."""
    return {
        "slug": piece.slug,
        "annotations": reverse("exchange:piece_annotations", args=[piece.slug]),
        "tei": reverse("exchange:edition_tei", args=[piece.slug]),
        "text": reverse("exchange:edition_text", args=[piece.slug]),
        "markdown": reverse("exchange:edition_markdown", args=[piece.slug]),
        "rss": reverse("exchange:piece_feed_rss", args=[piece.slug]),
        "atom": reverse("exchange:piece_feed_atom", args=[piece.slug]),
    }
