"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# One hypothesis seed per run, fixed when CI is set, printed in the header (see the module).
from tests.hypothesis_seed import pytest_configure, pytest_configure_node, pytest_report_header
from tests.mock_support import running_mock

__all__ = [
    "FULL",
    "examples",
    "mock_url",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_configure_node",
    "pytest_report_header",
]

# The knob for the long runs: `make test` on a developer's machine stays under four minutes and
# skips the tests marked `full` (larger corpora, full-page screenshots, more fuzzed documents);
# `.ci/run` sets CLOUDNET_FULL=1 and runs everything.
FULL = os.environ.get("CLOUDNET_FULL", "") not in ("", "0")


def examples(quick: int, full: int) -> int:
    """How many generated cases a property test draws: ``full`` under CLOUDNET_FULL=1 (CI),
    ``quick`` in a developer's run."""
    return full if FULL else quick


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if FULL:
        return
    skip = pytest.mark.skip(reason="long run: set CLOUDNET_FULL=1 (CI does)")
    for item in items:
        if item.get_closest_marker("full") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """The mock server on a free loopback port, started for the module that asks for it and
    stopped after it."""
    for server in running_mock():
        yield server.url
