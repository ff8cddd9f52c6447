"""Run a function in a forked process and wait for its result: validation beside generation,
and the model chunks of a large API (``models``).

Written here, over ``multiprocessing``'s fork context and a one-way pipe, rather than with
``concurrent.futures.ProcessPoolExecutor``, for two reasons:

- an executor runs a thread in the parent, and the chunk workers are forked later in the same
  run (a process with threads must not fork);
- an executor's workers keep both ends of their pipes. When the parent is killed (Ctrl-C twice,
  SIGKILL, a CI timeout), they block for ever writing a result nobody reads. Here a child holds
  only the ends it writes to, so a dead parent makes its write fail and the child exits.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

__all__ = ["can_fork", "start", "yield_cores"]

T = TypeVar("T")

#: The parent's reading ends of every child started and not yet waited for: a child closes them
#: all, so that only the parent can read what any child writes.
_reading: set[Connection] = set()

#: The children started and not yet waited for, by process id.
_running: set[int] = set()

#: How much a child that yields its core is niced.
YIELDED = 10


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _child(function: Callable[..., Any], args: tuple[Any, ...], send: Connection) -> None:
    for end in list(_reading):
        end.close()
    try:
        result: tuple[str, object] = ("done", function(*args))
    except BaseException as exc:  # anything at all goes back to the parent, which raises it
        result = ("raised", exc)
    try:
        send.send(result)
    except BrokenPipeError:
        return  # the parent is gone
    except Exception as exc:  # a result or an exception that does not pickle
        send.send(("raised", RuntimeError(f"{function.__name__} failed: {exc!r}")))
    send.close()


def start(function: Callable[..., T], *args: Any) -> Callable[[], T]:
    """Start ``function(*args)`` in a forked process; the returned function waits for its result
    or raises what it raised. Where fork is not available it runs here, now."""
    if not can_fork():
        done = function(*args)
        return lambda: done
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    _reading.add(receive)
    process = context.Process(target=_child, args=(function, args, send), daemon=True)
    process.start()
    send.close()
    assert process.pid is not None  # started
    _running.add(process.pid)

    def wait() -> T:
        try:
            kind, value = receive.recv()
        except EOFError:
            raise RuntimeError(
                f"{function.__name__} ended without a result (exit code {process.exitcode})"
            ) from None
        finally:
            _reading.discard(receive)
            receive.close()
            process.join()
            _running.discard(process.pid)
        if kind == "raised" and isinstance(value, BaseException):
            raise value
        return value  # type: ignore[no-any-return]

    return wait


def yield_cores() -> None:
    """Give the cores to the workers about to be started: every child running now gets a
    lower priority (nice +10), so it runs on what they leave. Called before the model chunks
    of a large API fan out: validation, started first, then took a third of both cores from
    them, and the serial rest of generation ran afterwards with a core idle. Its lowered
    priority then only matters against other programs (an unprivileged process cannot raise
    it back)."""
    if not hasattr(os, "setpriority"):  # not on every platform
        return
    for pid in list(_running):
        try:
            now = os.getpriority(os.PRIO_PROCESS, pid)
            os.setpriority(os.PRIO_PROCESS, pid, min(19, now + YIELDED))
        except OSError:  # it has ended meanwhile
            pass
