from django.urls import path

from . import views

urlpatterns = [
    path("pieces/<slug:slug>/", views.piece_detail, name="piece_detail"),
    path("pieces/<slug:slug>/glosses/new/", views.gloss_new, name="gloss_new"),
    path("glosses/<int:pk>/edit/", views.gloss_edit, name="gloss_edit"),
    path("glosses/<int:pk>/delete/", views.gloss_delete, name="gloss_delete"),
    path("glosses/<int:pk>/restore/", views.gloss_restore, name="gloss_restore"),
    path("glosses/<int:pk>/history/", views.gloss_history, name="gloss_history"),
    path("glosses/<int:pk>/history/<int:history_id>/restore/", views.gloss_revert, name="gloss_revert"),
    path("pieces/<slug:slug>/commentary/new/", views.commentary_new, name="commentary_new"),
    path("commentary/<int:pk>/edit/", views.commentary_edit, name="commentary_edit"),
    path("commentary/<int:pk>/delete/", views.commentary_delete, name="commentary_delete"),
    path("commentary/<int:pk>/restore/", views.commentary_restore, name="commentary_restore"),
    path("commentary/<int:pk>/history/", views.commentary_history, name="commentary_history"),
    path("commentary/<int:pk>/history/<int:history_id>/restore/", views.commentary_revert, name="commentary_revert"),
    path("markdown/preview/", views.markdown_preview, name="markdown_preview"),
    path("orphans/", views.orphan_list, name="orphan_list"),
    path("glosses/<int:pk>/reattach/", views.gloss_reattach, name="gloss_reattach"),
]

urlpatterns += [
    path("concepts/", views.concept_list, name="concept_list"),
    path("concepts/<slug:slug>/", views.concept_detail, name="concept_detail"),
]
