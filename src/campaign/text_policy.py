"""One character policy for every piece of text that comes from a user's file, and the rules for
text that becomes a mail header.

The character policy is applied once, at load time, so nothing downstream (python-docx,
WeasyPrint, the mail library) ever sees a control character, a lone surrogate or a bidi override:
those either crash a writer with no field name, or let text display differently from what it says.

The header rule (`header_problem`) is asked twice: by the loader, so `validate` reports a bad name
at its line, and by the mail builder right before a value becomes a header. Both ask this one
function, so validate and send cannot disagree (they once did on U+2028 and U+2029).
"""

from __future__ import annotations

import functools
import re
import unicodedata

MAX_SCALAR_CHARS = 10_000
"""Longest accepted text value; a letter paragraph is far shorter."""

_PLANE_NONCHARACTERS = "".join(chr(plane << 16 | low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ue000-\uf8ff\U000e0000-\U000e007f" + _PLANE_NONCHARACTERS + "]"
)
"""C0/C1 controls but tab and newline, the line and paragraph separators (U+2028, U+2029: a line
break that no writer shows alike), non-characters, lone surrogates, bidi overrides and isolates,
tag characters (U+E0000 block: invisible, they hide text), and the private-use area (no font has
it; the renderer uses it for its own markers)."""

BIDI_MARKS = "\u200e\u200f\u061c"
"""LEFT-TO-RIGHT MARK, RIGHT-TO-LEFT MARK, ARABIC LETTER MARK: invisible, and they reorder what is
around them. Legitimate inside right-to-left prose, so they are refused only in names, numbers and
addresses (`identifier_problem`), where the text must read as it is stored."""

_NAMES = {
    "\x85": "NEXT LINE (NEL)",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u061c": "ARABIC LETTER MARK",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}


def describe_char(char: str) -> str:
    """A readable name for a rejected character, e.g. `U+202E RIGHT-TO-LEFT OVERRIDE`.

    Characters without a Unicode name (controls, non-characters, surrogates, private use) are
    named by their kind, e.g. `U+0007 (a control character)`, so the user knows what to look for.
    """
    code = f"U+{ord(char):04X}"
    if char in _NAMES:
        return f"{code} {_NAMES[char]}"
    kind = _kind(char)
    if kind:
        return f"{code} ({kind})"
    return f"{code} {unicodedata.name(char, 'character')}"


def _kind(char: str) -> str | None:
    """The kind of an unnamed character, or None when Unicode gives it a name worth showing."""
    point = ord(char)
    if 0xD800 <= point <= 0xDFFF:
        return "a lone surrogate"
    if 0xE000 <= point <= 0xF8FF:
        return "a private-use character"
    if 0xE0000 <= point <= 0xE007F:
        return "a tag character"
    if point & 0xFFFE == 0xFFFE or 0xFDD0 <= point <= 0xFDEF:
        return "a non-character"
    if unicodedata.category(char) == "Cc":
        return "a control character"
    return None


def check_text(value: str) -> tuple[str, str | None]:
    """Return the NFC form of `value` and a problem description, or None if it is acceptable."""
    bad = _FORBIDDEN.search(value)
    if bad:
        return value, (
            f"contains the invisible character {describe_char(bad.group())} at position "
            f"{bad.start() + 1}; delete it (retype the text if you pasted it)"
        )
    if len(value) > MAX_SCALAR_CHARS:
        return value, (
            f"is {len(value):,} characters long, more than the limit of {MAX_SCALAR_CHARS:,}; "
            "shorten it or split it into several fields"
        )
    return unicodedata.normalize("NFC", value), None


def identifier_problem(value: str) -> str | None:
    """Why `value`, a name, number or address, cannot be used as it is (a bidi mark), or None."""
    for position, char in enumerate(value, 1):
        if char in BIDI_MARKS:
            return (
                f"contains the invisible character {describe_char(char)} at position {position}; delete it "
                "(names, numbers and addresses must read as they are written)"
            )
    return None


_HEADER_FORBIDDEN_CATEGORIES = {"Cc", "Zl", "Zp"}
"""Control characters (CR, LF, TAB, NUL, ...) and the Unicode line and paragraph separators."""


@functools.lru_cache(maxsize=4096)
def header_problem(value: str) -> str | None:
    """Why `value` cannot be put in a mail header, or None when it can.

    Python 3.11.7's email package writes an encoded word such as `=?utf-8?q?Hi=0D=0ABcc=3A_evil?=`
    into a header as a real `Bcc:` line (section 5 of the reference notes on libraries under
    attack), so `=?` is refused along with line breaks and control characters. Cached: the same
    institutions and names recur across thousands of recipients.
    """
    for char in value:
        if char in "\r\n":
            return "contains a line break (CR or LF)"
        if unicodedata.category(char) in _HEADER_FORBIDDEN_CATEGORIES:
            return f"contains the control character U+{ord(char):04X}"
    if "=?" in value:
        return "contains '=?' (an email encoded-word marker)"
    return None
