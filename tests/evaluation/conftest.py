import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(client, settings):
    # Messages are asserted in English; the product's default language is Chinese.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


# --- courses, people and completions for the instruments (surveys, observations) ----------


@pytest.fixture
def catalog(db):
    from courses.services import catalog_ensure

    return catalog_ensure(title="课程中心")


def publish_course(catalog, slug="service", title="服务规范"):
    from courses.models import CoursePage

    course = CoursePage(title=title, slug=slug, kind="onboarding", summary="…")
    catalog.add_child(instance=course)
    course.save_revision().publish()
    return course


@pytest.fixture
def course(catalog):
    return publish_course(catalog)


def complete_course(person, course, days_ago=1):
    """The person completed the course `days_ago` days ago (a course record, as courses
    writes it, which schedules its evaluation waves); the waves due today are opened, as the
    completion's task or the daily round does."""
    import datetime

    from django.utils import timezone

    from evaluation.waves import waves_open_due
    from tests.factories import TeamFactory
    from training.models import RecordKind
    from training.records import record_result

    record = record_result(
        user=person,
        source=TeamFactory(),
        kind=RecordKind.COURSE,
        activity=course,
        course=course,
        completed_at=timezone.now() - datetime.timedelta(days=days_ago),
        score=1.0,
        passed=True,
    )
    waves_open_due(person_id=person.pk)
    return record
