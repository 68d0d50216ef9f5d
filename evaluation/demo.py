# ruff: noqa: E501 - demo text reads better unwrapped
"""The demo organisation's year of evaluation history (`load_demo_evaluation`).

So that every report shows real numbers on first run, the demo grows two teams of agents
(售后服务一组 under 王芳 `manager@`, 在线客服二组 under 郑伟 `manager2@`) and tells, with dates
counted back from today, how a stand-alone course was evaluated over the last year:

- cohorts completed it ~13 months ago (short-, mid- and long-term waves done), ~5 months ago
  (short and mid) and within the last 6 weeks (short only; the most recent have their
  survey open today); the agents not yet trained are the comparison group;
- each trained agent has the end-of-course test's score, the short-term survey (mostly
  satisfied, a few critical comments), the re-tests (retention a little below the end score),
  their supervisor's observations and their own self-assessments (a little higher: a gap);
  closed waves have instruments left unanswered, so response rates are below 100 %;
- every agent has 15 months of KPIs with noise. The training cut first-response time and the
  complaint rate beyond what everybody gained (a new helpdesk tool); it did not move CSAT;
  resolution rate and order accuracy drift up a little for everyone. Each pair of agents
  shares its noise with opposite signs, so a group's mean follows the story exactly while
  individual agents vary (the interval is real, the verdict does not depend on the day).

Writes go through the evaluation services and `training.records.record_result` (the demo's
course completions and test sittings have `DemoResult` rows as their source: evaluation
imports no producer). Pages are found by slug as plain Wagtail pages.

Idempotent: people are upserted, an agent who has a completion of the course keeps their
history as it is, and KPIs are only added for months that have none.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from evaluation.effect import add_months
from evaluation.importers.kpi_rows import KpiValue
from evaluation.kpis import Metric
from evaluation.models import (
    AgentKpi,
    DemoResult,
    Observation,
    SurveyResponse,
    WaveInstance,
    WaveStatus,
)
from evaluation.observations import ANSWERS, checklist_for, observation_record
from evaluation.plans import LONG, MID, SHORT
from evaluation.services import kpis_save
from evaluation.survey_models import QuestionKind
from evaluation.surveys import survey_for, survey_record
from evaluation.waves import waves_close_due, waves_open_due
from training.models import Position, RecordKind, Tier, User
from training.records import course_completions, record_result
from training.roles import Role
from training.services import PersonData, person_upsert

DOMAIN = "demo.agentacademy.cn"
# The stand-alone in-service course and its end-of-course test (courses/quizzes demos).
MAIN_COURSE = "complaints-and-emotion-management"
MAIN_COURSE_TESTS = ("test-complaints-and-emotions",)
KPI_MONTHS = 15  # the full months before this one
SEED = 20261203

# team -> (its manager's log-in, the first employee number of its generated agents)
TEAMS = {"售后服务一组": ("manager", 3001), "在线客服二组": ("manager2", 4001)}
# Per team, in pairs: (cohort, how many, completed how many days ago — one value per pair).
COHORTS = [
    ("year", 10, (400, 405, 410, 415, 420)),
    ("months", 12, (132, 138, 143, 149, 154, 160)),
    ("recent", 4, (4, 33)),
    (None, 12, ()),  # not trained yet: the comparison group
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "子涵欣怡梓萱思远浩然雨萱晨曦宇航佳琪俊杰婷婷志强海燕文博丽娜建华晓峰雪梅明轩诗琪家豪嘉怡天宇若曦鹏飞慧敏国栋玉兰振宇秀英子轩梦瑶少华春燕立新静怡博文雅婷小龙美玲"  # two characters each

COMMENTS = [
    "案例很贴近我们每天遇到的投诉，马上就能用。",
    "接手升级投诉的话术很实用，已经在用了。",
    "情绪管理部分讲得很好，希望多一些真实录音复盘。",
    "演练时间可以再长一点。",
]
CRITICAL = [
    "内容偏理论，和我们售后的实际流程对不上，希望结合工单系统讲。",
    "课程安排在大促前一周，太忙了，根本没时间消化。",
    "讲师语速太快，补偿谈判的权限部分没有讲清楚。",
]
OBSERVATION_NOTES = [
    "升级投诉接手时能先看完记录，顾客不用重复描述。",
    "高峰期首次响应偶尔超过 60 秒，需要继续关注。",
    "道歉和确认问题做得好，补偿方案有时超出权限。",
]


@dataclass(frozen=True)
class DemoAgent:
    employee_no: str
    name: str
    team: str
    position: str
    tier: str
    hired_days_ago: int
    completed_days_ago: int | None  # None: not trained
    pair: str  # agents of a pair share their KPI noise, with opposite signs
    sign: int

    @property
    def email(self) -> str:
        return f"{self.employee_no.lower()}@{DOMAIN}"


def demo_agents() -> list[DemoAgent]:
    """The generated agents, the same every time (a fixed seed)."""
    rng = random.Random(SEED)
    names = [s + GIVEN[i : i + 2] for i in range(0, len(GIVEN), 2) for s in SURNAMES]
    rng.shuffle(names)
    agents = []
    for team, (_manager, first_no) in TEAMS.items():
        number = first_no
        for cohort, count, days in COHORTS:
            for index in range(count):
                pair = index // 2
                agents.append(
                    DemoAgent(
                        employee_no=f"E{number}",
                        name=names.pop(),
                        team=team,
                        position=Position.SECOND_LINE if pair % 3 == 2 else Position.FIRST_LINE,
                        tier=Tier.SENIOR if pair % 2 else Tier.INTERMEDIATE,
                        hired_days_ago=rng.randint(520, 1800),
                        completed_days_ago=days[pair] if cohort else None,
                        pair=f"{team}-{cohort}-{pair}",
                        sign=1 if index % 2 == 0 else -1,
                    )
                )
                number += 1
    return agents


def _people_ensure(agents: list[DemoAgent], today: datetime.date) -> dict[str, User]:
    users = {}
    for agent in agents:
        data = PersonData(
            agent.employee_no,
            agent.name,
            agent.email,
            agent.team,
            agent.position,
            agent.tier,
            today - datetime.timedelta(days=agent.hired_days_ago),
            Role.LEARNER,
        )
        user, _outcome = person_upsert(data=data)
        users[agent.employee_no] = user
    # Generated agents do not log in: no invitation is owed them (as for the demo people).
    User.objects.filter(pk__in=[u.pk for u in users.values()], invited_at__isnull=True).update(
        invited_at=timezone.now()
    )
    return users


# --- one person's history of one course ----------------------------------------------------


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _sitting(user, quiz, course, key, when, score, wave):
    source, _created = DemoResult.objects.get_or_create(person=user, key=f"quiz:{quiz.pk}:{key}")
    record_result(
        user=user,
        source=source,
        kind=RecordKind.QUIZ,
        activity=quiz,
        activity_title=quiz.title,
        course=course,
        completed_at=when,
        score=round(score, 2),
        passed=score >= 0.8,
        wave=wave,
    )


def _survey(user, course, rng: random.Random, when, critical: bool) -> None:
    survey = survey_for(course, SHORT)
    if survey is None:
        return
    answers = {}
    for question in survey.questions.all():
        if question.kind == QuestionKind.LIKERT:
            low, high = (2, 3) if critical else (3, 5)
            answers[question.key] = rng.choices(
                range(low, high + 1), weights=(1, 2) if critical else (1, 4, 5)
            )[0]
        elif question.kind == QuestionKind.RECOMMEND:
            answers[question.key] = rng.randint(3, 6) if critical else rng.choice((7, 8, 9, 9, 10))
        elif critical:
            answers[question.key] = rng.choice(CRITICAL)
        elif rng.random() < 0.4:
            answers[question.key] = rng.choice(COMMENTS)
    response, created = SurveyResponse.objects.get_or_create(
        person=user,
        course_id=course.pk,
        wave=SHORT,
        defaults={"survey": survey, "answers": answers, "saved_at": when, "submitted_at": when},
    )
    if created:
        survey_record(response)


def _criteria(keys, rng: random.Random, *, own: bool) -> dict[str, float | None]:
    # The agents rate themselves a little higher than their supervisor does.
    weights = (82, 14, 3, 1) if own else (74, 17, 6, 3)
    choices = rng.choices(("yes", "partly", "no", "not_observed"), weights=weights, k=len(keys))
    criteria = {key: ANSWERS[choice] for key, choice in zip(keys, choices, strict=True)}
    if all(value is None for value in criteria.values()):
        criteria[keys[0]] = 1.0
    return criteria


def _observe(person, observer, course, wave, when, rng, *, notes: str = "") -> None:
    checklist = checklist_for(course)
    behaviours = {b.key: b.text for b in checklist.behaviours.all()}
    own = observer.pk == person.pk
    observation, created = Observation.objects.get_or_create(
        person=person,
        course_id=course.pk,
        wave=wave,
        observer=observer,
        defaults={
            "role": "self" if own else "supervisor",
            "checklist": checklist,
            "criteria": _criteria(list(behaviours), rng, own=own),
            "behaviours": behaviours,
            "notes": notes,
            "observed_at": when,
        },
    )
    if created:
        observation_record(observation=observation, course=course)


def course_history_write(
    *,
    person: User,
    supervisor: User,
    course: Page,
    tests: list[Page],
    completed_on: datetime.date,
    today: datetime.date,
    rng: random.Random,
) -> None:
    """One person's evaluation history of `course` (a course or, later, a programme's final
    course), completed on `completed_on`: the end-of-course tests, the completion (which
    schedules the waves), and at each wave whose window has passed what was answered —
    most instruments, not all. Waves are dated by the course's plan."""
    end_scores = {test.pk: min(1.0, rng.uniform(0.8, 1.02)) for test in tests}
    for test in tests:
        when = _at(completed_on, 15)
        _sitting(person, test, course, "end", when, end_scores[test.pk], SHORT)
    source, _created = DemoResult.objects.get_or_create(person=person, key=f"course:{course.pk}")
    record_result(
        user=person,
        source=source,
        kind=RecordKind.COURSE,
        activity=course,
        activity_title=course.title,
        course=course,
        completed_at=_at(completed_on, 16),
        score=1.0,
        passed=True,
    )
    waves = {w.wave: w for w in WaveInstance.objects.filter(person=person, course=course)}
    short = waves.get(SHORT)
    if short and short.closes_on < today and rng.random() < 0.88:
        day = short.opens_on + datetime.timedelta(days=rng.randint(0, 4))
        _survey(person, course, rng, _at(day, 18), critical=rng.random() < 0.15)
    for key in (MID, LONG):
        wave = waves.get(key)
        if wave is None or wave.closes_on >= today:
            continue
        day = wave.opens_on + datetime.timedelta(days=rng.randint(3, 20))
        if rng.random() < 0.85:
            for test in tests:
                kept = rng.uniform(0.84, 0.98) if key == MID else rng.uniform(0.8, 0.95)
                _sitting(person, test, course, key, _at(day, 10), end_scores[test.pk] * kept, key)
        if rng.random() < 0.9:
            note = rng.choice(OBSERVATION_NOTES) if rng.random() < 0.3 else ""
            _observe(person, supervisor, course, key, _at(day, 14), rng, notes=note)
        if rng.random() < 0.8:
            _observe(person, person, course, key, _at(day, 20), rng)


