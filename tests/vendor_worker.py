"""The vendors' official SDKs as a service for the signer tests.

``tests/vendor_reference.py`` runs in ``.venv-vendor`` (the SDKs' own pins clash with ours) and
answers one JSON line per request; this module starts it once and talks to it.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENDOR_PYTHON = ROOT / ".venv-vendor" / "bin" / "python"
WORKER = Path(__file__).with_name("vendor_reference.py")

#: Headers an official SDK never holds when it signs (its transport, requests/urllib3, adds
#: them afterwards): framing, content coding and the hop-by-hop headers (RFC 9110 7.6.1).
TRANSPORT = {
    "accept-encoding",
    "connection",
    "content-length",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}


class Official:
    """One vendor's official signer, one JSON line each way (see vendor_reference.py)."""

    def __init__(self, proc: subprocess.Popen[str], vendor: str) -> None:
        self.proc = proc
        self.vendor = vendor

    def sign(self, payload: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"vendor": self.vendor, **payload}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            pytest.fail(f"vendor_reference.py exited ({self.proc.poll()}); see its stderr")
        answer: dict[str, Any] = json.loads(line)
        assert answer["ok"], answer["error"]
        return answer


@contextlib.contextmanager
def official_signer(vendor: str) -> Iterator[Official]:
    """The worker, started for ``vendor`` and stopped when the block ends."""
    if not VENDOR_PYTHON.exists():
        pytest.fail(f"{VENDOR_PYTHON} is missing: run make test (it installs .venv-vendor)")
    proc = subprocess.Popen(
        [str(VENDOR_PYTHON), str(WORKER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        yield Official(proc, vendor)
    finally:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
