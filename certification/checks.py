"""System checks: a production site without a credential signing key issues no credentials."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from certification.signing import SigningKeyMissing, key_configured, signing_key


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
