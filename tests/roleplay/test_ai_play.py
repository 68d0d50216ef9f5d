"""A learner plays an AI customer against the fake model server: the chat, the stream, a
reload, the end, the judge; nothing the learner writes is lost when the model fails."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from roleplay.models import AttemptState, ScenarioAttempt
from tests.factories import make_person
from tests.roleplay.ai_scenarios import ai_scenario
from training import llm
from training.models import LearningRecord, RecordKind
from training.roles import Role

ASKING_AGAIN = "AI 顾客暂时无法连接"  # the start of ModelUnavailable's message in Chinese


@pytest.fixture
def play_ai(scenario, monkeypatch):
    """Make the scenario page (the `scenario` fixture) play the given AI document."""

    def use(document=None):
        document = document or ai_scenario()
        monkeypatch.setattr("roleplay.services.revision_scenario", lambda revision_id: document)
        return scenario

    return use


@pytest.fixture
def zh(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def start(client, page, mode):
    response = client.post(page.url, {"mode": mode})
    assert response.status_code == 302, response.content.decode()[:500]
    return ScenarioAttempt.objects.get(uuid=response.url.rstrip("/").split("/")[-1])


def chat(client, attempt) -> str:
    response = client.get(reverse("scenario_attempt", args=[attempt.uuid]))
    assert response.status_code == 200
    return response.content.decode()


def send(client, attempt, text, *, turn=None, script=True):
    """Post a reply as the chat's script does (JSON), or as a plain form."""
    attempt.refresh_from_db()
    if turn is None:
        turn = sum(1 for t in attempt.transcript if t.get("kind") == "ai")
    headers = {"HTTP_ACCEPT": "application/json"} if script else {}
    return client.post(
        reverse("scenario_ai_reply", args=[attempt.uuid]), {"turn": turn, "text": text}, **headers
    )


