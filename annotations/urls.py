from django.urls import path, re_path

from . import views

urlpatterns = [
    path("pieces/<slug:slug>/", views.piece_detail, name="piece_detail"),
    path("pieces/<slug:slug>/glosses/new/", views.gloss_new, name="gloss_new"),
    path("glosses/<int:pk>/edit/", views.gloss_edit, name="gloss_edit"),
    path("glosses/<int:pk>/delete/", views.gloss_delete, name="gloss_delete"),
    path("glosses/<int:pk>/delete/confirm/", views.gloss_delete_confirm, name="gloss_delete_confirm"),
    path("glosses/<int:pk>/restore/", views.gloss_restore, name="gloss_restore"),
    path("glosses/<int:pk>/history/", views.gloss_history, name="gloss_history"),
    path("glosses/<int:pk>/history/<int:history_id>/restore/", views.gloss_revert, name="gloss_revert"),
    path("glosses/<int:pk>/anchors/new/", views.gloss_anchor_add, name="gloss_anchor_add"),
    path("glosses/<int:pk>/anchors/<int:anchor_id>/move/", views.anchor_move, name="anchor_move"),
    path("glosses/<int:pk>/anchors/<int:anchor_id>/remove/", views.anchor_remove, name="anchor_remove"),
    path("anchors/<int:anchor_id>/reattach/", views.anchor_reattach, name="anchor_reattach"),
    # Piece commentary became glosses on the whole piece; its old links still lead there.
    re_path(r"^commentary/(?P<pk>[0-9]+)/(?P<rest>edit|history)/$", views.commentary_moved, name="commentary_moved"),
    path("markdown/preview/", views.markdown_preview, name="markdown_preview"),
    path("orphans/", views.orphan_list, name="orphan_list"),
]

urlpatterns += [
    path("concepts/", views.concept_list, name="concept_list"),
    path("concepts/<slug:slug>/", views.concept_detail, name="concept_detail"),
]

urlpatterns += [
    # Any username Django accepts (letters, digits and @.+-_), so <str:…> rather than <slug:…>.
    path("editors/<str:username>/", views.editor_detail, name="editor_detail"),
]
