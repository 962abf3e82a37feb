from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    """Liveness probe, and the benchmarks' baseline: a bare view through the full middleware."""
    return HttpResponse("ok", content_type="text/plain")
