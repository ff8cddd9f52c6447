"""Generation's use of both cores: the compile guard reports code that does not compile, whether
the files are compiled here or shared with a forked process (a large output); a running child
(validation) yields its core to the model chunks."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

import pytest

from generator import forked, generate

# The two broken files are the largest: compiled largest first in turn, one lands in each
# half when the files are shared with a forked process.
FILES = {
    "pkg/a.py": "x = 1\n",
    "pkg/b.py": "def f(:\n    pass\n" + "# padding\n" * 20,  # a syntax error on line 1
    "pkg/c.py": "class C:\n    y: int = 2\n",
    "pkg/d.py": "def g():\n    pass\nreturn 3\n" + "# padding\n" * 10,  # 'return' outside function
}


@pytest.mark.parametrize("shared", [False, True], ids=["here", "forked"])
def test_files_that_do_not_compile_are_reported_with_their_line(
    shared: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shared:
        monkeypatch.setattr(generate, "_COMPILE_SHARED", 1)
    errors = generate._compile_errors(FILES)
    assert [(rel, line) for rel, line, _ in errors] == [("pkg/b.py", 1), ("pkg/d.py", 3)]
    assert "outside function" in errors[1][2]


def test_clean_files_give_no_error_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    clean = {rel: text for rel, text in FILES.items() if rel in ("pkg/a.py", "pkg/c.py")}
    assert generate._compile_errors(clean) == []
    monkeypatch.setattr(generate, "_COMPILE_SHARED", 1)
    assert generate._compile_errors(clean) == []


def _own_niceness(go: Any) -> int:
    go.wait(10)
    return os.getpriority(os.PRIO_PROCESS, 0)


@pytest.mark.skipif(not forked.can_fork(), reason="no fork here")
def test_a_running_child_yields_its_core_to_workers_started_after_it() -> None:
    """Validation, started first, gets a lower priority when the model chunks fan out."""
    go = multiprocessing.get_context("fork").Event()
    base = os.getpriority(os.PRIO_PROCESS, 0)
    running = forked.start(_own_niceness, go)
    forked.yield_cores()
    go.set()
    assert running() == min(19, base + forked.YIELDED)
    assert os.getpriority(os.PRIO_PROCESS, 0) == base  # this process keeps its own
    assert not forked._running  # waited for: no longer touched
