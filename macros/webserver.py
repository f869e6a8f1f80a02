"""The web server's configuration for the two editions: nginx serves the staff edition to everyone and the LIS
edition, under /lis/, only to the LIS group (README, Publicera).

The site stays static; who may read the LIS edition is the web server's decision. The configuration is one
template (macros/templates/nginx.conf) that README shows filled in with its example values and that the test
starts nginx with (tests/test_webserver.py), so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from string import Template

from . import csp

TEMPLATE = Path(__file__).parent / "templates" / "nginx.conf"


@dataclass(frozen=True)
class Placement:
    """Where the editions and the LIS group's password file lie, and what the server listens on."""

    staff: str = "/srv/lis-handboken/site"
    lis: str = "/srv/lis-handboken/site-lis"
    users: str = "/etc/nginx/lis-gruppen.htpasswd"
    listen: str = "80"
    server_name: str = "lis.intranat.example"


def nginx_config(place: Placement) -> str:
    """The server block for `place` (README shows it with the default values)."""
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        staff=place.staff, lis=place.lis, users=place.users, listen=place.listen, server_name=place.server_name,
        csp=csp.header())
