"""One hypothesis seed per pytest run, printed in the header, so that a failure reproduces.

tests/conftest.py takes the two hooks below. The seed is, in this order: ``--hypothesis-seed``
(hypothesis's own option), the environment variable ``CLOUDNET_HYPOTHESIS_SEED``, ``CI_SEED``
when ``CI`` is set (CI sets ``CI=true``: every CI run draws the same examples), else a random
one (a new one each run, as without this module). The seed is handed to hypothesis through its
``--hypothesis-seed`` option, which seeds every ``@given`` test that does not set
``derandomize=True`` itself (those are fixed anyway). The header line says how to run again
with the same examples.

A forced seed turns off hypothesis's example database (it saves and replays failures per test
only when the seed is not forced); the printed seed replaces it.
"""

from __future__ import annotations

import os
import random
from collections.abc import Mapping

import pytest

__all__ = [
    "CI_SEED",
    "SEED_ENV",
    "choose_seed",
    "pytest_configure",
    "pytest_configure_node",
    "pytest_report_header",
]

#: The seed of every run with ``CI`` set.
CI_SEED = 1414
SEED_ENV = "CLOUDNET_HYPOTHESIS_SEED"
_CHOSEN = pytest.StashKey[tuple[str, str]]()


def _is_set(value: str | None) -> bool:
    return value is not None and value.strip().lower() not in ("", "0", "false", "no")


def choose_seed(option: str | None, environ: Mapping[str, str]) -> tuple[str, str]:
    """The seed of this run and where it comes from."""
    if option is not None:
        return str(option), "from --hypothesis-seed"
    if environ.get(SEED_ENV, "").strip():
        return environ[SEED_ENV].strip(), f"from {SEED_ENV}"
    if _is_set(environ.get("CI")):
        return str(CI_SEED), "fixed: CI is set"
    return str(random.SystemRandom().randrange(2**32)), "random"


_WORKER_KEY = "cloudnet_hypothesis_seed"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # First, so that hypothesis's own pytest_configure finds the option set and forces the seed.
    handed: Mapping[str, str] | None = getattr(config, "workerinput", None)
    if handed is not None and _WORKER_KEY in handed:  # a pytest-xdist worker: the run's seed
        seed, source = handed[_WORKER_KEY], "from the controller"
    else:
        seed, source = choose_seed(config.getoption("hypothesis_seed", None), os.environ)
    config.option.hypothesis_seed = seed
    config.stash[_CHOSEN] = (seed, source)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: object) -> None:
    """pytest-xdist: every worker draws from the seed the controller chose and printed."""
    config: pytest.Config = node.config  # type: ignore[attr-defined]
    node.workerinput[_WORKER_KEY] = config.stash[_CHOSEN][0]  # type: ignore[attr-defined]


def pytest_report_header(config: pytest.Config) -> str:
    seed, source = config.stash[_CHOSEN]
    return f"hypothesis seed: {seed} ({source}); the same examples: --hypothesis-seed={seed}"


def chosen_seed(config: pytest.Config) -> str:
    """The seed this run uses (for the tests of this module)."""
    return config.stash[_CHOSEN][0]
