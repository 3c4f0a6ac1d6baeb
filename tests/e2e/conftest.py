"""Fixtures of the end-to-end tests: real processes under a real tmux."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.tmux import Tmux


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    server = Tmux()
    yield server
    server.kill()
