"""API tokens for helpdesk systems: made, checked and revoked here only.

A token is 32 random bytes (URL-safe text) behind a readable "kpi_" prefix. Only its SHA-256
is stored — a token is long and random, so a fast hash is enough, and a stolen database holds
no key that works. The plain token exists once, in what `api_token_create` returns.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from evaluation.models import KpiApiToken
from training.models import User

PREFIX = "kpi_"
SHOWN = 8  # characters of the token kept in the clear, to tell tokens apart


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, name: str, created_by: User) -> tuple[KpiApiToken, str]:
    """A new active token and its plain text, which is never stored nor shown again."""
    plain = PREFIX + secrets.token_urlsafe(32)
    token = KpiApiToken.objects.create(
        name=name.strip(),
        prefix=plain[: len(PREFIX) + SHOWN],
        token_hash=_hash(plain),
        created_by=created_by,
    )
    return token, plain


def api_token_revoke(*, token: KpiApiToken) -> bool:
    """Revoke a token from now on; False if it was revoked already (nothing changes)."""
    return bool(
        KpiApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def api_token_authenticate(plain: str) -> KpiApiToken | None:
    """The active token whose text this is (its last use noted), or None."""
    if not plain.startswith(PREFIX) or len(plain) > 100:
        return None
    token = KpiApiToken.objects.filter(token_hash=_hash(plain), revoked_at__isnull=True).first()
    if token is not None:
        token.last_used_at = timezone.now()
        KpiApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token