def waves_bring_up_to_date(*, history_of: list[User], today: datetime.date) -> None:
    """Every demo wave as the daily rounds would have left it: those of the people given a
    history were open in their window and closed after it; then the round itself closes what
    is past (any other person's) and opens what is due today, telling whom it concerns — so
    the demo people find their evaluation tasks at once, not after the next night's round."""
    now = timezone.now()
    past = list(
        WaveInstance.objects.filter(
            person__in=history_of,
            status__in=[WaveStatus.PENDING, WaveStatus.OPEN],
            closes_on__lt=today,
        )
    )
    for wave in past:
        wave.status = WaveStatus.CLOSED
        wave.opened_at = wave.opened_at or _at(wave.opens_on, 1)
        wave.closed_at = min(_at(wave.closes_on + datetime.timedelta(days=1), 1), now)
    WaveInstance.objects.bulk_update(past, ["status", "opened_at", "closed_at"])
    waves_close_due(day=today)
    waves_open_due(day=today)


# --- KPIs ------------------------------------------------------------------------------------

# metric: (low, high of an agent's level; common change per month; training's change;
# noise's standard deviation; bounds)
KPI_STORY = {
    Metric.FIRST_RESPONSE_S: ((64.0, 82.0), -0.4, -13.0, 4.0, (30.0, 120.0)),
    Metric.COMPLAINT_RATE: ((0.05, 0.07), -0.0003, -0.016, 0.005, (0.01, 0.15)),
    Metric.CSAT: ((0.87, 0.93), 0.0004, 0.0, 0.012, (0.7, 0.99)),
    Metric.RESOLUTION_RATE: ((0.80, 0.87), 0.003, 0.0, 0.015, (0.6, 0.98)),
    Metric.ORDER_ACCURACY: ((0.955, 0.975), 0.0008, 0.0, 0.005, (0.9, 0.999)),
}


