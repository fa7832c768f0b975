"""Posting the digest to a chat webhook: a local HTTP server on 127.0.0.1 checks the payload, answers 500 first
to force a retry, and the URL never appears in any output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from macros.webhook import WebhookError, post_json

from .test_digest import planted  # noqa: F401 - the planted log fixture


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        server = self.server
        length = int(self.headers.get("Content-Length", "0"))
        server.received.append(
            {"path": self.path, "type": self.headers.get("Content-Type"), "body": self.rfile.read(length)}
        )
        status = server.statuses.pop(0) if server.statuses else 200
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"ok" if status == 200 else b"error")

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def hook():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received = []
    server.statuses = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


HOOK_PATH = "/services/T000/B000/planted-secret-token"


def _url(server):
    return f"http://127.0.0.1:{server.server_address[1]}{HOOK_PATH}"


def test_a_500_is_retried_with_exponential_backoff(hook):
    hook.statuses = [500, 503]
    waits = []
    attempts = post_json(_url(hook), {"text": "hello"}, sleep=waits.append, first_delay=0.5)
    assert attempts == 3
    assert waits == [0.5, 1.0]
    assert [json.loads(r["body"]) for r in hook.received] == [{"text": "hello"}] * 3
    assert hook.received[0]["type"] == "application/json; charset=utf-8"


def test_a_refused_request_is_not_retried_and_the_error_hides_the_url(hook):
    hook.statuses = [403]
    with pytest.raises(WebhookError) as raised:
        post_json(_url(hook), {"text": "x"}, sleep=lambda s: None)
    assert len(hook.received) == 1
    assert "HTTP 403" in str(raised.value)
    assert "planted-secret-token" not in str(raised.value) and "127.0.0.1" not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_giving_up_after_the_last_attempt(hook):
    hook.statuses = [500] * 10
    waits = []
    with pytest.raises(WebhookError, match=r"no success after 3 attempts \(last: HTTP 500\)"):
        post_json(_url(hook), {"text": "x"}, attempts=3, sleep=waits.append, first_delay=1)
    assert waits == [1, 2]
    assert len(hook.received) == 3


def test_a_closed_port_is_a_network_error_without_the_url():
    with pytest.raises(WebhookError) as raised:
        post_json("http://127.0.0.1:9/services/planted-secret-token", {"text": "x"}, attempts=2, sleep=lambda s: None)
    assert "(last: connection refused)" in str(raised.value)
    assert "planted-secret-token" not in str(raised.value)


def test_only_http_urls_are_posted_to():
    with pytest.raises(WebhookError, match="must start with https://"):
        post_json("file:///etc/passwd", {"text": "x"})


def _digest_command(data, env_value, *, retries="3", extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESCALATION_")}
    env["PLANTED_HOOK_URL"] = env_value
    env.update(extra_env or {})
    return subprocess.run(
        [
            *(sys.executable, "-m", "macros.cli", "digest", "--data", str(data), "--as-of", "2026-06-30"),
            *("--site-url", "https://escalations.example.com/", "--post-env", "PLANTED_HOOK_URL", "--retries", retries),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_the_command_posts_the_slack_payload_after_a_retry(hook, planted):  # noqa: F811
    data, _ = planted
    hook.statuses = [500]
    completed = _digest_command(data, _url(hook))
    assert completed.returncode == 0, completed.stderr
    assert len(hook.received) == 2  # the 500, then the retry
    assert hook.received[0]["path"] == HOOK_PATH
    payload = json.loads(hook.received[-1]["body"])
    assert payload["text"].startswith("Lumenfield Software escalation digest, 2026-06-30")
    sections = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    assert any(s.startswith("*Ivan Petrov*") and "Planted today" in s for s in sections)
    assert "after 2 attempts" in completed.stderr
    output = completed.stdout + completed.stderr
    assert "planted-secret-token" not in output and "127.0.0.1" not in output


def test_the_command_logs_one_line_when_the_post_fails(planted):  # noqa: F811
    data, _ = planted
    completed = _digest_command(data, "http://127.0.0.1:9/services/planted-secret-token", retries="1")
    assert completed.returncode == 1
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == (
        "escalation digest: could not post the digest to the webhook in PLANTED_HOOK_URL: "
        "no success after 2 attempts (last: connection refused) "
        "(hint: check the URL in PLANTED_HOOK_URL, or raise --retries if the network is flaky)."
    )
    assert "planted-secret-token" not in completed.stdout + completed.stderr
