"""Small response headers Django has no setting for."""

from django.conf import settings


def permissions_policy(get_response):
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY) to every response."""
    policy = settings.PERMISSIONS_POLICY

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", policy)
        return response

    return middleware
