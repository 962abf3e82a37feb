from django.urls import path

from . import views

urlpatterns = [
    path("pieces/<slug:slug>/", views.piece_detail, name="piece_detail"),
]
