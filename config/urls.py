from django.contrib import admin
from django.urls import include, path

from .views import favicon, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("exchange.urls")),
    path("", include("api.urls")),
    path("", include("annotations.urls")),
    path("", include("search.urls")),
    path("", include("catalogue.urls")),
]
