"""A manager reads a course's evaluation report in a real browser: the charts are drawn (an
image per level and per KPI, with the manuals' target), the page passes axe and runs under
the site's Content-Security-Policy, and it is photographed on a desktop and a phone."""

import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import CoursePage
from tests.evaluation.report_helpers import at, close_waves, complete, kpis, observe, quiz, survey
from tests.factories import TeamFactory, make_person
from training.models import User

from .test_accessibility import PHONE, run_axe
from .test_content_security_policy import watch
from .test_smoke_roles import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def reported(transactional_db):
    """Six agents of the demo manager's team trained in June 2025, with surveys, scores,
    observations and monthly first-response times; six colleagues not trained."""
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    course = CoursePage.objects.live().order_by("path").first()
    manager = User.objects.get(email="manager@demo.agentacademy.cn")
    team = manager.profile.team
    done_on = datetime.date(2025, 6, 16)
    stand_in = TeamFactory(name="结业测验")
    trained = []
    for i in range(6):
        person = make_person(team=team, name=f"报告学员{i}")
        complete(person, course, done_on)
        quiz(person, course, stand_in, 0.9 - i * 0.05, when=at(done_on))
        survey(person, course, content=5 - i % 2, trainer=4, recommend=9)
        quiz(person, course, stand_in, 0.7, wave="mid_term")
        observe(person, course, wave="mid_term", score=0.9, passed=i < 5)
        other = make_person(team=team, name=f"报告同事{i}")
        for who, after in ((person, 45.0), (other, 66.0)):
            kpis(
                who,
                {datetime.date(2025, m, 1): 70.0 if m < 7 else after for m in range(3, 13)},
                metric="first_response_s",
            )
        trained.append(person)
    close_waves(course, trained, "short_term")
    return course, manager


def test_a_manager_reads_the_report_with_its_charts(reported, visit, artifacts):
    course, manager = reported
    url = f"/evaluation/report/{course.pk}/?start=2025-06-01&end=2025-06-30"

    def journey(page):
        violations, _policies = watch(page)
        log_in(page, manager.email)
        page.goto(url)
        charts = page.locator("section[aria-labelledby=report-charts] svg[role=img]")
        expect(charts.first).to_be_visible()
        count = charts.count()
        expect(
            page.locator("#kpi-first_response_s svg text", has_text="目标 ≤ 60 秒")
        ).to_have_count(1)
        expect(page.locator("#l2 svg title").first).to_contain_text("L2")
        expect(page.get_by_role("link", name="打印 / PDF")).to_have_attribute(
            "href", f"/evaluation/report/{course.pk}.pdf?start=2025-06-01&end=2025-06-30"
        )
        problems = run_axe(page)
        page.screenshot(path=artifacts / "evaluation-report-charts.png", full_page=True)
        page.set_viewport_size(PHONE)
        problems += run_axe(page)
        page.screenshot(path=artifacts / "evaluation-report-charts-phone.png", full_page=True)
        return violations, problems, count

    violations, problems, count = visit(journey)
    assert not violations, "\n".join(violations)
    assert not problems, "\n".join(problems)
    assert count >= 4  # L1, L2, L3 and first response time