def events(client, attempt) -> list[tuple[str, dict]]:
    response = client.get(reverse("scenario_ai_stream", args=[attempt.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    body = b"".join(response.streaming_content).decode()
    found = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        found.append((lines["event"], json.loads(lines["data"])))
    return found


@pytest.mark.django_db
def test_practice_streams_the_customer_and_ends_on_its_end_mark(
    learner_client, play_ai, fake_llm, django_capture_on_commit_callbacks, zh
):
    page = play_ai()
    attempt = start(learner_client, page, "practice")
    assert "双11买的东西到现在都没到" in chat(learner_client, attempt)

    saved = send(learner_client, attempt, "非常抱歉！请问订单号是 TB-0087 吗？我马上帮您查物流。")
    assert saved.status_code == 200 and saved.json()["waiting"] is True
    fake_llm.stream(["对，就是这个", "！！你快查", "！！"])
    first = events(learner_client, attempt)
    assert [name for name, _ in first][:3] == ["piece", "piece", "piece"]
    assert ("message", {"text": "对，就是这个！！你快查！！"}) in [
        (name, {"text": data.get("text")}) for name, data in first if name == "message"
    ]
    assert [name for name, _ in first][-2:] == ["coaching", "done"]
    # The conversation so far reached the model, the agent's words quoted.
    sent = fake_llm.requests[0].body
    assert sent["stream"] is True
    assert sent["messages"][0]["role"] == "system" and "王女士" in sent["messages"][0]["content"]
    assert sent["messages"][-1] == {
        "role": "user",
        "content": "<客服消息>\n非常抱歉！请问订单号是 TB-0087 吗？我马上帮您查物流。\n</客服消息>",
    }
    attempt.refresh_from_db()
    assert attempt.ai_message == "对，就是这个！！你快查！！" and not attempt.ai_waiting
    turn = attempt.transcript[0]
    assert turn["kind"] == "ai" and turn["customer"].startswith("你们怎么回事")
    assert "coaching" in turn or "coaching_error" in turn  # practice coaches each reply

    send(learner_client, attempt, "查到了，包裹在杭州转运中心，我今天给您补发，明天到。")
    fake_llm.stream(["那行，", "谢谢。\n【结束", "：问题解决】"])
    with django_capture_on_commit_callbacks(execute=True):
        second = events(learner_client, attempt)
    shown = "".join(data["text"] for name, data in second if name == "piece")
    assert shown == "那行，谢谢。"  # the end mark never reached the screen
    assert second[-1][0] == "end"
    attempt.refresh_from_db()
    assert attempt.ai_ended_by == "resolved" and attempt.outcome == "resolved"
    assert attempt.state == AttemptState.SCORED and attempt.finished_at is not None
    assert attempt.result["closing"] == "那行，谢谢。" and "judge" in attempt.result
    assert not LearningRecord.objects.filter(kind=RecordKind.ROLEPLAY).exists()
    result = learner_client.get(reverse("scenario_result", args=[attempt.uuid])).content.decode()
    assert "那行，谢谢。" in result and "查到了，包裹在杭州转运中心" in result


def customer_requests(fake_llm) -> list:
    """The requests for the customer's turns (the judge's and the coach's ask for JSON)."""
    return [r for r in fake_llm.requests if "response_format" not in r.body]


@pytest.mark.django_db
def test_an_assessment_stops_at_the_turn_limit_and_waits_for_the_trainer(
    learner_client, learner, play_ai, fake_llm, django_capture_on_commit_callbacks, zh
):
    page = play_ai(ai_scenario(max_turns=2))
    attempt = start(learner_client, page, "assessment")
    # Without JavaScript: the form posts, the customer answers in one piece, the chat returns.
    fake_llm.reply("你查了没有？？")
    response = send(learner_client, attempt, "您好，我帮您查一下。", script=False)
    assert response.status_code == 302 and response.url.endswith(f"{attempt.uuid}/")
    page_html = chat(learner_client, attempt)
    assert "你查了没有？？" in page_html
    assert "coach" not in page_html.split('class="chat__log"')[1].split("</ol>")[0]

    with django_capture_on_commit_callbacks(execute=True):
        response = send(learner_client, attempt, "您的包裹丢了，全额退款给您。", script=False)
    assert response.url.endswith("/result/")
    # The last turn is not sent to the model (the requests after it are the judge's).
    assert len(customer_requests(fake_llm)) == 1
    attempt.refresh_from_db()
    assert attempt.ai_ended_by == "turn_limit" and attempt.outcome == "turn_limit"
    assert attempt.state == AttemptState.AWAITING_REVIEW and attempt.passed is None
    assert [t["reply"] for t in attempt.transcript] == [
        "您好，我帮您查一下。",
        "您的包裹丢了，全额退款给您。",
    ]
    result = learner_client.get(reverse("scenario_result", args=[attempt.uuid])).content.decode()
    assert "回复次数已用完" in result and "暂定成绩：培训师将复核 AI 评分" in result
    record = LearningRecord.objects.get(kind=RecordKind.ROLEPLAY, user=learner)
    assert record.details["provisional"] is True
    assert record.details["outcome"] == "turn_limit"
    # The judge's task ran once; a second delivery changes nothing.
    from roleplay.tasks import judge_ai_attempt

    assert judge_ai_attempt(attempt.pk) is False
    assert LearningRecord.objects.filter(kind=RecordKind.ROLEPLAY).count() == 1


@pytest.mark.django_db
def test_the_reply_is_saved_before_the_model_is_asked_and_asking_again_continues(
    learner_client, play_ai, fake_llm, monkeypatch, zh
):
    attempt = start(learner_client, play_ai(), "practice")
    outside = len(connection.savepoint_ids)
    seen = []
    real_complete = llm.complete

    def complete(messages, **options):
        # What the database holds when the model is called, and that no transaction is open
        # (no savepoint beyond the test's own).
        saved = ScenarioAttempt.objects.get(pk=attempt.pk)
        open_now = len(connection.savepoint_ids)
        seen.append((saved.ai_waiting, saved.transcript[-1]["reply"], open_now))
        return real_complete(messages, **options)

    monkeypatch.setattr(llm, "complete", complete)
    for _ in range(3):  # the first try and LLM_MAX_RETRIES more
        fake_llm.error(503)
    response = send(learner_client, attempt, "您好，麻烦提供一下订单号。", script=False)
    assert response.status_code == 302
    assert seen == [(True, "您好，麻烦提供一下订单号。", outside)]
    attempt.refresh_from_db()
    assert attempt.ai_waiting and attempt.transcript[-1]["reply"] == "您好，麻烦提供一下订单号。"
    # A reload: the whole conversation, the notice, and the offer to ask again.
    html = learner_client.get(response.url).content.decode()
    assert ASKING_AGAIN in html
    assert "您好，麻烦提供一下订单号。" in html and "重新发送" in html and "data-waiting" in html

    fake_llm.reply("TB-0087，快点！")
    learner_client.post(reverse("scenario_ai_retry", args=[attempt.uuid]))
    attempt.refresh_from_db()
    assert attempt.ai_message == "TB-0087，快点！" and not attempt.ai_waiting
    assert len(attempt.transcript) == 1


@pytest.mark.django_db
def test_a_reload_midway_loses_nothing_and_the_stream_picks_up(learner_client, play_ai, fake_llm):
    attempt = start(learner_client, play_ai(), "practice")
    send(learner_client, attempt, "您好，请问订单号是多少？")
    # The learner reloads before the customer's answer was asked for.
    html = chat(learner_client, attempt)
    assert "您好，请问订单号是多少？" in html and "data-waiting" in html
    fake_llm.stream(["TB-0087"])
    assert ("message", "TB-0087") in [
        (n, d.get("text")) for n, d in events(learner_client, attempt)
    ]
    html = chat(learner_client, attempt)
    assert "TB-0087" in html and "data-waiting" not in html


@pytest.mark.django_db
def test_a_model_that_times_out_or_answers_garbage_leaves_the_attempt_reviewable(
    client, learner_client, play_ai, fake_llm, django_capture_on_commit_callbacks, zh
):
    attempt = start(learner_client, play_ai(), "assessment")
    send(learner_client, attempt, "您好，我来帮您查。")
    fake_llm.slow(5, "太慢了")
    found = events(learner_client, attempt)
    assert found[-1][0] == "error" and ASKING_AGAIN in found[-1][1]["message"]
    fake_llm.raw(b"<html>502 Bad Gateway</html>", content_type="text/html")
    response = learner_client.post(reverse("scenario_ai_retry", args=[attempt.uuid]))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.ai_waiting and [t["reply"] for t in attempt.transcript] == ["您好，我来帮您查。"]
    assert attempt.state == AttemptState.IN_PROGRESS

    # The learner gives up on the model and ends the conversation: it is judged and reviewed.
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(reverse("scenario_ai_end", args=[attempt.uuid]))
    attempt.refresh_from_db()
    assert attempt.ai_ended_by == "learner" and attempt.state == AttemptState.AWAITING_REVIEW
    assert [t["reply"] for t in attempt.transcript] == ["您好，我来帮您查。"]
    client.force_login(make_person(Role.TRAINER))
    review = client.get(reverse("scenario_review", args=[attempt.uuid]))
    assert review.status_code == 200 and "您好，我来帮您查。" in review.content.decode()


@pytest.mark.django_db
def test_a_double_submit_or_an_old_tab_sends_one_reply(learner_client, play_ai, fake_llm):
    attempt = start(learner_client, play_ai(), "practice")
    send(learner_client, attempt, "第一次", turn=0)
    again = send(learner_client, attempt, "第一次", turn=0)  # the double click
    assert again.status_code == 200 and again.json()["turn"] == 1
    attempt.refresh_from_db()
    assert [t["reply"] for t in attempt.transcript] == ["第一次"]
    fake_llm.stream(["嗯"])
    events(learner_client, attempt)
    send(learner_client, attempt, "旧页面上的回复", turn=0)  # a second tab still on turn 0
    attempt.refresh_from_db()
    assert [t["reply"] for t in attempt.transcript] == ["第一次"] and not attempt.ai_waiting
    assert len(customer_requests(fake_llm)) == 1  # (the others coach the reply)


@pytest.mark.django_db
def test_an_empty_or_too_long_reply_is_refused_and_changes_nothing(
    learner_client, play_ai, fake_llm, zh
):
    attempt = start(learner_client, play_ai(), "practice")
    empty = send(learner_client, attempt, "   ")
    assert empty.status_code == 400 and empty.json()["error"]
    long = send(learner_client, attempt, "好" * 2001)
    assert long.status_code == 400 and "2000" in long.json()["error"]
    attempt.refresh_from_db()
    assert attempt.transcript == [] and not attempt.ai_waiting
    assert fake_llm.requests == []


@pytest.mark.django_db
def test_another_learners_ai_attempt_is_not_found(learner_client, play_ai, fake_llm):
    attempt = start(learner_client, play_ai(), "practice")
    other = Client()
    other.force_login(make_person())
    for name in ("scenario_attempt", "scenario_ai_stream", "scenario_result"):
        assert other.get(reverse(name, args=[attempt.uuid])).status_code == 404
    for name in ("scenario_ai_reply", "scenario_ai_retry", "scenario_ai_end"):
        response = other.post(reverse(name, args=[attempt.uuid]), {"turn": 0, "text": "你好"})
        assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.transcript == [] and attempt.is_open and fake_llm.requests == []


@pytest.mark.django_db
def test_scripted_steps_lead_into_the_ai_customer(learner_client, play_ai, fake_llm):
    from roleplay.options import option_id

    attempt = start(learner_client, play_ai(ai_scenario(scripted=True)), "practice")
    learner_client.post(
        reverse("scenario_attempt_reply", args=[attempt.uuid]),
        {"step": "opening", "option": option_id(attempt.option_seed, "opening", 0)},
    )
    attempt.refresh_from_db()
    assert attempt.current_step == "chat" and attempt.ai_message.startswith("你们怎么回事")
    send(learner_client, attempt, "非常抱歉，我帮您查。")
    fake_llm.stream(["快点"])
    events(learner_client, attempt)
    # The scripted exchange is part of what the customer remembers.
    roles = [m["role"] for m in fake_llm.requests[0].body["messages"]]
    assert roles == ["system", "assistant", "user", "assistant", "user"]


@pytest.mark.django_db
def test_the_result_page_says_it_is_being_scored_until_the_judge_is_done(
    learner_client, play_ai, fake_llm, zh
):
    attempt = start(learner_client, play_ai(), "practice")
    learner_client.post(reverse("scenario_ai_end", args=[attempt.uuid]))  # judge not run yet
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.JUDGING
    html = learner_client.get(reverse("scenario_result", args=[attempt.uuid])).content.decode()
    assert "正在评分…" in html and 'http-equiv="refresh"' in html

    from roleplay.ai.play import ai_attempt_judge

    assert ai_attempt_judge(attempt_id=attempt.pk) is True
    html = learner_client.get(reverse("scenario_result", args=[attempt.uuid])).content.decode()
    assert "正在评分…" not in html and 'http-equiv="refresh"' not in html
    assert "data-result" in html
    # The judge fell back to its offline checks (no judge model here), and says so.
    assert "data-judge-offline" in html and "未评分" in html


@pytest.mark.django_db
def test_without_a_model_an_ai_scenario_is_not_offered(
    client, learner_client, learner, play_ai, settings, zh
):
    from courses.progress import course_required_items

    settings.LLM_BASE_URL = ""
    page = play_ai()
    page.required = True
    page.save_revision().publish()
    html = learner_client.get(page.url).content.decode()
    assert "data-not-offered" in html and 'data-start="practice"' not in html
    refused = learner_client.post(page.url, {"mode": "practice"})
    assert refused.status_code == 403 and "AI 顾客" in refused.content.decode()
    assert not ScenarioAttempt.objects.exists()
    # A required AI drill does not block completing the course on this site.
    assert page.pk not in [item.pk for item in course_required_items(page.course)]
    # A trainer's play-test says the same, in the admin.
    trainer = make_person(Role.TRAINER)
    client.force_login(trainer)
    response = client.post(reverse("scenario_playtest", args=[page.pk]), follow=True)
    assert "AI 顾客" in response.content.decode()
    assert not ScenarioAttempt.objects.exists()


@pytest.mark.django_db
def test_with_a_model_the_ai_scenario_is_offered_and_required(learner_client, play_ai, fake_llm):
    from courses.progress import course_required_items

    page = play_ai()
    page.required = True
    page.save_revision().publish()
    html = learner_client.get(page.url).content.decode()
    assert "data-not-offered" not in html and 'data-start="practice"' in html
    assert page.pk in [item.pk for item in course_required_items(page.course)]


@pytest.mark.django_db
def test_a_conversation_whose_judging_task_was_lost_is_judged_by_the_sweep(
    learner_client, play_ai, fake_llm
):
    from roleplay.tasks import judge_ended_ai_attempts

    lost = start(learner_client, play_ai(), "practice")
    learner_client.post(reverse("scenario_ai_end", args=[lost.uuid]))  # its task never ran
    ScenarioAttempt.objects.filter(pk=lost.pk).update(
        finished_at=lost.started_at - datetime.timedelta(minutes=10)
    )
    just_ended = start(learner_client, play_ai(), "assessment")
    learner_client.post(reverse("scenario_ai_end", args=[just_ended.uuid]))
    assert judge_ended_ai_attempts() == 1
    lost.refresh_from_db()
    just_ended.refresh_from_db()
    assert lost.state == AttemptState.SCORED
    assert just_ended.state == AttemptState.JUDGING  # its own task is still on its way
    assert judge_ended_ai_attempts() == 0


@pytest.mark.django_db
def test_without_a_model_an_ai_drill_is_not_suggested_for_practice(
    learner_client, learner, play_ai, fake_llm, settings, django_capture_on_commit_callbacks
):
    from roleplay.models import PracticeSuggestion
    from roleplay.profile import practice_again

    attempt = start(learner_client, play_ai(), "practice")
    ScenarioAttempt.objects.filter(pk=attempt.pk).update(
        step_shown_at=attempt.step_shown_at - datetime.timedelta(minutes=10)
    )
    send(learner_client, attempt, "您好。")  # ten minutes late: 响应及时 is failed
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(reverse("scenario_ai_end", args=[attempt.uuid]))
    assert PracticeSuggestion.objects.filter(user=learner).exists()
    later = attempt.started_at + datetime.timedelta(days=2)
    assert [row.scenario for row in practice_again(viewer=learner, now=later).due] == [
        attempt.scenario
    ]
    settings.LLM_BASE_URL = ""
    assert practice_again(viewer=learner, now=later).due == ()


@pytest.mark.django_db
def test_the_ai_chat_asked_of_a_scripted_drill_changes_nothing(learner_client, scenario):
    attempt = start(learner_client, scenario, "practice")  # the scripted 快递延误 drill
    assert events(learner_client, attempt) == [
        ("end", {"next": reverse("scenario_attempt", args=[attempt.uuid])})
    ]
    saved = send(learner_client, attempt, "您好", turn=0)
    assert saved.status_code == 200 and saved.json()["waiting"] is False
    learner_client.post(reverse("scenario_ai_end", args=[attempt.uuid]))
    attempt.refresh_from_db()
    assert attempt.transcript == [] and attempt.is_open and attempt.current_step == "opening"


@pytest.mark.django_db
def test_a_trainer_play_tests_an_ai_customer_from_the_page_header(client, play_ai, fake_llm):
    page = play_ai()
    client.force_login(make_person(Role.TRAINER))
    response = client.post(reverse("scenario_playtest", args=[page.pk]))
    attempt = ScenarioAttempt.objects.get(playtest=True)
    assert response.url == reverse("scenario_attempt", args=[attempt.uuid])
    assert attempt.ai_message.startswith("你们怎么回事") and attempt.current_step == "chat"
    assert "双11买的东西到现在都没到" in chat(client, attempt)
    send(client, attempt, "您好，我来帮您查。")
    fake_llm.stream(["快点！！"])
    assert ("message", "快点！！") in [(n, d.get("text")) for n, d in events(client, attempt)]


@pytest.mark.django_db
def test_practice_shows_the_coaching_under_each_reply_and_an_assessment_none(
    learner_client, play_ai, fake_llm, monkeypatch, zh
):
    coaching = {
        "criteria": [
            {
                "key": "courtesy",
                "name": "礼貌用语",
                "points": 2,
                "reason": "没有致歉",
                "quote": "查",
            }
        ],
        "tip": "先道歉，再问订单号。",
    }
    monkeypatch.setattr("roleplay.ai.judge.coach_reply", lambda scenario, transcript: coaching)
    page = play_ai()
    for mode in ("practice", "assessment"):
        attempt = start(learner_client, page, mode)
        send(learner_client, attempt, "查")
        fake_llm.stream(["查什么查！！"])
        found = [name for name, _ in events(learner_client, attempt)]
        html = chat(learner_client, attempt)
        attempt.refresh_from_db()
        if mode == "practice":
            assert "coaching" in found and attempt.transcript[0]["coaching"] == coaching
            assert "没有致歉" in html and "先道歉，再问订单号。" in html and "2/5 分" in html
        else:
            assert "coaching" not in found and "coaching" not in attempt.transcript[0]
            assert "没有致歉" not in html


@pytest.mark.django_db
def test_a_manager_sees_an_assessed_ai_conversation_being_scored_not_failed(
    client, learner_client, learner, play_ai, fake_llm, zh
):
    attempt = start(learner_client, play_ai(), "assessment")
    learner_client.post(reverse("scenario_ai_end", args=[attempt.uuid]))  # judge not run yet
    client.force_login(make_person(Role.MANAGER, team=learner.profile.team))
    html = client.get(reverse("team_member", args=[learner.pk])).content.decode()
    section = html[html.index("data-roleplay-results") :].split("</table>")[0]
    assert "评分中" in section and "未通过" not in section
