"""Demo role-play history, so the demo shows what a few weeks of use look like: an agent's
practice getting better week by week (her skill profile, and a scenario due to be practised
again on My training), and assessed written replies waiting in the trainers' review queue.

Attempts are played through the same services a learner's clicks go through, at past times.
Idempotent: nothing is added for a demo person who already has role-play attempts.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from roleplay.models import AttemptState, ScenarioAttempt, ScenarioPage
from roleplay.reviews import scenario_review_save
from roleplay.scenario import best_option
from roleplay.services import attempt_scenario, scenario_attempt_reply, scenario_attempt_start
from training.models import User


@dataclass(frozen=True)
class Play:
    email: str
    scenario: str  # slug
    mode: str
    days_ago: float
    skill: float  # 0..1: how often the best reply is chosen (another one otherwise)
    # Written replies in the agent's own words, by step key. An assessment answered with the
    # scenario's example text would rightly be flagged as a copy of a model answer.
    replies: tuple[tuple[str, str], ...] = ()


# 赵敏, certified in the summer, keeps practising (the new hires arrived only days ago).
CERTIFIED = "certified@demo.agentacademy.cn"
TRAINER = "trainer@demo.agentacademy.cn"
PLAYS = [
    # Her onboarding assessments in the summer, which the trainer reviewed: the two assessed
    # role-plays her 上岗认证 (cleared for duty) rests on.
    Play(CERTIFIED, "late-parcel-refund", "assessment", 112, 1.0),
    Play(CERTIFIED, "address-request-privacy", "assessment", 111, 1.0),
    # She practises three drills over five weeks and gets better at them.
    Play(CERTIFIED, "late-parcel-refund", "practice", 34, 0.45),
    Play(CERTIFIED, "return-outside-window", "practice", 31, 0.5),
    Play(CERTIFIED, "late-parcel-refund", "practice", 24, 0.65),
    Play(CERTIFIED, "presale-product-question", "practice", 20, 0.7),
    Play(CERTIFIED, "return-outside-window", "practice", 16, 0.8),
    Play(CERTIFIED, "late-parcel-refund", "practice", 10, 0.9),
    Play(CERTIFIED, "presale-product-question", "practice", 6, 1.0),
    # Two days ago she slipped on one: it comes back on My training (1 day on), and in 1 and 5.
    Play(CERTIFIED, "return-outside-window", "practice", 2, 0.4),
    # Assessed attempts with written replies, waiting for a trainer (oldest first in the queue).
    Play(
        "agent@demo.agentacademy.cn",
        "late-parcel-refund",
        "assessment",
        3,
        0.9,
        replies=(
            (
                "check_logistics",
                "王女士您好，真的很抱歉让您等这么久。我这边看到包裹3月4日进了杭州转运中心后就"
                "没有更新了，已经给快递提交了催件工单，今天下午5点前我一定回复您结果。",
            ),
        ),
    ),
    Play(
        "agent2@demo.agentacademy.cn",
        "return-outside-window",
        "assessment",
        1.5,
        0.6,
        replies=(
            (
                "diagnose",
                "不好意思让您用得不舒服。左耳经常断开听起来像是故障，麻烦您先把耳机重置一下再"
                "连一次试试；如果还断，签收15天内可以申请售后检测，确认是质量问题就给您换新。",
            ),
        ),
    ),
]


def _play(play: Play, page: ScenarioPage, user: User) -> ScenarioAttempt:
    chooser = random.Random(f"{play.email}/{play.scenario}/{play.days_ago}")
    now = timezone.now() - datetime.timedelta(days=play.days_ago)
    attempt = scenario_attempt_start(page=page, user=user, mode=play.mode, now=now)
    scenario = attempt_scenario(attempt)
    for _turn in range(len(scenario.steps)):
        if not attempt.is_open:
            break
        step = scenario.step(attempt.current_step)
        now += datetime.timedelta(seconds=chooser.randint(15, 75))
        good = chooser.random() < play.skill
        if step.kind == "options":
            best = best_option(scenario, step)
            others = [i for i in range(len(step.options)) if i != best] or [best]
            option = best if good else chooser.choice(others)
            attempt = scenario_attempt_reply(
                attempt=attempt, step_key=step.key, option=option, now=now
            )
        else:
            examples = step.free_text.good if good or not step.free_text.bad else step.free_text.bad
            text = dict(play.replies).get(step.key, examples[0])
            attempt = scenario_attempt_reply(attempt=attempt, step_key=step.key, text=text, now=now)
    return attempt


def _review(attempt: ScenarioAttempt) -> None:
    """The demo trainer reviews an old assessed attempt (the good replies earn full marks)."""
    trainer = User.objects.filter(email=TRAINER).first()
    if trainer is None:
        return
    scores = dict.fromkeys(attempt_scenario(attempt).shares(), 1.0)
    scenario_review_save(
        attempt=attempt, reviewer=trainer, scores=scores, summary="回复规范，通过。"
    )


def demo_history_ensure() -> tuple[int, int]:
    """Play the demo history; (attempts played, people left alone because they have played)."""
    pages = {page.slug: page for page in ScenarioPage.objects.live()}
    people = {user.email: user for user in User.objects.filter(email__in={p.email for p in PLAYS})}
    have_played = set(
        ScenarioAttempt.objects.filter(user__in=people.values()).values_list(
            "user__email", flat=True
        )
    )
    played = 0
    for play in PLAYS:
        user, page = people.get(play.email), pages.get(play.scenario)
        if user is None or page is None or play.email in have_played:
            continue
        attempt = _play(play, page, user)
        if play.days_ago > 30 and attempt.state == AttemptState.AWAITING_REVIEW:
            _review(attempt)  # long ago: the trainer has reviewed it since
        played += 1
    return played, len(have_played)
