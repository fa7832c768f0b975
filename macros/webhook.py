"""Post a JSON message to a chat incoming webhook (Slack, or a Microsoft Teams workflow), with retries.

The webhook URL is a secret: anyone holding it can post to the channel. It never appears in a message or an
exception raised here, and no exception from the HTTP layer (whose text might hold it) is chained.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

ATTEMPTS = 4
FIRST_DELAY = 2.0
"""Seconds before the first retry; each retry waits twice as long as the one before (2, 4, 8 s)."""
TIMEOUT = 15.0


class WebhookError(Exception):
    """The message could not be delivered. The text says why, without the URL."""


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def post_json(
    url: str,
    payload: dict[str, Any],
    *,
    attempts: int = ATTEMPTS,
    first_delay: float = FIRST_DELAY,
    timeout: float = TIMEOUT,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """POST ``payload`` as JSON; retry network failures, 429 and 5xx with exponential backoff.

    Returns the number of attempts it took. Raises :class:`WebhookError` after the last failed attempt, or at
    once for a refused request (4xx other than 429) or a URL that is not http(s).
    """
    if not url.lower().startswith(("https://", "http://")):
        raise WebhookError("the webhook URL must start with https://")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    reason = ""
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                response.read()
            return attempt
        except urllib.error.HTTPError as exc:
            reason = f"HTTP {exc.code}"
            exc.close()  # the error holds the open response
            if not _retryable(exc.code):
                raise WebhookError(f"the webhook refused the message ({reason})") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = _network_reason(exc)
        if attempt < attempts:
            sleep(first_delay * 2 ** (attempt - 1))
    raise WebhookError(f"no success after {attempts} attempts (last: {reason})")


def _network_reason(exc: BaseException) -> str:
    """The kind of network failure, in words that cannot contain the URL."""
    inner = getattr(exc, "reason", exc)
    if isinstance(inner, TimeoutError):
        return "timed out"
    if isinstance(inner, ConnectionRefusedError):
        return "connection refused"
    if isinstance(inner, OSError) and inner.errno is not None:
        return f"network error {inner.errno}"
    return f"network error ({type(inner).__name__})"
