"""The page a locked-out sign-in gets (django-axes calls ``locked_out`` instead of its bare 403/429)."""

from __future__ import annotations

from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit


def locked_out(request, original_response=None, credentials=None):
    """Say why sign-in is refused and when to try again: the same page for the site and the admin.

    The lockout lasts the cool-off after the latest failed attempt of this account or address
    (a failure during the lockout starts it again), so that is the time the page names.
    """
    cool_off = get_cool_off(request)
    latest = None
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request, credentials):
        newest = attempts.aggregate(newest=Max("attempt_time"))["newest"]
        if newest and (latest is None or newest > latest):
            latest = newest
    until = (latest or timezone.now()) + cool_off if cool_off else None
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "until": until,
        "minutes": max(1, round((until - timezone.now()).total_seconds() / 60)) if until else None,
    }
    # 429 Too Many Requests: what happened, in the status too (axes' own default).
    return render(request, "registration/locked_out.html", context, status=429)
