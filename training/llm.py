"""The client for the site's own language model (OpenAI-compatible Chat Completions).

Three calls, for what the AI customer and the judge need (contract: docs/ai.md):
`complete` (messages in, text out), `stream` (text pieces as they arrive, for the typing
effect) and `complete_json` (JSON mode: a parsed object the caller checks against its schema).
Errors are the few `ModelError` classes below, each with `user_message` for the learner.

Why httpx and not the `openai` package: the API we use is one POST with an optional
server-sent-event stream, which httpx does in a few lines with explicit timeouts; `openai`
would add pydantic, distro, jiter and tqdm, its own retry policy and a second set of
environment variables (OPENAI_BASE_URL, OPENAI_API_KEY) that could point it elsewhere.
Nothing is sent anywhere but LLM_BASE_URL: the httpx client is made with `trust_env=False`
(no HTTP(S)_PROXY/ALL_PROXY, no .netrc credentials from the environment), follows no
redirects, and httpx has no telemetry. An https:// endpoint's certificate is always verified:
against LLM_CA_BUNDLE (the company's own certificate authority) when set, else certifi's.

Message contents are never logged: a request is logged with the model, the latency, the
status, the tries and the token counts the server returns.
"""

from __future__ import annotations

import json
import logging
import random
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from training import llm_tls

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF_SECONDS = 8.0


class ModelError(Exception):
    """Anything that kept the model from answering; `user_message` is for the learner."""

    user_message = _("The AI customer cannot answer right now. Please try again later.")


class ModelNotConfigured(ModelError):
    """No model endpoint is configured on this site (LLM_BASE_URL unset)."""

    user_message = _("AI customers are not available on this site.")


class ModelUnavailable(ModelError):
    """The endpoint could not be reached, timed out, or kept failing (429/5xx) after retries."""

    user_message = _(
        "The AI customer cannot be reached right now. Please try again later; "
        "what you have typed is saved."
    )


class ModelTimeout(ModelUnavailable):
    """The model took longer than LLM_TIMEOUT_SECONDS to connect or to send the next piece."""


class ModelTLSError(ModelUnavailable):
    """HTTPS to the endpoint failed: its certificate is not trusted (LLM_CA_BUNDLE), has expired
    or names another host, or the handshake failed. Not retried: it won't pass in a second."""


class ModelRejected(ModelError):
    """The endpoint refused the request (4xx other than 429): wrong model name, key or input."""

    user_message = _(
        "The AI customer is not set up correctly. Please tell your trainer; "
        "what you have typed is saved."
    )


class ModelBadResponse(ModelError):
    """The endpoint answered with something that is not a usable completion."""

    user_message = _(
        "The AI customer gave an answer that could not be read. Please try again; "
        "what you have typed is saved."
    )


class ModelStreamInterrupted(ModelUnavailable):
    """A streamed answer stopped midway; `received` holds the text that did arrive."""

    def __init__(self, message: str, *, received: str):
        super().__init__(message)
        self.received = received


@dataclass(frozen=True)
class Completion:
    text: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None


@dataclass(frozen=True)
class ModelConfig:
    base_url: str
    model: str
    api_key: str = field(default="", repr=False)
    timeout: float = 30.0
    max_retries: int = 2
    backoff: float = 0.5
    ca_bundle: str = ""  # PEM file of the certificate authorities to trust; "": certifi's


def ai_available() -> bool:
    """Whether a model endpoint is configured; AI features are offered only then."""
    return bool(settings.LLM_BASE_URL and settings.LLM_MODEL)


def model_config() -> ModelConfig:
    if not ai_available():
        raise ModelNotConfigured("No language model is configured (LLM_BASE_URL, LLM_MODEL).")
    return ModelConfig(
        base_url=settings.LLM_BASE_URL,
        model=settings.LLM_MODEL,
        api_key=settings.LLM_API_KEY,
        timeout=float(settings.LLM_TIMEOUT_SECONDS),
        max_retries=int(settings.LLM_MAX_RETRIES),
        backoff=float(settings.LLM_RETRY_BACKOFF_SECONDS),
        ca_bundle=settings.LLM_CA_BUNDLE,
    )


def complete(
    messages: list[dict], *, temperature: float | None = None, max_tokens: int | None = None
) -> Completion:
    """The model's answer to `messages` ([{"role": ..., "content": ...}]) as one text."""
    config = model_config()
    body = _body(config, messages, temperature=temperature, max_tokens=max_tokens)
    data = _post_json(config, body)
    return _completion(data)


