"""The training-effect evaluation's cycle, in one browser journey with the clock moved on.

A cohort of twelve first-line agents completes a course with its end-of-course quiz on
2 March; twelve colleagues in the same positions are not trained yet (the comparison group),
and another manager's team is trained too. The short-term survey opens with the completion
and one agent answers it in the browser. At day 90 the daily round opens the mid-term wave:
the re-test and the self-assessment are the agents' tasks, the observation their manager's,
and each is told once; three days before it closes the round reminds whoever has not
answered. The manager observes in the browser, an agent assesses herself, the others answer
too; the wave closes. In July a trainer imports the KPI file: a file with a bad line is
refused, naming it, and nothing is imported; the corrected file is. The manager then reads
the course's report: the four levels have figures at the short and the mid term, each with
its n, and the first-response effect is there; her report, its downloads and its team filter
show only her team.
"""

import csv
import io
import random
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from evaluation.models import AgentKpi, WaveInstance, WaveStatus
from evaluation.observations import checklist_for, observation_file
from evaluation.surveys import survey_for, survey_submit
from evaluation.tasks import evaluation_daily
from tests.courses.conftest import catalog, course, publish_child  # noqa: F401
from tests.evaluation.kpi_files import EN_HEADER
from tests.evaluation.waves_helpers import complete_course, day, pass_quiz
from tests.factories import PASSWORD, TeamFactory, make_person
from tests.quizzes.conftest import bank, make_quiz  # noqa: F401
from training.models import Notification, RecordKind
from training.notifications import Event
from training.records import course_results
from training.roles import Role

from .test_content_security_policy import watch
from .test_smoke_roles import path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COHORT = 12
PREFIXES = {"学员": "A", "对照": "B", "二组": "C"}


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(path_is("/accounts/login/"))


def names(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i:02d}" for i in range(1, count + 1)]


@pytest.fixture
def cycle(course, make_quiz):  # noqa: F811
    """Two teams; the cohort (12 of team one) and team two's trained agents complete the
    course on COMPLETED; 12 more of team one are not trained (the comparison group)."""
    quiz = make_quiz(max_attempts=1, pass_mark=60)
    one, two = TeamFactory(name="售后一组"), TeamFactory(name="售后二组")
    manager = make_person(Role.MANAGER, team=one, name="王主管", email="wang@example.cn")
    make_person(Role.MANAGER, team=two, name="郑主管", email="zheng@example.cn")
    trainer = make_person(Role.TRAINER, name="李培训", email="li@example.cn")
    people = {}
    for group, team, count in (("学员", one, COHORT), ("对照", one, COHORT), ("二组", two, 6)):
        people[group] = []
        for index, name in enumerate(names(group, count), start=1):
            person = make_person(
                team=team, name=name, email=f"{PREFIXES[group].lower()}{index}@example.cn"
            )
            person.profile.position = "first_line"
            person.profile.employee_no = f"{PREFIXES[group]}{index:03d}"
            person.profile.save()
            people[group].append(person)
    for person in people["学员"] + people["二组"]:
        complete_course(person, course, quiz)
    return course, quiz, manager, trainer, people


def answer_survey(person, training, rating):
    survey = survey_for(training, "short_term")
    answers = {}
    for question in survey.questions.all():
        if question.kind == "likert":
            answers[question.key] = rating
        elif question.kind == "recommend":
            answers[question.key] = 9
    survey_submit(person=person, course=training, wave="short_term", survey=survey, answers=answers)


def observe(person, training, observer, value):
    criteria = {b.key: value for b in checklist_for(training).behaviours.all()}
    observation_file(
        person=person, course=training, wave="mid_term", observer=observer, criteria=criteria
    )


def kpi_file(people, *, bad_line: bool = False) -> bytes:
    """Months Dec–Feb before the training and June after it; the cohort's first response
    falls from about 80 s to about 52 s, the comparison group's barely moves."""
    rng = random.Random(7)
    rows = []
    months = ["2025-12", "2026-01", "2026-02", "2026-06"]
    for group in ("学员", "对照", "二组"):
        for person in people[group]:
            for month in months:
                after = month == "2026-06"
                trained = group != "对照"
                seconds = 80 + rng.uniform(-4, 4) - (28 if after and trained else 0)
                seconds -= 2 if after and not trained else 0
                csat = 0.88 + rng.uniform(-0.02, 0.02)
                rows.append(
                    [person.profile.employee_no, month, f"{csat:.3f}", f"{seconds:.0f}", "", "", ""]
                )
    if bad_line:
        rows.insert(5, ["A001", "2026-13", "0.9", "50", "", "", ""])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EN_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def told(person, event):
    return Notification.objects.filter(user=person, event=event).count()


