"""The API's URLs: django-ninja's, each wrapped in conditional GET (ETag from the body, 304)."""

from functools import wraps

from django.urls import path
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import conditional_page, require_safe
from django.views.generic import RedirectView

from .views import api


def _cached(view):
    """ETag/304 (Django's ConditionalGetMiddleware, per view) and the piece page's caching:
    clients keep a copy and ask again each time, a 304 when nothing changed."""
    conditional = conditional_page(view)

    # Read-only: any other method is 405 here, before CSRF's 403 (nothing is written, no
    # session is read, so there is nothing for CSRF to protect).
    @csrf_exempt
    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        method = request.method
        # django-ninja routes GET only; HEAD is that GET, its body dropped by the server (which
        # sees the request as HEAD again, so its Content-Length stays the GET's).
        request.method = "GET"
        response = conditional(request, *args, **kwargs)
        request.method = method
        if response.status_code in (200, 304):  # require_safe: only GET and HEAD get here
            patch_cache_control(response, no_cache=True)
            patch_vary_headers(response, ["Accept"])
        return response

    return wrapped


_patterns, _app, _namespace = api.urls  # module-level "app_name" would namespace this whole file
urlpatterns = [
    path("api/", RedirectView.as_view(url="/api/docs/"), name="api_root"),
    path("api/", (
        [path(str(p.pattern), _cached(p.callback), name=p.name) for p in _patterns],
        _app, _namespace,
    )),
]
