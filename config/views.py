from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    """Liveness probe, and the benchmarks' baseline: a bare view through the full middleware."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that do not name an icon (the admin, plain files)."""
    return redirect(static("favicon/favicon.ico"), permanent=True)
