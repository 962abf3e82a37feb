"""Personal API tokens: how editors write through the Web Annotation Protocol.

Only a hash is stored (SHA-256: the tokens are 256 random bits, so a slow hash would add
nothing); the token itself is shown once, when it is made. A revoked token stays listed, so
its owner can see what it was, and never works again.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "glossa_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    shown = models.CharField(max_length=16, editable=False, help_text="The token's first characters, to tell it apart.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.shown}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:
        """A new token for ``user``: the row, and the token itself (never stored)."""
        token = PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(user=user, name=name, key_hash=digest(token), shown=token[: len(PREFIX) + 4])
        return row, token

    @classmethod
    def user_for(cls, token: str):
        """The user a live token belongs to, or None."""
        if not token.startswith(PREFIX) or len(token) > 200:
            return None
        row = cls.objects.active().select_related("user").filter(key_hash=digest(token)).first()
        if row is None or not row.user.is_active:
            return None
        cls.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        return row.user

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
