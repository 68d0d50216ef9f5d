"""An administrator issues a certificate by hand in the admin (Certification → Certificates →
"Issue by hand"), with a reason; what it may not issue is refused and nothing changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import Certificate, CertificateAction, CertificateEvent
from certification.services import add_months, certificate_issue
from tests.factories import PASSWORD, make_person
from training.roles import Role

URL = "/cms/certification/certificates/issue/"


@pytest.fixture
def admin(client):
    admin = make_person(role=Role.ADMINISTRATOR)
    client.login(email=admin.email, password=PASSWORD)
    return admin


def nothing_issued() -> bool:
    return not Certificate.objects.exists() and not CertificateEvent.objects.exists()


@pytest.mark.django_db
def test_the_certificate_listing_offers_issuing_by_hand_to_administrators(client, admin):
    assert reverse("certification_certificate_issue") == URL
    assert URL in client.get(reverse("certification_certificate:index")).content.decode()
    client.logout()
    trainer = make_person(role=Role.TRAINER)
    client.login(email=trainer.email, password=PASSWORD)
    assert URL not in client.get(reverse("certification_certificate:index")).content.decode()


@pytest.mark.django_db
def test_an_administrator_issues_one_with_a_reason_and_the_audit_trail_keeps_it(
    client, admin, programme
):
    person = make_person(name="刘强")
    form = client.get(URL).content.decode()
    assert "上岗认证" in form and "刘强" in form

    response = client.post(
        URL, {"person": person.pk, "programme": programme.pk, "reason": "纸质证书转入"}
    )

    certificate = Certificate.objects.get()
    assert response.status_code == 302
    inspect = reverse("certification_certificate:inspect", args=[certificate.pk])
    assert response["Location"] == inspect
    assert (certificate.person, certificate.programme) == (person, programme)
    assert (certificate.issued_by, certificate.reason) == (admin, "纸质证书转入")
    assert certificate.expires_at == add_months(certificate.issued_at, 12)
    event = certificate.events.get()
    assert (event.action, event.actor) == (CertificateAction.ISSUE, admin)
    assert event.reason == "纸质证书转入"


@pytest.mark.django_db
def test_a_paper_certificate_keeps_its_date_and_expires_a_validity_after_it(
    client, admin, programme
):
    person = make_person()
    issued_on = timezone.localdate() - datetime.timedelta(days=100)
    client.post(
        URL,
        {
            "person": person.pk,
            "programme": programme.pk,
            "issued_on": issued_on.isoformat(),
            "reason": "纸质证书转入",
        },
    )
    certificate = Certificate.objects.get()
    assert timezone.localtime(certificate.issued_at).date() == issued_on
    assert certificate.expires_at == add_months(certificate.issued_at, 12)

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        URL,
        {
            "person": make_person().pk,
            "programme": programme.pk,
            "issued_on": tomorrow.isoformat(),
            "reason": "x",
        },
    )
    assert "A certificate cannot be issued in the future." in response.content.decode()
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_someone_who_already_holds_a_valid_one_is_refused(client, admin, programme):
    person = make_person(name="赵敏")
    held = certificate_issue(person=person, programme=programme)

    response = client.post(URL, {"person": person.pk, "programme": programme.pk, "reason": "补发"})

    assert response.status_code == 200
    assert "赵敏 already holds a valid certificate of “上岗认证”" in response.content.decode()
    assert list(Certificate.objects.all()) == [held]
    assert held.events.count() == 1


@pytest.mark.django_db
def test_an_inactive_programme_is_refused(client, admin, programme):
    programme.active = False
    programme.save()
    assert "上岗认证" not in client.get(URL).content.decode()  # not offered

    response = client.post(
        URL, {"person": make_person().pk, "programme": programme.pk, "reason": "补发"}
    )

    assert response.status_code == 200
    assert "“上岗认证” is not active: it issues no certificates." in response.content.decode()
    assert nothing_issued()


@pytest.mark.django_db
def test_a_forged_or_incomplete_post_changes_nothing(client, admin, programme):
    person = make_person()
    for data, message in [
        ({"person": 999999, "programme": programme.pk, "reason": "x"}, "Choose a person"),
        ({"person": person.pk, "programme": 999999, "reason": "x"}, "Choose a programme"),
        ({"person": person.pk, "programme": programme.pk}, "Say why the certificate is issued"),
        (
            {"person": person.pk, "programme": programme.pk, "reason": "   "},
            "Say why the certificate is issued",
        ),
    ]:
        response = client.post(URL, data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert nothing_issued()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.TRAINER, Role.MANAGER, Role.LEARNER])
def test_only_an_administrator_may_issue_by_hand(client, programme, role):
    someone = make_person(role=role)
    client.login(email=someone.email, password=PASSWORD)
    person = make_person()
    response = client.post(URL, {"person": person.pk, "programme": programme.pk, "reason": "x"})
    # Wagtail's admin turns a refusal into a redirect (to the dashboard or the log-in page).
    assert response.status_code in {302, 403}
    assert response.get("Location", "") != reverse("certification_certificate:index")
    assert nothing_issued()
