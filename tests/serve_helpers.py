"""Start `make serve` (or `lis visa`) as a program, wait for its first page, and stop it again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    """A port nothing on this machine listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _interruptible() -> None:
    """Ctrl+C stops the program as in a terminal, also when the tests run where it is ignored (a job started
    in the background by a non-interactive shell inherits SIGINT ignored, and so would the server)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@dataclass
class Served:
    url: str
    first_page: str = ""  # the first page's HTML, or "" when the server never answered
    output: str = field(default="", repr=False)  # what the program printed, once it has stopped


@contextmanager
def serving(argv: list[str], cwd: Path, env: Mapping[str, str], port: int, path: str = "",
            wait_seconds: int = 240) -> Iterator[Served]:
    """Run `argv` (a server on `port`) in its own session; yield once `path` answers (or the program ended).

    On leaving, the whole session gets Ctrl+C (SIGINT), as in a terminal, and its output is kept."""
    server = subprocess.Popen(argv, cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, start_new_session=True, preexec_fn=_interruptible)
    served = Served(f"http://127.0.0.1:{port}/")
    try:
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(served.url + path, timeout=10) as response:
                    served.first_page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        yield served
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
        served.output = server.communicate(timeout=60)[0]
