"""The evaluation waves listing in the administration area (tens of thousands of rows at a
contact centre) reads a page of rows with their people and courses at once: the same number
of queries for 3 rows as for 21 (it was 2 more per row)."""

import pytest
from django.urls import reverse

from evaluation.waves import waves_create_for_completion
from tests.courses.conftest import catalog, course, publish_child  # noqa: F401
from tests.evaluation.waves_helpers import COMPLETED
from tests.factories import make_person
from tests.queries import page_queries
from training.roles import Role

pytestmark = pytest.mark.django_db


def test_the_wave_listing_reads_a_page_at_once(client, course):  # noqa: F811
    client.force_login(make_person(Role.TRAINER))
    url = reverse("evaluation_wave:index")

    def completed(count):
        for _ in range(count):
            waves_create_for_completion(
                person=make_person(), course_id=course.pk, completed_at=COMPLETED
            )

    completed(1)  # three waves
    few = page_queries(client, url)
    completed(6)  # 21 waves
    assert page_queries(client, url) == few
