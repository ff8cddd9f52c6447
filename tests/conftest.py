"""Fixtures shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

# One hypothesis seed per run, fixed when CI is set, printed in the header (see the module).
from tests.hypothesis_seed import pytest_configure, pytest_configure_node, pytest_report_header
from tests.mock_support import running_mock

__all__ = ["mock_url", "pytest_configure", "pytest_configure_node", "pytest_report_header"]


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """The mock server on a free loopback port, started for the module that asks for it and
    stopped after it."""
    for server in running_mock():
        yield server.url
