"""Each certificate is an Open Badges 3.0 credential signed with the site's Ed25519 key: anyone
can check it against the published key, and an altered, foreign, revoked or expired one fails."""

import base64
import datetime
import hashlib
import os

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core import checks
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certification.credentials import credential_jwt, verify_credential
from certification.models import CertificationProgramme
from certification.services import certificate_issue, certificate_revoke
from tests.factories import PASSWORD, make_person
from training.roles import Role

SITE = "http://127.0.0.1:8000"


def pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@pytest.fixture(autouse=True)
def site_key(settings, tmp_path):
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "signing.pem"
    path.write_bytes(pem(key))
    settings.SITE_URL = SITE
    settings.CREDENTIAL_SIGNING_KEY_FILE = str(path)
    settings.CREDENTIAL_SIGNING_KEY = ""
    return key


def anonymous() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def holder():
    return make_person(name="赵敏", email="zhaomin@example.com")


@pytest.fixture
def certificate(programme, holder):
    return certificate_issue(person=holder, programme=programme, issued_at=timezone.now())


@pytest.mark.django_db
def test_the_credential_checks_out_with_the_published_key_and_hides_the_email(certificate):
    response = anonymous().get(reverse("certificate_credential", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwt"
    token = response.content.decode()

    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["typ"] == "JWT"
    jwks = anonymous().get(reverse("credentials_jwks")).json()
    (published,) = [key for key in jwks["keys"] if key["kid"] == header["kid"]]
    # The kid is a URL that serves the same public key.
    assert anonymous().get(header["kid"].removeprefix(SITE)).json()["x"] == published["x"]
    claims = jwt.decode(token, jwt.PyJWK(published).key, algorithms=["EdDSA"])

    verify_url = SITE + reverse("certificate_verify", args=[certificate.code])
    issuer = SITE + reverse("credentials_issuer")
    assert claims["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["id"] == claims["jti"] == verify_url
    assert claims["issuer"]["id"] == claims["iss"] == issuer
    assert claims["nbf"] == int(certificate.issued_at.timestamp())
    assert claims["exp"] == int(certificate.expires_at.timestamp())
    assert claims["validUntil"].startswith(certificate.expires_at.date().isoformat()[:7])
    subject = claims["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["name"] == "上岗认证"
    assert "入职上岗考核 ≥ 80%" in subject["achievement"]["criteria"]["narrative"]
    (email,) = [i for i in subject["identifier"] if i["identityType"] == "emailAddress"]
    assert email["hashed"] is True
    digest = hashlib.sha256(("zhaomin@example.com" + email["salt"]).encode()).hexdigest()
    assert email["identityHash"] == "sha256$" + digest
    assert "zhaomin@example.com" not in b64decode(token.split(".")[1]).decode()

    achievement = anonymous().get(subject["achievement"]["id"].removeprefix(SITE)).json()
    assert achievement["type"] == ["Achievement"] and achievement["name"] == "上岗认证"
    profile = anonymous().get(reverse("credentials_issuer")).json()
    assert profile["id"] == issuer and profile["type"] == ["Profile"]
    assert verify_credential(token) == {"valid": True, "credential": claims}


@pytest.mark.django_db
def test_the_verification_page_offers_the_credential_while_the_certificate_is_valid(
    certificate,
):
    url = reverse("certificate_credential", args=[certificate.code])
    page = anonymous().get(reverse("certificate_verify", args=[certificate.code]))
    assert url in page.content.decode()
    certificate_revoke(
        certificate=certificate, actor=make_person(role=Role.ADMINISTRATOR), reason="作弊"
    )
    page = anonymous().get(reverse("certificate_verify", args=[certificate.code]))
    assert url not in page.content.decode()
    assert anonymous().get(url).status_code == 410


@pytest.mark.django_db
def test_a_credential_altered_by_one_character_fails(certificate):
    token = credential_jwt(certificate)
    head, payload, signature = token.split(".")
    text = b64decode(payload).decode()
    # Push the expiry on by a few seconds: one digit of the `exp` claim.
    exp = str(int(certificate.expires_at.timestamp()))
    later = exp[:-1] + str((int(exp[-1]) + 1) % 10)
    altered = text.replace(f'"exp":{exp}', f'"exp":{later}')
    assert altered != text and len(altered) == len(text)
    forged = ".".join([head, b64encode(altered.encode()), signature])
    result = verify_credential(forged)
    assert result["valid"] is False
    assert "altered" in result["reason"]


@pytest.mark.django_db
def test_a_credential_signed_by_another_key_fails(certificate):
    genuine = credential_jwt(certificate)
    claims = jwt.decode(genuine, options={"verify_signature": False})
    other = Ed25519PrivateKey.generate()
    # Another key that claims to be ours ...
    same_kid = jwt.encode(
        claims, other, algorithm="EdDSA", headers=jwt.get_unverified_header(genuine)
    )
    assert verify_credential(same_kid)["valid"] is False
    assert "altered" in verify_credential(same_kid)["reason"]
    # ... or names itself.
    own_kid = jwt.encode(claims, other, algorithm="EdDSA", headers={"kid": "elsewhere"})
    result = verify_credential(own_kid)
    assert result == {
        "valid": False,
        "reason": "The credential was not signed with this site's key.",
    }


@pytest.mark.django_db
def test_a_revoked_certificates_credential_fails_and_says_when(certificate):
    token = credential_jwt(certificate)
    assert verify_credential(token)["valid"] is True
    certificate_revoke(
        certificate=certificate, actor=make_person(role=Role.ADMINISTRATOR), reason="考核作弊"
    )
    result = verify_credential(token)
    assert result["valid"] is False
    today = timezone.localdate().isoformat()  # the site's day (Asia/Shanghai), as the page
    assert result["reason"] == f"The certificate was revoked on {today}."


@pytest.mark.django_db
def test_an_expired_credential_fails(programme, holder):
    old = certificate_issue(
        person=holder,
        programme=programme,
        issued_at=timezone.now() - datetime.timedelta(days=400),
    )
    result = verify_credential(credential_jwt(old))
    assert result == {"valid": False, "reason": "The credential has expired."}
    assert anonymous().get(reverse("certificate_credential", args=[old.code])).status_code == 410


@pytest.mark.django_db
def test_the_jwks_serves_the_public_key_and_nothing_private(site_key):
    response = anonymous().get(reverse("credentials_jwks"))
    assert response.status_code == 200
    (key,) = response.json()["keys"]
    assert set(key) == {"kty", "crv", "x", "kid", "alg", "use"}
    assert (key["kty"], key["crv"], key["alg"]) == ("OKP", "Ed25519", "EdDSA")
    public = site_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    assert b64decode(key["x"]) == public
    private = site_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    assert b64encode(private) not in response.content.decode()


@pytest.mark.django_db
def test_production_without_a_key_issues_nothing_and_the_check_says_so(settings, certificate):
    settings.DEBUG = False
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""
    response = anonymous().get(reverse("certificate_credential", args=[certificate.code]))
    assert response.status_code == 503
    assert anonymous().get(reverse("credentials_jwks")).status_code == 503
    assert "certification.W001" in [message.id for message in checks.run_checks()]


@pytest.mark.django_db
def test_development_generates_one_private_key_into_var(settings, tmp_path, certificate):
    settings.DEBUG = True
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""
    settings.VAR_DIR = tmp_path / "var"
    first = credential_jwt(certificate)
    key_file = tmp_path / "var" / "credential-signing-key.pem"
    assert oct(os.stat(key_file).st_mode & 0o777) == "0o600"
    second = credential_jwt(certificate)
    assert jwt.get_unverified_header(first)["kid"] == jwt.get_unverified_header(second)["kid"]
    assert verify_credential(first)["valid"] is True


@pytest.mark.django_db
def test_my_training_links_each_valid_certificate_to_its_credential(client, programme, holder):
    held = certificate_issue(person=holder, programme=programme, issued_at=timezone.now())
    expired = certificate_issue(
        person=holder,
        programme=CertificationProgramme.objects.create(name="社媒客服认证", validity_months=1),
        issued_at=timezone.now() - datetime.timedelta(days=60),
    )
    client.login(email=holder.email, password=PASSWORD)
    page = client.get(reverse("my_training")).content.decode()
    assert reverse("certificate_credential", args=[held.code]) in page
    assert reverse("certificate_verify", args=[expired.code]) in page
    assert reverse("certificate_credential", args=[expired.code]) not in page



def test_production_with_a_local_site_url_is_warned(settings):
    settings.DEBUG = False
    assert "certification.W002" in [message.id for message in checks.run_checks()]
    settings.SITE_URL = "https://academy.example.com"
    assert "certification.W002" not in [message.id for message in checks.run_checks()]
