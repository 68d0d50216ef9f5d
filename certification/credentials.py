"""Open Badges 3.0 credentials: each certificate as an OpenBadgeCredential, signed as a VC-JWT.

The JWT follows OB 3.0 §8.2 (JSON Web Token proof format): the JOSE header is
`{"alg": "EdDSA", "typ": "JWT", "kid": <URL of the public JWK>}`, and the payload is the
credential itself with the registered claims mapped from it — `iss` = issuer.id, `jti` = id
(the certificate's verification URL), `nbf` = validFrom, `exp` = validUntil, and `sub` only
when the subject has an id (ours has none: the holder is named by a salted e-mail hash).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

import jwt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import (
    Certificate,
    CertificateStatus,
    CertificationProgramme,
    RequirementPath,
)
from certification.signing import public_jwk, signing_key, thumbprint
from training.branding import site_name
from training.i18n import in_site_language
from training.text import join_names

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CREDENTIAL_TYPE = ["VerifiableCredential", "OpenBadgeCredential"]
ALGORITHM = "EdDSA"


class CredentialInvalid(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def issuer_url() -> str:
    return _url("credentials_issuer")


def key_url(kid: str) -> str:
    return _url("credentials_key", kid)


def published_keys() -> list[dict]:
    """The JWKS entries: the site's public key with its id (the URL that serves it)."""
    jwk = public_jwk(signing_key().public_key())
    return [{**jwk, "kid": key_url(thumbprint(jwk)), "alg": ALGORITHM, "use": "sig"}]


def issuer_profile() -> dict:
    """The issuer Profile served at its own id (the issuer URL)."""
    with in_site_language():
        return {
            "@context": CONTEXT,
            "id": issuer_url(),
            "type": ["Profile"],
            "name": site_name(),
            "url": settings.SITE_URL + "/",
        }


def _criteria_narrative(programme: CertificationProgramme) -> str:
    lines = []
    for requirement in programme.requirements.select_related("page"):
        line = str(requirement)
        if requirement.min_score is not None:
            line += f" ≥ {requirement.min_score}%"
        if requirement.days:
            line += " " + _("at least %(days)s days") % {"days": requirement.days}
        items = requirement.checklist_items
        if items:
            line += _(": ") + join_names(items)
        if requirement.applies_to != RequirementPath.BOTH:  # e.g. the renewal's refresher quiz
            line += f" ({requirement.get_applies_to_display()})"
        lines.append(f"- {line}")
    return "\n".join(lines)


def achievement(programme: CertificationProgramme) -> dict:
    """The programme as an OB 3.0 Achievement (the criteria are its requirements)."""
    with in_site_language():
        return {
            "id": _url("credentials_achievement", programme.pk),
            "type": ["Achievement"],
            "achievementType": "Certification",
            "name": programme.name,
            "description": programme.description or programme.name,
            "criteria": {"narrative": _criteria_narrative(programme)},
        }


def _salt(certificate: Certificate) -> str:
    # One salt per certificate: the same e-mail hashes differently on each, so credentials
    # cannot be linked by their hashes; derived, so a credential downloaded twice is the same.
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"credential-salt:{certificate.code}".encode(), "sha256").hexdigest()[:32]


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 `identityHash`: "sha256$" + hex SHA-256 of the e-mail (lower-cased) + salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def _iso(value) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def credential(certificate: Certificate) -> dict:
    """The certificate as an OpenBadgeCredential: issuer, holder (name and hashed e-mail),
    the programme, and the dates — what the verification page shows, nothing more."""
    salt = _salt(certificate)
    person = certificate.person
    identifiers = [
        {
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": True,
            "identityHash": identity_hash(person.email, salt),
            "salt": salt,
        }
    ]
    if person.get_full_name():
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": person.get_full_name(),
            }
        )
    body = {
        "@context": CONTEXT,
        "id": _url("certificate_verify", certificate.code),
        "type": CREDENTIAL_TYPE,
        "issuer": {"id": issuer_url(), "type": ["Profile"], "name": issuer_profile()["name"]},
        "name": certificate.programme.name,
        "validFrom": _iso(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement(certificate.programme),
        },
    }
    if certificate.expires_at:
        body["validUntil"] = _iso(certificate.expires_at)
    return body


def credential_jwt(certificate: Certificate) -> str:
    """The credential signed with the site's key as a compact VC-JWT (OB 3.0 §8.2)."""
    body = credential(certificate)
    claims = {
        **body,
        "iss": body["issuer"]["id"],
        "jti": body["id"],
        "nbf": int(certificate.issued_at.timestamp()),
    }
    if certificate.expires_at:
        claims["exp"] = int(certificate.expires_at.timestamp())
    key = signing_key()
    kid = key_url(thumbprint(public_jwk(key.public_key())))
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"typ": "JWT", "kid": kid})


def verify_credential(token: str) -> dict:
    """Check a credential this site issued: the signature against the published key, `nbf`
    and `exp`, the issuer, and that the certificate it names is not revoked or expired.
    Returns `{"valid": True, "credential": claims}` or `{"valid": False, "reason": ...}`."""
    try:
        return {"valid": True, "credential": _verified_claims(token)}
    except CredentialInvalid as error:
        return {"valid": False, "reason": error.reason}


def _verified_claims(token: str) -> dict:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        raise CredentialInvalid(_("This is not a signed credential.")) from None
    keys = {key["kid"]: key for key in published_keys()}
    if header.get("alg") != ALGORITHM or header.get("kid") not in keys:
        raise CredentialInvalid(_("The credential was not signed with this site's key."))
    public_key = jwt.PyJWK(keys[header["kid"]]).key
    try:
        claims = jwt.decode(
            token,
            public_key,
            algorithms=[ALGORITHM],
            issuer=issuer_url(),
            options={"require": ["iss", "jti", "nbf"]},
        )
    except jwt.ExpiredSignatureError:
        raise CredentialInvalid(_("The credential has expired.")) from None
    except jwt.ImmatureSignatureError:
        raise CredentialInvalid(_("The credential is not valid yet.")) from None
    except jwt.InvalidSignatureError:
        raise CredentialInvalid(
            _("The signature does not match: the credential was altered.")
        ) from None
    except jwt.InvalidTokenError:
        raise CredentialInvalid(_("The credential could not be read or checked.")) from None
    certificate = _certificate_named(claims)
    if certificate is None:
        raise CredentialInvalid(_("The certificate it names is not known here."))
    if certificate.status == CertificateStatus.REVOKED:
        revoked_at = certificate.events.filter(action="revoke").values_list("at", flat=True).first()
        raise CredentialInvalid(
            _("The certificate was revoked on %(date)s.")
            % {"date": timezone.localtime(revoked_at or certificate.issued_at).date().isoformat()}
        )
    if certificate.state == CertificateStatus.EXPIRED:
        raise CredentialInvalid(_("The certificate has expired."))
    if certificate.state == CertificateStatus.LAPSED:
        raise CredentialInvalid(
            _("The certificate lapsed: the update training it required was not completed in time.")
        )
    if certificate.state == CertificateStatus.SUPERSEDED:
        raise CredentialInvalid(_("The certificate was replaced by a renewed certificate."))
    if certificate.state != CertificateStatus.VALID:
        raise CredentialInvalid(_("The certificate is no longer valid."))
    return claims


def _certificate_named(claims: dict) -> Certificate | None:
    prefix = _url("certificate_verify", "CODE").removesuffix("CODE/")
    jti = claims.get("jti", "")
    if not jti.startswith(prefix):
        return None
    code = jti.removeprefix(prefix).rstrip("/")
    return Certificate.objects.filter(code=code).first()
