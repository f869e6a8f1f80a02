"""The web server keeps the LIS edition for the LIS group: Debian's nginx, started with the configuration README
shows (from the one template, macros/templates/nginx.conf), refuses /lis/ without credentials and serves it with them."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import socket
import subprocess
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from macros.webserver import Placement, nginx_config
from tests.build_helpers import ROOT

USER, PASSWORD = "samordnaren", "prov-lösen-123"


def test_readme_shows_the_configuration_the_template_gives():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = "  ```nginx\n" + textwrap.indent(nginx_config(Placement()), "  ") + "  ```"
    assert shown in readme, "README, Publicera: paste nginx_config(Placement()), indented as the list item"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _edition(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(f"<html><body>{name}</body></html>", encoding="utf-8")
    (folder / "404.html").write_text(f"<html><body>{name} saknas</body></html>", encoding="utf-8")
    return folder


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("nginx saknas i CI; .ci/run ska installera paketet nginx")
        pytest.skip("nginx saknas (apt-get install nginx)")
    port = _free_port()
    users = tmp_path / "lis-gruppen.htpasswd"
    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()  # noqa: S324 - nginx's {SHA} scheme
    users.write_text(f"{USER}:{{SHA}}{digest}\n", encoding="utf-8")
    server = nginx_config(Placement(str(_edition(tmp_path / "site", "personalutgåvan")),
                                    str(_edition(tmp_path / "site-lis", "LIS-utgåvan")), str(users),
                                    f"127.0.0.1:{port}", "localhost"))
    temp = "".join(f"{kind}_temp_path {tmp_path / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                          "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # the workers read the test's private folders
    config = tmp_path / "nginx.conf"
    config.write_text(f"daemon off;\n{user}pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\n"
                      f"events {{ worker_connections 64; }}\nhttp {{\naccess_log off;\n{temp}"
                      f"types {{ text/html html; }}\n{server}}}\n", encoding="utf-8")
    process = subprocess.Popen([binary, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(config)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            if process.poll() is not None:
                raise AssertionError(process.stdout.read().decode() if process.stdout else "nginx stannade")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def _get(url: str, user: str | None = None, password: str = "") -> tuple[int, str]:
    request = urllib.request.Request(url)
    if user is not None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - a local test server
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, ""


@pytest.mark.process
def test_the_lis_edition_is_refused_without_credentials_and_served_with_them(nginx):
    assert _get(f"{nginx}/") == (200, "<html><body>personalutgåvan</body></html>")
    assert _get(f"{nginx}/lis/")[0] == 401
    assert _get(f"{nginx}/lis/index.html")[0] == 401
    assert _get(f"{nginx}/lis/", USER, "fel-lösen")[0] == 401
    assert _get(f"{nginx}/lis/", USER, PASSWORD) == (200, "<html><body>LIS-utgåvan</body></html>")
    assert _get(f"{nginx}/lis/finns-inte/", USER, PASSWORD)[0] == 404
