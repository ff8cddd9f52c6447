"""Running the mock: ``serve`` for ``specgen mock`` (uvicorn in the foreground, Ctrl-C stops it
cleanly), ``MockServer`` for tests and scripts (uvicorn in a thread on a free port)."""

from __future__ import annotations

import contextlib
import errno
import socket
import threading
import time
from types import TracebackType

import uvicorn

from .app import MockConfig, create_app

__all__ = ["MockServer", "PortInUseError", "serve"]


def _server(config: MockConfig, host: str, port: int, log_level: str) -> uvicorn.Server:
    return uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            host=host,
            port=port,
            log_level=log_level,
            # Starlette's own error page is never shown: the app answers every error itself.
            server_header=False,
            timeout_graceful_shutdown=5,
        )
    )


class PortInUseError(OSError):
    """The address ``specgen mock`` was asked to serve on is taken."""


def serve(config: MockConfig, host: str = "127.0.0.1", port: int = 4010) -> None:
    """Serve until interrupted (uvicorn handles SIGINT and SIGTERM: a graceful shutdown).
    Raises ``PortInUseError`` first when the address is taken (uvicorn would only log it, after
    a start-up banner, and exit 3)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUseError(exc.errno, f"{host}:{port} is already in use") from exc
            raise
    # uvicorn re-raises the Ctrl-C it handled once it has shut down; the stop is clean.
    with contextlib.suppress(KeyboardInterrupt):
        _server(config, host, port, "info").run()


class MockServer:
    """The mock in a background thread, on ``port`` (0: a free one, the default)::

    with MockServer(MockConfig(specs=Path("specs"))) as mock:
        httpx.get(mock.url + "/v1/...")
    """

    def __init__(
        self,
        config: MockConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
    ) -> None:
        self.server = _server(config or MockConfig(), host, port, log_level)
        # uvicorn installs no signal handlers outside the main thread: this one only stops when
        # told (stop), and Ctrl-C stays with the program that started it.
        self.thread = threading.Thread(target=self.server.run, name="cloudnet-mock", daemon=True)
        self.host = host
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> MockServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the mock server did not start; see its log")
            time.sleep(0.01)
        sockets = [s for server in self.server.servers for s in server.sockets]
        self.port = int(sockets[0].getsockname()[1])
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
        if self.thread.is_alive():
            self.server.force_exit = True
            self.thread.join(timeout)

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
