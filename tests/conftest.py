"""Fixtures shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.mock_support import running_mock


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """The mock server on a free loopback port, started for the module that asks for it and
    stopped after it."""
    for server in running_mock():
        yield server.url