def complete_json(
    messages: list[dict], *, temperature: float | None = 0.0, max_tokens: int | None = None
) -> dict:
    """The model's answer in JSON mode, parsed to an object; the caller validates its shape.

    Raises ModelBadResponse when the text is not a JSON object (the judge retries, then falls
    back to the offline checks).
    """
    config = model_config()
    body = _body(config, messages, temperature=temperature, max_tokens=max_tokens)
    body["response_format"] = {"type": "json_object"}
    completion = _completion(_post_json(config, body))
    text = _strip_code_fence(completion.text)
    try:
        value = json.loads(text)
    except ValueError:
        raise ModelBadResponse("The model's answer is not JSON.") from None
    if not isinstance(value, dict):
        raise ModelBadResponse("The model's answer is JSON but not an object.")
    return value


def stream(
    messages: list[dict], *, temperature: float | None = None, max_tokens: int | None = None
) -> Iterator[str]:
    """The model's answer as text pieces, as they arrive (server-sent events).

    Retries happen only before the first piece; a stream that stops midway raises
    ModelStreamInterrupted, whose `received` is the text yielded so far.
    """
    config = model_config()
    body = _body(config, messages, temperature=temperature, max_tokens=max_tokens)
    body["stream"] = True
    received: list[str] = []
    started = time.monotonic()
    with _client(config) as client:
        response, tries = _send(client, config, body, stream=True)
        finished = False
        try:
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue  # blank separators, comments (": keep-alive"), event names
                payload = line[len("data:") :].strip()
                if payload == "[DONE]":
                    finished = True
                    break
                piece = _delta(payload)
                if piece:
                    received.append(piece)
                    yield piece
        except httpx.TimeoutException:
            raise ModelStreamInterrupted(
                "The model stopped sending its answer (timeout).", received="".join(received)
            ) from None
        except httpx.TransportError as error:
            raise ModelStreamInterrupted(
                f"The connection to the model broke midway: {type(error).__name__}.",
                received="".join(received),
            ) from None
        finally:
            response.close()
        if not finished:
            raise ModelStreamInterrupted(
                "The model's answer ended before it was complete.", received="".join(received)
            )
    _log(config, started, 200, tries, streamed_chars=len("".join(received)))


# --- HTTP ----------------------------------------------------------------------------------