def test_a_cohort_s_evaluation_from_completion_to_the_mid_term_report(cycle, visit, artifacts):
    course, quiz, manager, trainer, people = cycle  # noqa: F811
    cohort, others, team_two = people["学员"], people["对照"], people["二组"]
    first = cohort[0]

    # --- day 1: the short-term survey, answered in the browser by one agent ---------------
    def survey_in_the_browser(page):
        violations, _policies = watch(page)
        log_in(page, first.email)
        page.goto("/my-training/")
        page.get_by_role("link", name="满意度调查").click()
        for number in (1, 2, 3, 4):
            page.locator(f"#question-{number}").get_by_label("5", exact=True).check()
        page.locator("#question-5").get_by_label("9", exact=True).check()
        page.locator("form.survey__form button.button--primary").click()
        expect(page.locator("form.survey__form")).to_have_count(0)
        return violations

    with time_machine.travel(day(1), tick=True):
        assert not visit(survey_in_the_browser)
        for index, person in enumerate(cohort[1:] + team_two):
            answer_survey(person, course, rating=4 if index % 4 else 3)
    assert len(course_results(user=first, course=course, kind=RecordKind.SURVEY)) == 1

    # --- day 90: the mid-term wave opens; each is told once -------------------------------
    before = {p.pk: told(p, Event.EVALUATION_WAVE_OPEN) for p in [first, manager]}
    with time_machine.travel(day(90, hour=1), tick=False):
        evaluation_daily()
        evaluation_daily()  # a second run tells nobody again
    mid = WaveInstance.objects.get(person=first, course=course, wave="mid_term")
    assert mid.status == WaveStatus.OPEN
    assert told(first, Event.EVALUATION_WAVE_OPEN) == before[first.pk] + 1
    # The manager: one per member's wave (the observation is hers to do).
    assert told(manager, Event.EVALUATION_WAVE_OPEN) == before[manager.pk] + COHORT
    assert not Notification.objects.filter(user__in=others).exists()

    def the_wave_s_tasks(page):
        log_in(page, first.email)
        page.goto("/my-training/")
        tasks = page.locator(".evaluation-wave", has_text=course.title)
        expect(tasks.get_by_role("link", name="保持度复测")).to_have_count(1)
        expect(tasks.get_by_role("link", name="自我评估")).to_have_count(1)
        page.screenshot(path=artifacts / "evaluation-journey-tasks.png", full_page=True)
        # The re-test opens although the quiz allows one attempt: the wave lifts the limit.
        tasks.get_by_role("link", name="保持度复测").click()
        expect(page.locator("main h1")).to_contain_text(quiz.title)

    with time_machine.travel(day(90), tick=True):
        visit(the_wave_s_tasks)

    # --- days 95–110: most answer; the manager observes one in the browser ----------------
    def observe_in_the_browser(page):
        violations, _policies = watch(page)
        log_in(page, manager.email)
        page.goto(f"/team/{first.pk}/")
        page.get_by_role("link", name="在岗观察").click()
        for fieldset in page.locator("form fieldset").all():
            fieldset.get_by_label("做到", exact=True).check()
        page.locator("form button.button--primary").click()
        expect(page.locator("main")).to_contain_text("培训效果：行为观察")
        return violations

    def assess_herself(page):
        log_in(page, first.email)
        page.goto("/my-training/")
        page.get_by_role("link", name="自我评估").click()
        for fieldset in page.locator("form fieldset").all():
            fieldset.get_by_label("做到", exact=True).check()
        page.locator("form button.button--primary").click()
        expect(page).to_have_url(path_is("/my-training/"))

    with time_machine.travel(day(95), tick=True):
        assert not visit(observe_in_the_browser)
        visit(assess_herself)
    answering = cohort[1:10]  # two of the twelve do not answer in time
    for n, person in enumerate(answering):
        with time_machine.travel(day(96 + n), tick=False):
            pass_quiz(person, quiz)
            observe(person, course, manager, 1.0 if n % 3 else 0.5)
            observe(person, course, person, 1.0)
    with time_machine.travel(day(96), tick=False):
        pass_quiz(first, quiz)

    # --- day 117: reminders to those who have not answered; day 121: the wave closes -------
    with time_machine.travel(day(117, hour=1), tick=False):
        evaluation_daily()
    late = cohort[10]
    assert told(late, Event.EVALUATION_WAVE_REMINDER) == 1
    assert told(first, Event.EVALUATION_WAVE_REMINDER) == 0  # she has done all of hers
    assert told(manager, Event.EVALUATION_WAVE_REMINDER) == 2  # two observations to file
    with time_machine.travel(day(121, hour=1), tick=False):
        evaluation_daily()
    assert set(
        WaveInstance.objects.filter(course=course, wave="mid_term").values_list("status", flat=True)
    ) == {WaveStatus.CLOSED}

    # --- July: the KPI file, refused with a bad line, then imported --------------------------
    def upload(page, data: bytes):
        log_in(page, trainer.email)
        page.goto("/cms/evaluation/kpis/import/")
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "kpis.csv", "mimeType": "text/csv", "buffer": data}]
        )
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()

    def refused(page):
        upload(page, kpi_file(people, bad_line=True))
        expect(page.locator("main")).to_contain_text("文件未导入，未做任何更改")
        problem = page.locator("main table tbody tr")
        expect(problem).to_have_count(1)
        expect(problem.locator("th, td").first).to_have_text("7")  # the header is line 1
        expect(problem).to_contain_text("“2026-13”不是月份")
        page.screenshot(path=artifacts / "evaluation-journey-kpi-refused.png", full_page=True)

    def imported(page):
        upload(page, kpi_file(people))
        expect(page.locator("[data-outcome=created]")).to_have_count(1)

    with time_machine.travel(day(122), tick=True):
        visit(refused)
        assert AgentKpi.objects.count() == 0
        visit(imported)
    assert AgentKpi.objects.filter(person=first).count() == 4 * 2  # csat and first response

    # --- the manager's report ---------------------------------------------------------------
    report_url = f"/evaluation/report/{course.pk}/"

    def read_the_report(page):
        violations, _policies = watch(page)
        log_in(page, manager.email)
        page.goto("/evaluation/reports/")
        page.get_by_role("link", name=course.title).click()
        expect(page).to_have_url(path_is(report_url))
        levels = page.locator("section", has_text="四个层级").locator("table")

        def cells(label):
            row = levels.locator("tr", has_text=label).first
            return [row.locator("td").nth(i).inner_text() for i in (2, 3)]

        short, _ = cells("满意比例")
        assert "数据不足" not in short and f"n = {COHORT}" in short, short
        short, _ = cells("结业成绩")
        assert "%" in short and f"n = {COHORT}" in short, short
        _, mid = cells("保持率")
        assert "%" in mid and "n = 10" in mid, mid
        _, mid = cells("迁移率")
        assert "%" in mid and "n = 10" in mid, mid
        _, mid = cells("差距")
        assert "数据不足" not in mid, mid
        _, mid = cells("首次响应时长")
        assert "数据不足" not in mid and f"n = {COHORT} / {COHORT}" in mid, mid
        assert "-2" in mid or "−2" in mid, mid  # about −26 s
        _, mid = cells("回复率：在岗观察")
        assert "83 %" in mid, mid  # 10 of 12
        page.screenshot(path=artifacts / "evaluation-journey-report.png", full_page=True)
        agents = page.locator("section", has_text="客服人员").last
        for person in team_two:
            expect(agents).not_to_contain_text(person.name)
        # The two who did not answer before the wave closed, in words a Chinese user reads.
        late_row = agents.locator("tr", has_text=late.name)
        expect(late_row).to_contain_text("在岗观察：未作答")
        expect(agents.locator("tr", has_text=first.name)).to_contain_text("在岗观察：已完成")
        with page.expect_download() as info:
            page.get_by_role("link", name="客服人员 CSV").click()
        people_csv = Path(info.value.path()).read_text(encoding="utf-8-sig")
        page.goto(f"{report_url}?team={team_two[0].profile.team_id}")
        expect(page.locator("main .lead")).to_contain_text("0")
        return violations, people_csv

    with time_machine.travel(day(123), tick=True):
        violations, people_csv = visit(read_the_report)
    assert not violations, "\n".join(violations)
    assert all(person.name in people_csv for person in cohort)
    assert not any(person.name in people_csv for person in team_two + others)
