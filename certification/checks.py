"""System checks: a production site without a credential signing key issues no credentials, and
one with a local SITE_URL would issue credentials nobody outside can check."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from certification.signing import SigningKeyMissing, key_configured, signing_key

LOCAL_HOSTS = ("http://127.0.0.1", "http://localhost", "https://127.0.0.1", "https://localhost")


@register()
def credential_issuer_url_check(app_configs, **kwargs):
    # The issuer id and every credential id are built on SITE_URL: a local one is useless outside.
    if settings.DEBUG or not settings.SITE_URL.startswith(LOCAL_HOSTS):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL}: Open Badges credentials would name it as their "
            "issuer and nobody outside could check them.",
            hint="Set SITE_URL to the site's public address, e.g. https://academy.example.com.",
            id="certification.W002",
        )
    ]


@register()
def credential_signing_key_check(app_configs, **kwargs):
    if not key_configured():
        if settings.DEBUG:
            return []  # a development key is generated into var/ on first use
        return [
            Warning(
                "No credential signing key: Open Badges credentials will not be issued.",
                hint="Set CREDENTIAL_SIGNING_KEY_FILE to an Ed25519 private key in PEM "
                "(openssl genpkey -algorithm ed25519 -out credential-signing-key.pem).",
                id="certification.W001",
            )
        ]
    try:
        signing_key()
    except SigningKeyMissing as error:
        return [Error(str(error), id="certification.E001")]
    return []