def kpi_values(
    *,
    agent: DemoAgent,
    person_id: int,
    completed_on: datetime.date | None,
    today: datetime.date,
) -> list[KpiValue]:
    """The agent's monthly KPIs for the last `KPI_MONTHS` full months (see the module)."""
    level_rng = random.Random(f"{SEED}-{agent.employee_no}")
    trained_from = add_months(completed_on, 1) if completed_on else None
    values = []
    for code, (level, trend, effect, noise, (low, high)) in KPI_STORY.items():
        base = level_rng.uniform(*level)
        for back in range(KPI_MONTHS, 0, -1):
            month = add_months(today, -back)
            noise_rng = random.Random(f"{SEED}-{agent.pair}-{code}-{month:%Y%m}")
            value = base + trend * (KPI_MONTHS - back) + agent.sign * noise_rng.gauss(0, noise)
            if trained_from and month >= trained_from:
                value += effect
            value = min(high, max(low, value))
            values.append(
                KpiValue(person_id=person_id, month=month, metric=str(code), value=round(value, 4))
            )
    return values


def _kpis_ensure(values: list[KpiValue]) -> int:
    """Add the values for months that have none (an imported value is never overwritten)."""
    people = {v.person_id for v in values}
    existing = set(
        AgentKpi.objects.filter(person_id__in=people).values_list("person_id", "month", "metric")
    )
    new = [v for v in values if (v.person_id, v.month, v.metric) not in existing]
    if not new:
        return 0
    return kpis_save(values=new, source=AgentKpi.Source.DEMO).created


