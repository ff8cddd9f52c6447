"""`specgen mock` as a user runs it: a real process on a free port, answering over HTTP, and a
clean stop on Ctrl-C (SIGINT) with no process left behind."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from generator.runtime._huawei import HuaweiAkSk
from tests.mock_support import ROOT, SPECS

SPECGEN = Path(sys.executable).with_name("specgen")


def test_specgen_mock_serves_and_stops_on_ctrl_c() -> None:
    proc = subprocess.Popen(
        [
            str(SPECGEN),
            "mock",
            "--specs",
            str(SPECS),
            "--port",
            "0",
            "--huawei-key",
            "CLIAK:cli-secret",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            found = re.search(r"running on http://127\.0\.0\.1:(\d+)", line)
            port = int(found.group(1)) if found else None
        assert port, "specgen mock did not report its address"
        url = f"http://127.0.0.1:{port}/v3/p/dcaas/vif-peer-detections/" + "a" * 36
        good = httpx.get(url, auth=HuaweiAkSk("CLIAK", "cli-secret"))
        assert good.status_code == 200
        # --huawei-key replaces the default key: the default one is refused.
        default = httpx.get(url, auth=HuaweiAkSk("MOCKHUAWEIAK00000000", "mock-huawei-secret-key"))
        assert default.status_code == 401
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=20)
        assert "Shutting down" in output
        assert "Traceback" not in output and "Aborted" not in output
        # Stopped by Ctrl-C, as every subcommand is: one line and the shell's code for SIGINT.
        assert output.rstrip().splitlines()[-1] == "specgen: interrupted"
        assert proc.returncode == 130
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode is not None


def test_specgen_mock_refuses_a_malformed_key() -> None:
    done = subprocess.run(
        [str(SPECGEN), "mock", "--specs", str(SPECS), "--alibaba-key", "nosecret"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "KEY_ID:SECRET" in done.stderr


def test_specgen_mock_on_a_port_in_use_says_so_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(SPECGEN), "mock", "--specs", str(SPECS), "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"specgen mock: 127.0.0.1:{port} is already in use; choose another port with --port N "
        "(make mock PORT=N)"
    ]
    assert "Started server" not in done.stdout + done.stderr
