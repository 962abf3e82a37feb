from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("annotations/", views.catalogue_annotations, name="catalogue_annotations"),
    path("glosses/<int:pk>/", views.gloss, name="gloss"),
    path("glosses/<int:pk>/annotation.jsonld", views.gloss_annotation, name="gloss_annotation"),
    path("pieces/<slug:slug>/annotations/", views.piece_annotations, name="piece_annotations"),
    path("pieces/<slug:slug>/text", views.piece_text, name="piece_text"),
    path("pieces/<slug:slug>/edition.tei.xml", views.edition_tei, name="edition_tei"),
    path("pieces/<slug:slug>/edition.txt", views.edition_text, name="edition_text"),
    path("pieces/<slug:slug>/edition.md", views.edition_markdown, name="edition_markdown"),
]
