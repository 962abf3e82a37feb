from django.urls import path

from . import views

urlpatterns = [
    path("", views.piece_list, name="piece_list"),
]
