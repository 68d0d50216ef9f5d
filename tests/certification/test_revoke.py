"""An administrator revokes a certificate by hand, with a reason; the audit trail keeps it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from certification.models import CertificateAction, CertificateStatus
from certification.services import certificate_issue, certificate_revoke
from tests.certification.conftest import at
from tests.factories import PASSWORD, make_person
from training.roles import Role


@pytest.fixture
def certificate(programme):
    return certificate_issue(person=make_person(), programme=programme, issued_at=at(8, 1))


@pytest.mark.django_db
def test_revoking_with_a_reason_writes_the_audit_event(client, certificate):
    admin = make_person(role=Role.ADMINISTRATOR)
    client.login(email=admin.email, password=PASSWORD)
    url = reverse("certification_certificate_revoke", args=[certificate.pk])

    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Say why the certificate is revoked." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    assert certificate.events.count() == 1

    response = client.post(url, {"reason": "考核作弊"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    event = certificate.events.first()
    assert (event.action, event.actor) == (CertificateAction.REVOKE, admin)
    assert event.reason == "考核作弊"


@pytest.mark.django_db
def test_only_an_administrator_may_revoke(client, certificate):
    trainer = make_person(role=Role.TRAINER)
    client.login(email=trainer.email, password=PASSWORD)
    response = client.post(
        reverse("certification_certificate_revoke", args=[certificate.pk]), {"reason": "x"}
    )
    # Wagtail's admin turns a refusal into a redirect to the dashboard, with a message.
    assert (response.status_code, response.get("Location")) in {(403, None), (302, "/cms/")}
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


@pytest.mark.django_db
def test_the_admin_lists_certificates_and_programmes(client, certificate):
    admin = make_person(role=Role.ADMINISTRATOR)
    client.login(email=admin.email, password=PASSWORD)
    listing = client.get(reverse("certification_certificate:index")).content.decode()
    assert "上岗认证" in listing
    assert reverse("certification_certificate_revoke", args=[certificate.pk]) in listing
    assert client.get(reverse("certification_programme:index")).status_code == 200
    edit = client.get(reverse("certification_programme:edit", args=[certificate.programme.pk]))
    assert edit.status_code == 200
    assert "Requirements (all must hold)" in edit.content.decode()


@pytest.mark.django_db
def test_the_service_refuses_a_revoke_without_a_reason_and_changes_nothing(certificate):
    admin = make_person(role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, actor=admin, reason="   ")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    assert certificate.events.count() == 1


@pytest.mark.django_db
def test_by_hand_only_an_administrator_issues_and_only_with_a_reason(programme):
    person = make_person()
    with pytest.raises(PermissionDenied):
        certificate_issue(
            person=person, programme=programme, issued_by=make_person(role=Role.TRAINER), reason="x"
        )
    admin = make_person(role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError):
        certificate_issue(person=person, programme=programme, issued_by=admin, reason=" ")
    assert not person.certificates.exists()
    certificate = certificate_issue(
        person=person, programme=programme, issued_by=admin, reason="纸质档案转入"
    )
    event = certificate.events.get()
    assert (event.action, event.actor, event.reason) == ("issue", admin, "纸质档案转入")
