"""A fake OpenAI-compatible model server on loopback, scripted per test.

A real HTTP server (http.server, in a thread) so the client is tested over the wire, not
mocked. Script it with a queue of replies, in the order requests arrive:

    fake_llm.reply("您好")                      # plain completion
    fake_llm.stream(["您", "好"])              # server-sent events, then [DONE]
    fake_llm.stream(["您"], drop=True)        # connection closed midway
    fake_llm.stream(["您", "好"], pause=0.5)  # a pause before each piece after the first
    fake_llm.json({"score": 3})               # completion whose text is JSON
    fake_llm.error(500); fake_llm.error(429)  # HTTP errors
    fake_llm.slow(5, "迟到的回答")              # answers after 5 seconds
    fake_llm.raw(b"<html>", status=200)       # anything, e.g. a malformed body
    fake_llm.drop()                           # closes the connection without answering

`fake_llm.requests` records what arrived (path, headers, parsed JSON body, when). The `fake_llm`
fixture (tests/conftest.py) starts one per test and points the LLM_* settings at it.

`FakeModelServer(tls=(certfile, keyfile))` serves HTTPS instead (base_url is https://), with that
PEM certificate chain and key; `tls_handshakes` counts the TLS handshakes tried, and
`tls_failures` the ones that failed (e.g. the client did not trust the certificate).
"""

from __future__ import annotations

import contextlib
import json
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict
    body: dict | None
    received_at: float  # time.monotonic(), to see the waits between retries


@dataclass
class _Reply:
    kind: str
    status: int = 200
    text: str = ""
    chunks: tuple = ()
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0
    drop: bool = False
    headers: tuple = ()
    pause: float = 0.0  # between streamed pieces


class _TLSServer(ThreadingHTTPServer):
    """Each connection's TLS handshake in its own thread, so a failing one stops nothing."""

    def __init__(self, address, handler, *, context: ssl.SSLContext, fake: FakeModelServer):
        super().__init__(address, handler)
        self.context = context
        self.fake = fake

    def finish_request(self, request, client_address):
        with self.fake._lock:
            self.fake.tls_handshakes += 1
        try:
            request = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            with self.fake._lock:
                self.fake.tls_failures += 1
            return
        try:
            super().finish_request(request, client_address)
        finally:
            self.shutdown_request(request)  # the TLS socket (the plain one was detached)


class FakeModelServer:
    def __init__(self, model: str = "qwen2.5:7b-instruct", *, tls: tuple | None = None):
        self.model = model
        self.requests: list[RecordedRequest] = []
        self.tls_handshakes = 0
        self.tls_failures = 0
        self._replies: deque[_Reply] = deque()
        self._json_answer = None  # see answer_json
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self.scheme = "https" if tls else "http"
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._server = _TLSServer(
                ("127.0.0.1", 0), self._handler_class(), context=context, fake=self
            )
        else:
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle ---------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{self.scheme}://{host}:{port}/v1"

    def start(self) -> FakeModelServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # ends slow replies at once
        self._server.shutdown()
        self._server.server_close()

    # --- script ------------------------------------------------------------------------
    def reply(self, text: str, *, delay: float = 0.0) -> None:
        self._replies.append(_Reply("completion", text=text, delay=delay))

    def json(self, value) -> None:
        self.reply(json.dumps(value, ensure_ascii=False))

    def answer_json(self, answer) -> None:
        """Answer every JSON-mode request (the judge's, the coach's) with `answer(body)` — or
        `answer` itself when it is not callable — outside the ordered script, so a test can
        script the customer's turns without counting the requests made between them."""
        self._json_answer = answer

    def stream(self, chunks, *, drop: bool = False, delay: float = 0.0, pause: float = 0.0) -> None:
        self._replies.append(
            _Reply("stream", chunks=tuple(chunks), drop=drop, delay=delay, pause=pause)
        )

    def error(self, status: int, message: str = "scripted error", *, retry_after=None) -> None:
        body = json.dumps({"error": {"message": message, "type": "fake"}}).encode()
        headers = (("Retry-After", str(retry_after)),) if retry_after is not None else ()
        self._replies.append(_Reply("raw", status=status, body=body, headers=headers))

    def slow(self, seconds: float, text: str = "") -> None:
        self.reply(text, delay=seconds)

    def raw(self, body: bytes, *, status: int = 200, content_type="application/json") -> None:
        self._replies.append(_Reply("raw", status=status, body=body, content_type=content_type))

    def drop(self) -> None:
        self._replies.append(_Reply("drop"))

    @property
    def pending(self) -> int:
        return len(self._replies)

    # --- serving -----------------------------------------------------------------------
    def _json_reply(self, body) -> _Reply | None:
        wants_json = (
            isinstance(body, dict)
            and (body.get("response_format") or {}).get("type") == "json_object"
        )
        if self._json_answer is None or not wants_json:
            return None
        value = self._json_answer(body) if callable(self._json_answer) else self._json_answer
        return _Reply("completion", text=json.dumps(value, ensure_ascii=False))

    def _next(self) -> _Reply:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
        body = json.dumps({"error": {"message": "the test scripted no more replies"}})
        return _Reply("raw", status=500, body=body.encode())

    def _completion_body(self, text: str) -> bytes:
        return json.dumps(
            {
                "id": f"chatcmpl-fake-{len(self.requests)}",
                "object": "chat.completion",
                "model": self.model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 12, "completion_tokens": len(text), "total_tokens": 0},
            },
            ensure_ascii=False,
        ).encode()

    def _chunk(self, text: str) -> bytes:
        event = {
            "object": "chat.completion.chunk",
            "model": self.model,
            "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}],
        }
        return f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode()

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet test output
                pass

            def do_GET(self):  # noqa: N802
                self._record(None)
                self._send(404, b'{"error": {"message": "not found"}}')

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                self._record(body)
                reply = fake._json_reply(body) or fake._next()
                if reply.delay and fake._stopping.wait(reply.delay):
                    return
                # The client may have given up (timeout): nothing to answer then.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._play(reply)

            def _record(self, body):
                fake.requests.append(
                    RecordedRequest(
                        self.command,
                        self.path,
                        dict(self.headers.items()),
                        body,
                        time.monotonic(),
                    )
                )

            def _play(self, reply: _Reply):
                if reply.kind == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if reply.kind == "completion":
                    self._send(200, fake._completion_body(reply.text))
                    return
                if reply.kind == "raw":
                    self._send(reply.status, reply.body, reply.content_type, reply.headers)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                for position, chunk in enumerate(reply.chunks):
                    if position and reply.pause and fake._stopping.wait(reply.pause):
                        return
                    self.wfile.write(fake._chunk(chunk))
                    self.wfile.flush()
                if reply.drop:
                    self.connection.shutdown(2)
                    return
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _send(self, status, body, content_type="application/json", headers=()):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler
