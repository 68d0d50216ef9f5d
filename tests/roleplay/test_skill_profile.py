"""A learner's skill profile: each criterion's average per period, drawn as an SVG line chart,
seen by the learner, their team's managers, trainers and administrators, and nobody else."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from roleplay.models import AttemptState
from roleplay.profile import AttemptRow, skill_chart, skill_profile, skill_rows
from roleplay.reviews import scenario_review_save
from roleplay.services import (
    scenario_attempt_reply,
    scenario_attempt_start,
    scenario_playtest_start,
)
from tests.factories import make_person
from training.roles import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
GOOD_REPLY = "非常抱歉，包裹在转运中心滞留，今天内发出。"


def at(year, month, day, hour=12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def row(when, *criteria, mode="practice") -> AttemptRow:
    return AttemptRow(
        when, mode, [{"key": key, "name": name, "score": score} for key, name, score in criteria]
    )


def play(user, page, *, when, mode="practice", good=True):
    """Play the conftest scenario through the services: the good path, or the refund that
    breaks policy and loses the customer."""
    attempt = scenario_attempt_start(page=page, user=user, mode=mode, now=when)
    if good:
        attempt = scenario_attempt_reply(attempt=attempt, step_key="opening", option=0, now=when)
        return scenario_attempt_reply(
            attempt=attempt, step_key="explain", text=GOOD_REPLY, now=when
        )
    return scenario_attempt_reply(attempt=attempt, step_key="opening", option=1, now=when)


# --- the pure function ----------------------------------------------------------------------


def test_averages_per_month_named_by_the_latest_name_and_none_skipped():
    rows = [
        row(at(2026, 1, 5), ("empathy", "共情", 0.5), ("policy", "政策准确", None)),
        row(at(2026, 1, 20), ("empathy", "共情", 1.0), ("policy", "政策准确", 0.0)),
        row(at(2026, 3, 12), ("empathy", "共情与礼貌", 0.25), mode="assessment"),
        row(at(2026, 3, 19), ("policy", "政策准确", None)),  # nothing scored: not counted
    ]
    profile = skill_profile(rows, tz=SHANGHAI)

    assert profile.period == "month"
    assert profile.periods == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
        datetime.date(2026, 3, 1),
    )
    assert (profile.attempts, profile.practice, profile.assessment) == (3, 2, 1)
    empathy, policy = profile.criteria
    assert empathy.name == "共情与礼貌"
    assert [p.average for p in empathy.periods] == [0.75, None, 0.25]
    assert [p.count for p in empathy.periods] == [2, 0, 1]
    assert empathy.average == pytest.approx((0.5 + 1.0 + 0.25) / 3)
    assert empathy.latest == 0.25 and empathy.latest_at == at(2026, 3, 12)
    assert empathy.attempts == 3
    assert policy.attempts == 1 and policy.average == 0.0
    assert [p.average for p in policy.periods] == [0.0, None, None]


def test_months_are_counted_in_local_time():
    # 2026-01-31 17:00 UTC is already 1 February in Shanghai.
    late = datetime.datetime(2026, 1, 31, 17, tzinfo=datetime.UTC)
    profile = skill_profile(
        [row(at(2025, 12, 1), ("empathy", "共情", 1.0)), row(late, ("empathy", "共情", 0.0))],
        tz=SHANGHAI,
    )
    assert profile.periods[-1] == datetime.date(2026, 2, 1)
    assert [p.average for p in profile.criteria[0].periods] == [1.0, None, 0.0]


def test_a_short_span_is_shown_week_by_week():
    profile = skill_profile(
        [
            row(at(2026, 3, 4), ("empathy", "共情", 0.2)),  # a Wednesday
            row(at(2026, 3, 17), ("empathy", "共情", 0.8)),
        ],
        tz=SHANGHAI,
    )
    assert profile.period == "week"
    assert profile.periods == (
        datetime.date(2026, 3, 2),
        datetime.date(2026, 3, 9),
        datetime.date(2026, 3, 16),
    )
    assert [p.average for p in profile.criteria[0].periods] == [0.2, None, 0.8]


def test_no_scored_attempts_make_an_empty_profile_and_an_empty_chart():
    profile = skill_profile([row(at(2026, 3, 4), ("empathy", "共情", None))])
    assert profile.is_empty and profile.attempts == 0
    chart = skill_chart(profile)
    assert chart.lines == () and chart.x_ticks == ()


def test_the_chart_has_a_line_per_criterion_from_0_to_100_percent():
    rows = [
        row(at(2026, month, 10), ("empathy", "共情", 0.1 * month), ("policy", "政策", 1.0))
        for month in range(1, 9)
    ]
    chart = skill_chart(skill_profile(rows, tz=SHANGHAI))

    assert [tick.label for tick in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert chart.y_ticks[0].at == chart.bottom and chart.y_ticks[-1].at == chart.top
    # Eight months, at most six labels, evenly spaced back from the latest month.
    assert [tick.label for tick in chart.x_ticks] == ["2026-02", "2026-04", "2026-06", "2026-08"]
    assert len(chart.x_marks) == 8
    empathy, policy = chart.lines
    assert (empathy.name, policy.name) == ("共情", "政策")
    assert empathy.colour != policy.colour
    assert len(empathy.dots) == 8 and len(empathy.points.split()) == 8
    assert [dot.y for dot in policy.dots] == [chart.top] * 8
    assert empathy.dots[0].x == chart.left and empathy.dots[-1].x == chart.right
    # A higher score is drawn higher up (a smaller y).
    assert empathy.dots[0].y > empathy.dots[-1].y


def test_the_first_period_is_labelled_when_the_spacing_allows():
    rows = [row(at(2026, month, 10), ("empathy", "共情", 0.5)) for month in range(1, 10)]
    chart = skill_chart(skill_profile(rows, tz=SHANGHAI), most_x_labels=5)
    labels = [tick.label for tick in chart.x_ticks]
    assert labels == ["2026-01", "2026-03", "2026-05", "2026-07", "2026-09"]


def test_a_single_period_draws_dots_without_a_line():
    chart = skill_chart(skill_profile([row(at(2026, 3, 4), ("empathy", "共情", 0.5))]))
    (line,) = chart.lines
    assert line.points == "" and len(line.dots) == 1 and line.dots[0].percent == 50


# --- reading the attempts -------------------------------------------------------------------


@pytest.mark.django_db
def test_rows_are_scored_attempts_and_leave_out_review_in_waiting_and_play_tests(learner, scenario):
    play(learner, scenario, when=at(2026, 1, 10))
    play(learner, scenario, when=at(2026, 2, 10), good=False)
    waiting = play(learner, scenario, when=at(2026, 3, 10), mode="assessment")
    assert waiting.state == AttemptState.AWAITING_REVIEW
    trainer = make_person(role=Role.TRAINER, email="t@example.com")

    rows = skill_rows(viewer=learner, learner=learner)
    assert [r.finished_at for r in rows] == [at(2026, 1, 10), at(2026, 2, 10)]

    scenario_review_save(
        attempt=waiting,
        reviewer=trainer,
        scores={"empathy": 0.5, "policy": 1, "resolution": 0.5},
    )
    rows = skill_rows(viewer=learner, learner=learner)
    assert len(rows) == 3 and rows[-1].mode == "assessment"
    assert {c["key"]: c["score"] for c in rows[-1].criteria}["empathy"] == 0.5

    # A trainer's play-test is not their practice; another learner sees nothing.
    playtest = scenario_playtest_start(page=scenario, user=trainer)
    scenario_attempt_reply(attempt=playtest, step_key="opening", option=1)
    assert skill_rows(viewer=trainer, learner=trainer) == []
    assert skill_rows(viewer=make_person(email="o@example.com"), learner=learner) == []


# --- the page -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_learner_sees_their_own_chart_with_the_criterion_names(
    learner_client, learner, scenario
):
    play(learner, scenario, when=at(2026, 1, 10))
    play(learner, scenario, when=at(2026, 4, 10), good=False)

    page = learner_client.get(reverse("skill_profile")).content.decode()

    # Drawn twice (wide for a desktop, narrow for a phone): the same lines in both.
    wide, narrow = re.findall(r"<svg class=\"skill-chart__svg .*?</svg>", page, re.S)
    assert 'viewBox="0 0 560 300"' in wide and 'viewBox="0 0 340 280"' in narrow
    svg = wide
    # Resolution was not scored on the lost path (None): one dot, no line.
    assert svg.count("<polyline") == narrow.count("<polyline") == 2
    assert "问题解决 · 2026-01: 100%" in svg and "问题解决 · 2026-04" not in svg
    for name in ("共情与礼貌", "政策准确", "问题解决"):
        assert name in svg
    table = page[page.index("<table") :]
    assert "共情与礼貌" in table and "2026-01" in table and "2026-04" in table
    # The policy criterion: 100 % in January, 0 % in April (the refund broke the policy).
    assert "政策准确 · 2026-01: 100%" in svg and "政策准确 · 2026-04: 0%" in svg


@pytest.mark.django_db
def test_an_empty_profile_says_so_and_points_to_the_courses(client, catalog, learner):
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("skill_profile")).content.decode()
    assert "You have no scored role-plays yet." in page
    assert f'href="{catalog.url}"' in page and f'href="{reverse("my_training")}"' in page
    assert "skill-chart__svg" not in page


@pytest.mark.django_db
def test_managers_see_their_own_teams_learners_only_and_trainers_see_everyone(learner, scenario):
    play(learner, scenario, when=at(2026, 1, 10))
    url = reverse("skill_profile_for", args=[learner.pk])

    def as_person(**kwargs) -> Client:
        client = Client()
        client.force_login(make_person(**kwargs))
        return client

    own_manager = as_person(role=Role.MANAGER, team=learner.profile.team, email="m1@example.com")
    response = own_manager.get(url)
    assert response.status_code == 200 and "共情与礼貌" in response.content.decode()
    # The team page links to it.
    assert url in own_manager.get(reverse("team_home")).content.decode()

    assert as_person(role=Role.MANAGER, email="m2@example.com").get(url).status_code == 404
    assert as_person(role=Role.TRAINER, email="t@example.com").get(url).status_code == 200
    assert as_person(role=Role.ADMINISTRATOR, email="a@example.com").get(url).status_code == 200
    assert as_person(email="peer@example.com").get(url).status_code == 403
