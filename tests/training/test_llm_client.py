"""The language-model client against a fake OpenAI-compatible server on loopback."""

import socket
import threading
import time

import pytest
from django.utils import translation

from training import llm

MESSAGES = [
    {"role": "system", "content": "你是一位双11包裹丢失的顾客。"},
    {"role": "user", "content": "亲，您好，请问有什么可以帮您？"},
]


def test_a_plain_completion_sends_the_model_and_the_messages_and_returns_the_text(fake_llm):
    fake_llm.reply("我的快递三天没动了！")

    answer = llm.complete(MESSAGES, temperature=0.7)

    assert answer.text == "我的快递三天没动了！"
    assert answer.prompt_tokens == 12
    (request,) = fake_llm.requests
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == fake_llm.model
    assert request.body["messages"] == MESSAGES
    assert request.body["temperature"] == 0.7
    assert "stream" not in request.body


def test_the_api_key_is_sent_only_when_one_is_set(fake_llm, settings):
    fake_llm.reply("好的")
    fake_llm.reply("好的")

    llm.complete(MESSAGES)
    settings.LLM_API_KEY = "sk-intranet"
    llm.complete(MESSAGES)

    without_key, with_key = fake_llm.requests
    assert "authorization" not in {name.lower() for name in without_key.headers}
    assert with_key.headers["Authorization"] == "Bearer sk-intranet"


def test_a_streamed_answer_arrives_in_pieces(fake_llm):
    fake_llm.stream(["我的", "快递", "丢了！"])

    pieces = list(llm.stream(MESSAGES))

    assert pieces == ["我的", "快递", "丢了！"]
    assert fake_llm.requests[0].body["stream"] is True


def test_a_stream_that_dies_midway_raises_with_what_arrived(fake_llm):
    fake_llm.stream(["我的", "快递"], drop=True)
    pieces = []

    with pytest.raises(llm.ModelStreamInterrupted) as raised:
        for piece in llm.stream(MESSAGES):
            pieces.append(piece)

    assert pieces == ["我的", "快递"]
    assert raised.value.received == "我的快递"
    assert isinstance(raised.value, llm.ModelUnavailable)  # the learner sees "cannot connect"


@pytest.mark.parametrize("status", [500, 429, 503])
def test_a_failing_endpoint_is_tried_again_with_growing_waits_then_answers(fake_llm, status):
    fake_llm.error(status)
    fake_llm.error(status)
    fake_llm.reply("终于通了")

    answer = llm.complete(MESSAGES)

    assert answer.text == "终于通了"
    assert len(fake_llm.requests) == 3
    arrivals = [request.received_at for request in fake_llm.requests]
    # Back-off 0.05 s doubling, at least half of each step: >= 0.025 s, then >= 0.05 s.
    assert arrivals[1] - arrivals[0] >= 0.025
    assert arrivals[2] - arrivals[1] >= 0.05


def test_a_stream_is_tried_again_when_the_endpoint_is_busy_before_answering(fake_llm):
    fake_llm.error(429)
    fake_llm.stream(["好", "的"])

    assert "".join(llm.stream(MESSAGES)) == "好的"
    assert len(fake_llm.requests) == 2


def test_a_busy_endpoint_is_asked_again_no_sooner_than_it_said(fake_llm):
    fake_llm.error(429, "rate limited", retry_after=0.4)
    fake_llm.reply("好的")

    assert llm.complete(MESSAGES).text == "好的"

    first, second = fake_llm.requests
    assert second.received_at - first.received_at >= 0.4


def test_after_the_last_retry_the_endpoint_is_reported_unavailable(fake_llm):
    for _ in range(3):
        fake_llm.error(502)
    fake_llm.reply("too late")

    with pytest.raises(llm.ModelUnavailable, match="After 3 tries"):
        llm.complete(MESSAGES)

    assert len(fake_llm.requests) == 3  # LLM_MAX_RETRIES = 2: one try and two retries
    assert fake_llm.pending == 1


def test_a_stream_piece_that_is_not_json_is_a_clear_error(fake_llm):
    fake_llm.raw(
        'data: {"choices": [{"delta": {"content": "我的"}}]}\n\ndata: <html>\n\n'.encode(),
        content_type="text/event-stream",
    )
    pieces = []

    with pytest.raises(llm.ModelBadResponse, match="not JSON"):
        for piece in llm.stream(MESSAGES):
            pieces.append(piece)

    assert pieces == ["我的"]


@pytest.mark.parametrize("status", [400, 401, 404])
def test_a_refused_request_is_not_tried_again(fake_llm, status):
    fake_llm.error(status, "model 'qwen' not found")
    fake_llm.reply("should not be reached")

    with pytest.raises(llm.ModelRejected, match="not found"):
        llm.complete(MESSAGES)

    assert len(fake_llm.requests) == 1


