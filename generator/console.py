"""The ``specgen`` console script: the command line of ``cli.py`` with Ctrl-C handled once, here.

Ctrl-C at any moment (while the modules load, while a forked worker renders, while the mock
serves) prints one line and exits 130, the shell's code for SIGINT, without a traceback. The
files a command writes stay whole or untouched: the interruption unwinds like any exception,
through the writers' clean-up. A signal that lands after the last file is in place may still
exit 130; the files are whole then.

Click turns ``KeyboardInterrupt`` into "Aborted!" and exit 1, and code that catches
``KeyboardInterrupt`` would swallow it, so the handler raises ``Interrupted`` instead, which
derives from ``BaseException`` only: nothing but this module catches it (the forked workers
hand it back to the parent like any exception).
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType
from typing import NoReturn

__all__ = ["Interrupted", "run"]

EXIT_INTERRUPTED = 130


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) arrived."""


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    raise Interrupted


def run() -> NoReturn:
    _leave(_main())


def _main() -> object:
    """The command's exit status (``SystemExit``'s code: a number, a message or None)."""
    signal.signal(signal.SIGINT, _on_sigint)
    try:
        from .cli import main  # after the handler: Ctrl-C while the modules load is handled too

        main(prog_name="specgen")
    except Interrupted:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while leaving is quiet
        # On a terminal the ^C echo is still on the line; start a fresh one.
        sys.stderr.write(("\n" if sys.stderr.isatty() else "") + "specgen: interrupted\n")
        return EXIT_INTERRUPTED
    except SystemExit as exc:  # how click's main ends, whatever the outcome
        return exc.code
    finally:
        # The work is done (or abandoned): a Ctrl-C from here on changes nothing. While the
        # interpreter shuts down it puts SIGINT back to SIG_DFL for any Python handler, so a
        # signal landing then killed the process (-2) after it had printed its result; an
        # ignored signal is left ignored through shutdown.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return 0


def _leave(code: object) -> NoReturn:
    """Exit with ``code`` as ``sys.exit`` would, without the interpreter's shutdown: freeing
    every object a command made one by one (the document, datamodel-code-generator's models,
    the syntax trees) took 0.1 s, a sixth of a cold generation of the five specs (mypy leaves
    the same way). Nothing is left for it to do: the files a command writes are closed, its
    forked processes and threads waited for, its temporary folders removed; only the standard
    streams are flushed here."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # a message, printed as sys.exit prints it
        sys.stderr.write(f"{code}\n")
        status = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: CPython's shutdown exits 120 then
        status = status or 120
    os._exit(status)
