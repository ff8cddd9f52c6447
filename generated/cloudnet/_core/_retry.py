# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_retry.py.
# Do not edit here: edit generator/runtime/_retry.py, then run `make`.
"""When to repeat a failed call, and how long to wait first.

Repeated: connection errors, timeouts, 408, 429 and 5xx, and only for calls that are safe to
repeat (GET, HEAD, OPTIONS, PUT, DELETE, or an operation with an idempotency token). The wait
doubles from ``initial`` up to ``maximum`` with full jitter, unless the service says how long in
``Retry-After`` (seconds or an HTTP date), which is honoured up to ``RETRY_AFTER_CAP``.

Written here rather than with tenacity or similar: the decision needs the HTTP response (its
status and ``Retry-After``), one policy must drive a sync and an async loop alike, and the
runtime's dependencies are kept to httpx and pydantic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

__all__ = ["RetryPolicy", "is_retryable_status"]

RETRYABLE_STATUSES = frozenset({408, 429})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_AFTER_CAP = 60.0


def is_retryable_status(status: int) -> bool:
    return status in RETRYABLE_STATUSES or 500 <= status < 600


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    initial: float = 0.5
    maximum: float = 8.0

    def delay(self, attempt: int, response: httpx.Response | None, rng: random.Random) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        if response is not None:
            told = retry_after(response)
            if told is not None:
                return min(told, RETRY_AFTER_CAP)
        ceiling = min(self.maximum, self.initial * 2.0 ** (attempt - 1))
        return ceiling * (0.5 + rng.random() / 2)  # jitter in [ceiling/2, ceiling)


def retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` (or ``retry-after-ms``) in seconds, if the response has a usable one."""
    millis = response.headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
