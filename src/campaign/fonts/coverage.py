"""Which characters the PDF fonts can print: the check `validate` makes on every text of a campaign.

A character no bundled font has would fail the PDF at build time; checked at load time instead,
it is reported at the field that holds it, with the character named, before anything is built.
The answer is read from the very font files the PDF writer uses (`campaign.fonts.families`), so
validate and build cannot disagree.
"""

from __future__ import annotations

import functools
import unicodedata

from campaign.fonts.families import FAMILIES, family_characters

ALWAYS_PRINTABLE = frozenset("\n\t")


@functools.cache
def printable() -> frozenset[int]:
    """Every code point some bundled text font has a glyph for."""
    return frozenset().union(*(family_characters(family) for family in FAMILIES))


def uncovered(text: str) -> list[str]:
    """The characters of `text` no bundled font has, each once, in order of appearance.

    Format and space characters (no-break spaces, joiners, direction marks) need no glyph of
    their own and are not counted.
    """
    have = printable()
    missing: list[str] = []
    for char in text:
        if char in ALWAYS_PRINTABLE or char in missing or ord(char) in have:
            continue
        if unicodedata.category(char) in ("Zs", "Cf"):
            continue
        missing.append(char)
    return missing