# --- the whole story ---------------------------------------------------------------------------


def _page(slug: str):
    page = Page.objects.filter(slug=slug).first()
    return page.specific if page else None


@transaction.atomic
def demo_evaluation_load(*, today: datetime.date | None = None) -> dict[str, object]:
    """Create what is missing of the demo's evaluation history; returns a summary."""
    today = today or timezone.localdate()
    course = _page(MAIN_COURSE)
    tests = [page for page in map(_page, MAIN_COURSE_TESTS) if page is not None]
    missing = [slug for slug in (MAIN_COURSE, *MAIN_COURSE_TESTS) if _page(slug) is None]
    agents = demo_agents()
    users = _people_ensure(agents, today)
    managers = {
        team: User.objects.filter(email=f"{local}@{DOMAIN}").first()
        for team, (local, _no) in TEAMS.items()
    }
    histories = 0
    if course is not None:
        done = {
            user_id
            for user_id, course_id, _when, _kind in course_completions()
            if course_id == course.pk
        }
        for agent in agents:
            user = users[agent.employee_no]
            if agent.completed_days_ago is None or user.pk in done:
                continue
            course_history_write(
                person=user,
                supervisor=managers[agent.team] or user,
                course=course,
                tests=tests,
                completed_on=today - datetime.timedelta(days=agent.completed_days_ago),
                today=today,
                rng=random.Random(f"{SEED}-{agent.employee_no}-history"),
            )
            histories += 1
        # The demo people's part: 陈明 (agent@) finished the course two days ago; his
        # end-of-training survey waits for him on My training.
        agent = User.objects.filter(email=f"agent@{DOMAIN}").select_related("profile").first()
        if agent is not None and agent.pk not in done:
            team = getattr(getattr(agent, "profile", None), "team", None)
            course_history_write(
                person=agent,
                supervisor=(team.managers.first() if team else None) or agent,
                course=course,
                tests=tests,
                completed_on=today - datetime.timedelta(days=2),
                today=today,
                rng=random.Random(f"{SEED}-agent-history"),
            )
            histories += 1
        people = list(users.values()) + ([agent] if agent is not None else [])
        waves_bring_up_to_date(history_of=people, today=today)
    completed = {}
    if course is not None:
        for user_id, course_id, when, _kind in course_completions():
            if course_id == course.pk:
                completed.setdefault(user_id, timezone.localdate(when))
    values = []
    for agent in agents:
        user = users[agent.employee_no]
        values += kpi_values(
            agent=agent, person_id=user.pk, completed_on=completed.get(user.pk), today=today
        )
    kpis = _kpis_ensure(values)
    return {
        "agents": len(agents),
        "histories": histories,
        "kpis": kpis,
        "missing": missing,
    }
