"""The report of a programme: its cohort is those who completed the programme, L1 and L3 come
from its own waves' surveys and observations, L2 from its assessment (the quizzes of its last
course passed); the list of reports shows it, marked as a programme."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import ReportSnapshot
from evaluation.report import course_report
from evaluation.snapshots import snapshots_refresh_nightly
from tests.evaluation.report_helpers import at, complete, observe, quiz, survey
from tests.factories import TeamFactory, make_person
from training.models import RecordKind
from training.records import record_result
from training.roles import Role

pytestmark = pytest.mark.django_db

MID = "mid_term"


def cell(report, key, wave):
    return next(row for row in report.rows if row.key == key).cells[wave]


@pytest.fixture
def cohort(programme, basics, talk):
    team = TeamFactory(name="售后一组")
    manager = make_person(Role.MANAGER, team=team, name="王主管")
    done_on = timezone.localdate() - datetime.timedelta(days=100)
    practice, final = basics.lessons().first(), talk.lessons().first()  # quiz stand-ins
    people = [make_person(team=team, name=f"新人{i}") for i in range(5)]
    for person in people:
        complete(person, basics, done_on)
        quiz(person, basics, practice, 0.5, when=at(done_on))  # practice, not the assessment
        complete(person, talk, done_on)
        quiz(person, talk, final, 0.9, when=at(done_on))  # the final assessment
        record_result(  # as courses writes it when the last course completes the programme
            user=person,
            source=TeamFactory(),
            kind=RecordKind.PROGRAMME,
            activity=programme,
            course=programme,
            completed_at=at(done_on),
            score=1.0,
            passed=True,
        )
        survey(person, programme, content=5, trainer=4, recommend=9)
        quiz(person, talk, final, 0.72, wave=MID, when=at(timezone.localdate()))
        observe(person, programme, wave=MID, score=0.9, passed=True)
    return {"manager": manager, "people": people}


def test_the_programmes_report_reads_its_waves_and_its_assessment(cohort, programme):
    report = course_report(viewer=cohort["manager"], course=programme)
    assert len(report.people) == 5
    assert cell(report, "satisfied", "short_term").n == 5
    end = cell(report, "end_score", "short_term")
    assert end.value == pytest.approx(0.9) and end.n == 5  # the last course's quiz only
    assert cell(report, "retest", MID).value == pytest.approx(0.72)
    assert cell(report, "retention", MID).value == pytest.approx(0.8)
    transfer = cell(report, "transfer", MID)
    assert transfer.value == 1.0 and transfer.n == 5


def test_the_nightly_run_pre_computes_the_programmes_report(cohort, programme):
    """Like a course's: everyone's and the team's, so that nobody waits for it to compute."""
    snapshots_refresh_nightly()
    team = cohort["manager"].profile.team
    scopes = set(ReportSnapshot.objects.filter(course=programme).values_list("scope", flat=True))
    assert {"all", f"teams:{team.pk}"} <= scopes


def test_the_list_shows_the_programme_and_its_page_opens(client, cohort, programme, basics):
    client.force_login(cohort["manager"])
    listing = client.get(reverse("evaluation_reports")).content.decode()
    url = reverse("evaluation_report", args=[programme.pk])
    assert url in listing and "两周入职" in listing
    row = listing[listing.index(url) :].split("</tr>")[0]
    assert "Programme" in row
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "两周入职" in html and "新人0" in html
    assert "people completed the programme from" in html  # not "the course"