def _client(config: ModelConfig) -> httpx.Client:
    headers = {"Accept": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    return httpx.Client(
        base_url=config.base_url,
        headers=headers,
        timeout=httpx.Timeout(config.timeout),
        trust_env=False,  # no proxy or credentials from the environment: only this endpoint
        follow_redirects=False,
        verify=_verify(config),
    )


def _verify(config: ModelConfig) -> ssl.SSLContext | bool:
    """What the endpoint's certificate is checked against: only LLM_CA_BUNDLE when it is set."""
    if not config.ca_bundle:
        return True  # httpx's default: certifi's public certificate authorities
    try:
        return llm_tls.trust_context(config.ca_bundle)
    except llm_tls.CABundleError as error:  # checked at start: moved or changed since
        _log(config, None, None, 0, outcome="tls_error")
        logger.error("Language model: LLM_CA_BUNDLE %s Nothing was sent.", error)
        raise ModelTLSError(f"LLM_CA_BUNDLE {error}") from None


def _body(config, messages, *, temperature, max_tokens) -> dict:
    body: dict = {"model": config.model, "messages": list(messages)}
    if temperature is not None:
        body["temperature"] = temperature
    if max_tokens is not None:
        body["max_tokens"] = max_tokens
    return body


def _post_json(config: ModelConfig, body: dict) -> dict:
    started = time.monotonic()
    with _client(config) as client:
        response, tries = _send(client, config, body, stream=False)
        try:
            data = response.json()
        except ValueError:
            raise ModelBadResponse("The model endpoint did not answer with JSON.") from None
    usage = data.get("usage") if isinstance(data, dict) else None
    usage = usage if isinstance(usage, dict) else {}
    _log(
        config,
        started,
        response.status_code,
        tries,
        prompt_tokens=usage.get("prompt_tokens"),
        completion_tokens=usage.get("completion_tokens"),
    )
    return data


def _send(client: httpx.Client, config: ModelConfig, body: dict, *, stream: bool):
    """The first successful response, with its number of tries; retries what may pass later."""
    tries = 0
    while True:
        tries += 1
        retry_after = None
        try:
            request = client.build_request("POST", "/chat/completions", json=body)
            response = client.send(request, stream=stream)
        except httpx.TimeoutException:
            # Not retried: a model that is too slow now makes the learner wait twice as long.
            _log(config, None, None, tries, outcome="timeout")
            raise ModelTimeout(
                f"The model did not answer within {config.timeout:g} seconds."
            ) from None
        except httpx.TransportError as error:
            tls_error = llm_tls.ssl_error(error)
            if tls_error is not None:
                raise _tls_failure(config, tries, tls_error) from None
            reason = f" ({error})" if str(error) else ""  # e.g. [Errno 111] Connection refused
            failure = f"cannot connect to the model endpoint: {type(error).__name__}{reason}"
        else:
            if response.status_code < 300:
                return response, tries
            status = response.status_code
            detail = _error_detail(response)
            response.close()
            if status not in RETRY_STATUSES:
                _log(config, None, status, tries, outcome="rejected")
                if 300 <= status < 400:
                    raise ModelBadResponse(f"The model endpoint redirected ({status}).")
                raise ModelRejected(f"The model endpoint refused the request ({status}){detail}.")
            failure = f"the model endpoint answered {status}{detail}"
            retry_after = _retry_after(response)
        if tries > config.max_retries:
            _log(config, None, None, tries, outcome="unavailable")
            logger.error(
                "Language model: %s (LLM_BASE_URL %s); gave up after %d %s.",
                failure,
                config.base_url,
                tries,
                "try" if tries == 1 else "tries",
            )
            raise ModelUnavailable(f"After {tries} tries, {failure}.")
        logger.warning("Language model: %s; trying again (try %d).", failure, tries + 1)
        time.sleep(_backoff(config.backoff, tries, retry_after))


def _tls_failure(config: ModelConfig, tries: int, error: ssl.SSLError) -> ModelTLSError:
    """Logs, for the administrator, why HTTPS to the endpoint failed and what to change."""
    _log(config, None, None, tries, outcome="tls_error")
    problem, advice = llm_tls.explain(error, ca_bundle=config.ca_bundle)
    logger.error(
        "Language model: HTTPS to %s: %s. %s Not tried again.", config.base_url, problem, advice
    )
    return ModelTLSError(f"HTTPS to the model endpoint failed: {problem}.")


def _backoff(base: float, tries: int, retry_after: float | None) -> float:
    """Exponential back-off with jitter: half the step fixed, half random; honours Retry-After."""
    step = min(base * 2 ** (tries - 1), MAX_BACKOFF_SECONDS)
    wait = step / 2 + random.uniform(0, step / 2)  # noqa: S311 (jitter, not security)
    if retry_after is not None:
        wait = max(wait, min(retry_after, MAX_BACKOFF_SECONDS))
    return wait


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


def _error_detail(response: httpx.Response) -> str:
    # The server's own error message helps the administrator (e.g. "model not found").
    try:
        response.read()
        message = response.json().get("error", {}).get("message", "")
    except (ValueError, AttributeError, httpx.HTTPError):
        return ""
    return f": {str(message)[:200]}" if message else ""


# --- Reading answers -----------------------------------------------------------------------


def _completion(data) -> Completion:
    try:
        choice = data["choices"][0]
        text = choice["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise ModelBadResponse("The model's answer has no choices[0].message.content.") from None
    if not isinstance(text, str):
        raise ModelBadResponse("The model's answer has no text.")
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    return Completion(
        text=text,
        prompt_tokens=usage.get("prompt_tokens"),
        completion_tokens=usage.get("completion_tokens"),
        finish_reason=choice.get("finish_reason"),
    )


def _delta(payload: str) -> str:
    try:
        event = json.loads(payload)
        choices = event["choices"]
    except (ValueError, KeyError, TypeError):
        raise ModelBadResponse("The model sent a piece of its answer that is not JSON.") from None
    if not choices:
        return ""  # e.g. the final usage event
    piece = (choices[0].get("delta") or {}).get("content")
    return piece if isinstance(piece, str) else ""


def _strip_code_fence(text: str) -> str:
    # Some models wrap JSON in ```json ... ``` even in JSON mode.
    text = text.strip()
    if text.startswith("```") and text.endswith("```"):
        text = text[3:-3]
        text = text[4:] if text.startswith("json") else text
    return text.strip()


def _log(config, started, status, tries, **fields) -> None:
    latency = f"{(time.monotonic() - started) * 1000:.0f}ms" if started is not None else "-"
    extra = " ".join(f"{key}={value}" for key, value in fields.items() if value is not None)
    logger.info(
        "Language model request: model=%s status=%s tries=%s latency=%s %s",
        config.model,
        status if status is not None else "-",
        tries,
        latency,
        extra,
    )