def test_a_slow_model_times_out_within_the_configured_time(fake_llm, settings):
    settings.LLM_TIMEOUT_SECONDS = 0.5
    fake_llm.slow(5, "迟到的回答")
    started = time.monotonic()

    with pytest.raises(llm.ModelTimeout):
        llm.complete(MESSAGES)

    assert time.monotonic() - started < 1.5
    assert len(fake_llm.requests) == 1  # a slow model is not asked twice


def test_a_body_that_is_not_json_is_a_clear_error(fake_llm):
    fake_llm.raw(b"<html>502 Bad Gateway</html>", content_type="text/html")

    with pytest.raises(llm.ModelBadResponse, match="did not answer with JSON"):
        llm.complete(MESSAGES)


def test_a_json_body_without_an_answer_is_a_clear_error(fake_llm):
    fake_llm.raw(b'{"choices": []}')

    with pytest.raises(llm.ModelBadResponse, match="no choices"):
        llm.complete(MESSAGES)


def test_json_mode_asks_for_json_and_returns_the_parsed_object(fake_llm):
    fake_llm.json({"criteria": [{"id": "empathy", "score": 1}]})

    result = llm.complete_json(MESSAGES)

    assert result == {"criteria": [{"id": "empathy", "score": 1}]}
    assert fake_llm.requests[0].body["response_format"] == {"type": "json_object"}


def test_json_mode_accepts_json_in_a_code_fence(fake_llm):
    fake_llm.reply('```json\n{"score": 2}\n```')

    assert llm.complete_json(MESSAGES) == {"score": 2}


@pytest.mark.parametrize("text", ["好的，我给你打分：3", "[1, 2]", '{"score": 2'])
def test_json_mode_rejects_an_answer_that_is_not_a_json_object(fake_llm, text):
    fake_llm.reply(text)

    with pytest.raises(llm.ModelBadResponse):
        llm.complete_json(MESSAGES)


def test_a_proxy_from_the_environment_is_never_used(fake_llm, monkeypatch):
    # A listening "proxy" on loopback that counts whoever connects to it.
    proxy = socket.socket()
    proxy.bind(("127.0.0.1", 0))
    proxy.listen()
    proxy.settimeout(0.2)
    contacted = []

    def accept():
        try:
            connection, _ = proxy.accept()
        except OSError:
            return
        contacted.append(True)
        connection.close()

    watcher = threading.Thread(target=accept, daemon=True)
    watcher.start()
    proxy_url = f"http://127.0.0.1:{proxy.getsockname()[1]}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, proxy_url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    fake_llm.reply("直接到达")

    try:
        assert llm.complete(MESSAGES).text == "直接到达"
        watcher.join()
    finally:
        proxy.close()

    assert len(fake_llm.requests) == 1
    assert contacted == []


def test_with_no_model_configured_ai_is_off_and_a_call_says_so(settings):
    settings.LLM_BASE_URL = ""
    settings.LLM_MODEL = ""

    assert llm.ai_available() is False
    with pytest.raises(llm.ModelNotConfigured, match="No language model is configured"):
        llm.complete(MESSAGES)
    with pytest.raises(llm.ModelNotConfigured):
        next(llm.stream(MESSAGES))


def test_with_a_model_configured_ai_is_available(fake_llm):
    assert llm.ai_available() is True


def test_the_learner_is_told_in_chinese_that_what_they_typed_is_saved():
    with translation.override("zh-hans"):
        message = str(llm.ModelUnavailable.user_message)

    assert message == "AI 顾客暂时无法连接，请稍后再试；你已输入的内容已保存。"


def test_an_unreachable_endpoint_is_unavailable_after_retries(fake_llm, settings):
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nothing listens there now
    settings.LLM_BASE_URL = f"http://127.0.0.1:{port}/v1"

    with pytest.raises(llm.ModelUnavailable, match="cannot connect"):
        llm.complete(MESSAGES)


def test_message_contents_are_not_logged(fake_llm, caplog):
    fake_llm.reply("我的订单号是 20261111")

    with caplog.at_level("DEBUG"):
        llm.complete(MESSAGES)

    logged = caplog.text
    assert "model=qwen2.5:7b-instruct" in logged
    assert "status=200" in logged
    assert "双11" not in logged and "20261111" not in logged


def test_an_unreachable_endpoint_tells_the_administrator_why(fake_llm, settings, caplog):
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nothing listens there now
    settings.LLM_BASE_URL = f"http://127.0.0.1:{port}/v1"
    settings.LLM_MAX_RETRIES = 0  # no "trying again" line: the last one must say it all

    with caplog.at_level("INFO", logger="training.llm"), pytest.raises(llm.ModelUnavailable):
        llm.complete(MESSAGES)

    (line,) = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert "Connection refused" in line
    assert f"127.0.0.1:{port}" in line
    assert "gave up after 1 try" in line
