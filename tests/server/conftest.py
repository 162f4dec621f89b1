"""A fresh server database with Internkontroll's schema, for a test of its own."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from internkontroll.store.server import init_server
from tests.servers import SERVER, ServerDatabases


@pytest.fixture
def server() -> Iterator[str]:
    """Its URL, as the superuser; dropped afterwards."""
    servers = ServerDatabases(os.environ[SERVER])
    url = servers.new()
    init_server(url)
    yield url
    servers.drop_all()
