"""What every request and response goes through: requests no view should ever see, and
response headers Django has no setting for."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest, JsonResponse


def refuse_nul_characters(get_response):
    """Answer 400 to a request with a NUL character in its path, query, form fields or cookies.

    PostgreSQL cannot store or even compare text containing NUL, so such a value reaching a
    query fails there with a 500 (``/orphans/?piece=%00``, a concept named "a\\x00"), and no
    Markdown, title or name has a use for it. One check here instead of one in every view.
    Uploaded files are not looked at: the importer reads their bytes itself.
    """

    def middleware(request: HttpRequest):
        if _has_nul(request):
            message = "The request contains a NUL character (%00), which no page of this site accepts."
            if request.path.startswith("/api/"):  # the API answers every error in JSON, as its schema says
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or any("\x00" in key + value for key, value in request.COOKIES.items()):
        return True
    parts = [request.GET]
    if request.method == "POST":
        parts.append(request.POST)  # a malformed multipart body raises here, and answers 400
    return any("\x00" in key or any("\x00" in value for value in values)
               for data in parts for key, values in data.lists())


def permissions_policy(get_response):
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY) to every response."""
    policy = settings.PERMISSIONS_POLICY

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", policy)
        return response

    return middleware
