"""Who may read what: the staff edition for everyone, or the restricted LIS edition.

Every register declares its audience (macros/registers/), and a column of its spec may override it
for one field. The site is built as one edition today; the declaration is what a build of two
editions reads (issue 30).
"""

from __future__ import annotations

from enum import StrEnum


class Audience(StrEnum):
    ALL = "alla"  # the staff edition: everyone who works here
    LIS = "lis"  # the restricted edition: the LIS group, management, owners, the DPO, auditors and the nämnd
