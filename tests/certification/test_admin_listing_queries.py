"""The certificates listing in the administration area (thousands of rows at a contact
centre) reads a page of rows with their people and programmes at once: the same number of
queries for 3 rows as for 30 (it was 2 more per row)."""

import pytest
from django.urls import reverse

from certification.models import CertificationProgramme
from certification.services import certificate_issue
from tests.factories import make_person
from tests.queries import page_queries
from training.roles import Role

pytestmark = pytest.mark.django_db


def test_the_certificate_listing_reads_a_page_at_once(client):
    client.force_login(make_person(Role.ADMINISTRATOR))
    programmes = [CertificationProgramme.objects.create(name=f"认证{n}") for n in range(3)]
    url = reverse("certification_certificate:index")

    def holders(count):
        for n in range(count):
            certificate_issue(person=make_person(), programme=programmes[n % 3])

    holders(3)
    few = page_queries(client, url)
    holders(27)
    assert page_queries(client, url) == few
