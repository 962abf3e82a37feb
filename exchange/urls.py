from django.urls import path

from . import protocol, views
from .feeds import CatalogueFeed, ConceptFeed, EditorFeed, PieceFeed, atom

app_name = "exchange"

urlpatterns = [
    path("annotations/", views.catalogue_annotations, name="catalogue_annotations"),
    path("glosses/<int:pk>/", protocol.resource, name="gloss"),
    path("glosses/<int:pk>/annotation.jsonld", views.gloss_annotation, name="gloss_annotation"),
    path("pieces/<slug:slug>/annotations/", protocol.container, name="piece_annotations"),
    path("pieces/<slug:slug>/text", views.piece_text, name="piece_text"),
    path("account/tokens/", views.token_list, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("pieces/<slug:slug>/annotations/import/", views.import_annotations, name="import_annotations"),
    path("pieces/<slug:slug>/edition.tei.xml", views.edition_tei, name="edition_tei"),
    path("pieces/<slug:slug>/edition.txt", views.edition_text, name="edition_text"),
    path("pieces/<slug:slug>/edition.md", views.edition_markdown, name="edition_markdown"),
    path("feeds/glosses.rss", CatalogueFeed(), name="feed_rss"),
    path("feeds/glosses.atom", atom(CatalogueFeed)(), name="feed_atom"),
    path("pieces/<slug:slug>/feed.rss", PieceFeed(), name="piece_feed_rss"),
    path("pieces/<slug:slug>/feed.atom", atom(PieceFeed)(), name="piece_feed_atom"),
    path("editors/<str:username>/feed.rss", EditorFeed(), name="editor_feed_rss"),
    path("editors/<str:username>/feed.atom", atom(EditorFeed)(), name="editor_feed_atom"),
    path("concepts/<slug:slug>/feed.rss", ConceptFeed(), name="concept_feed_rss"),
    path("concepts/<slug:slug>/feed.atom", atom(ConceptFeed)(), name="concept_feed_atom"),
]
