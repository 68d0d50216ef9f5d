"""The site's Ed25519 key that signs Open Badges credentials, and its public half as a JWK.

Where the key comes from, first found wins: the PEM in `CREDENTIAL_SIGNING_KEY`, the PEM file
at `CREDENTIAL_SIGNING_KEY_FILE`; in DEBUG only, `VAR_DIR/credential-signing-key.pem`,
generated once (mode 0600) when missing. In production without a configured key nothing is
signed (`SigningKeyMissing`) and the system check `certification.W001` says so: a key made up
on the spot would sign credentials nobody can verify after the next deploy.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEV_KEY_NAME = "credential-signing-key.pem"


class SigningKeyMissing(ImproperlyConfigured):
    """No signing key is configured (production) or the configured one cannot be read."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@functools.lru_cache(maxsize=4)
def _private_key_from_pem(pem: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise SigningKeyMissing(
            f"The credential signing key is not a readable PEM: {error}"
        ) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyMissing("The credential signing key must be an Ed25519 private key.")
    return key


def dev_key_path() -> Path:
    return Path(settings.VAR_DIR) / DEV_KEY_NAME


def _generate_dev_key(path: Path) -> None:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: two processes starting at once keep the first key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def key_configured() -> bool:
    return bool(
        getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
        or getattr(settings, "CREDENTIAL_SIGNING_KEY_FILE", "")
    )


def signing_key() -> Ed25519PrivateKey:
    """The site's private key; raises `SigningKeyMissing` rather than invent one in production."""
    pem = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    if pem:
        return _private_key_from_pem(pem.encode() if isinstance(pem, str) else pem)
    path = getattr(settings, "CREDENTIAL_SIGNING_KEY_FILE", "")
    if not path:
        if not settings.DEBUG:
            raise SigningKeyMissing(
                "Set CREDENTIAL_SIGNING_KEY_FILE (or CREDENTIAL_SIGNING_KEY) to an Ed25519 "
                "private key in PEM to issue Open Badges credentials."
            )
        path = dev_key_path()
        if not path.exists():
            _generate_dev_key(path)
    try:
        pem_bytes = Path(path).read_bytes()
    except OSError as error:
        raise SigningKeyMissing(
            f"Cannot read the credential signing key {path}: {error}"
        ) from error
    return _private_key_from_pem(pem_bytes)


def public_jwk(public_key: Ed25519PublicKey) -> dict:
    """The public key as an OKP JWK (RFC 8037) — never the private part `d`."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw)}


def thumbprint(jwk: dict) -> str:
    """The JWK thumbprint (RFC 7638): SHA-256 of the required members, sorted, no spaces."""
    required = {name: jwk[name] for name in ("crv", "kty", "x")}
    canonical = json.dumps(required, sort_keys=True, separators=(",", ":")).encode()
    return _b64url(hashlib.sha256(canonical).digest())
