"""Swedish alphabetical order: the one sort key every sorted list of names and titles uses.

Swedish sorts å, ä and ö as letters of their own after z (å < ä < ö), æ with ä, ø with ö and
ü with y (as the Swedish tailoring of the Unicode collation in CLDR does); other accented
letters sort with their base letter (é with e). Upper and lower case sort together; the
original text only breaks ties, so the order is the same on every build.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Private-use characters come after every letter, in this order: å, ä, ö after z.
_OWN_LETTERS = {"å": "\ue001", "ä": "\ue002", "æ": "\ue002", "ö": "\ue003", "ø": "\ue003", "ü": "y"}


@lru_cache(maxsize=4096)
def _letter(char: str) -> str:
    own = _OWN_LETTERS.get(char)
    if own is not None:
        return own
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


def swedish_key(value: str) -> str:
    """Sort key in Swedish alphabetical order (a < z < å < ä < ö; case and other accents ignored)."""
    folded = unicodedata.normalize("NFC", value.casefold())
    return "".join(_letter(c) for c in folded) + "\x00" + value
