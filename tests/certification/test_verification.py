"""Anyone with a certificate's code can check it: valid, expired or revoked, for whom, which
programme and its dates, and nothing else about the person."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certification.services import certificate_issue, certificate_revoke
from tests.certification.conftest import at
from tests.factories import make_person
from training.roles import Role


def verify(code) -> tuple[int, str]:
    client = Client()  # not logged in
    client.cookies["django_language"] = "en"
    response = client.get(reverse("certificate_verify", args=[code]))
    return response.status_code, response.content.decode()


@pytest.mark.django_db
def test_a_valid_certificate_says_so_with_its_holder_programme_and_dates(programme):
    person = make_person(name="赵敏", email="zhaomin@example.com")
    certificate = certificate_issue(person=person, programme=programme, issued_at=timezone.now())
    status, page = verify(certificate.code)
    assert status == 200
    assert "This certificate is valid." in page
    assert "赵敏" in page and "上岗认证" in page
    assert (
        certificate.issued_at.astimezone(timezone.get_default_timezone()).strftime("%Y-%m-%d")
        in page
    )
    assert "zhaomin@example.com" not in page
    assert person.profile.employee_no not in page


@pytest.mark.django_db
def test_a_revoked_or_expired_certificate_keeps_answering_and_says_so(programme):
    admin = make_person(role=Role.ADMINISTRATOR)
    revoked = certificate_issue(person=make_person(), programme=programme)
    certificate_revoke(certificate=revoked, actor=admin, reason="考核作弊")
    status, page = verify(revoked.code)
    assert status == 200 and "This certificate has been revoked." in page
    assert "考核作弊" not in page  # the reason stays in the admin's history

    old = certificate_issue(
        person=make_person(),
        programme=programme,
        issued_at=timezone.now() - datetime.timedelta(days=400),
    )
    status, page = verify(old.code)
    assert status == 200 and "This certificate has expired." in page


@pytest.mark.django_db
def test_an_unknown_code_is_a_plain_404(programme):
    certificate_issue(person=make_person(), programme=programme, issued_at=at(8, 1))
    assert verify("not-a-real-code")[0] == 404
