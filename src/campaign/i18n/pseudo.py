"""The pseudo-locale `xx`: every message visibly translated, accented and about a third longer.

Rendering a letter in `xx` proves that its text goes through the catalog: catalog text appears as
`⁅Ðééáár Mííníístéér⁆`, so any plain English left outside the markers that does not come from the
case data is a literal that bypasses gettext; the extra length shows where layouts overflow, as
German and Russian will. The catalog is generated from the template catalog every time it is
loaded and is never written to the repository, so it cannot go stale.

Placeholders (`%(name)s`, `%d`, `%%`), web addresses, Markdown link targets and HTML entities
are kept byte for byte; a Markdown block prefix (`# `, `- `, `1. `, `> `) stays in front of the
opening marker so headings and list items keep their meaning.
"""

from __future__ import annotations

import math
import re

from babel.messages.catalog import Catalog

PSEUDO_LANG = "xx"
OPEN = "⁅"
CLOSE = "⁆"
GROWTH = 0.3
"""How much longer the pseudo text is than the source, at least."""
PAD = "·"

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ",
)
_VOWELS = set("aeiouyAEIOUY")
_KEEP = re.compile(
    r"%\(\w*\)[a-zA-Z]?"  # named placeholders, even malformed ones
    r"|%[sd%]"  # positional placeholders and the literal percent
    r"|https?://[^\s)\]>]+"  # web addresses
    r"|\]\([^)]*\)"  # Markdown link targets
    r"|&#?\w+;"  # HTML entities
)
_BLOCK_PREFIX = re.compile(r"^(?:\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?))*")


def pseudo_text(text: str) -> str:
    """`Dear %(name)s` → `⁅Ðééáár %(name)s···⁆`: accented, lengthened, placeholders untouched."""
    prefix = _BLOCK_PREFIX.match(text)
    head = prefix.group(0) if prefix else ""
    body = text[len(head) :]
    stripped = body.rstrip()
    tail = body[len(stripped) :]
    converted = _convert(stripped)
    wanted = math.ceil(len(stripped) * (1 + GROWTH))
    converted += PAD * max(0, wanted - len(converted))
    return f"{head}{OPEN}{converted}{CLOSE}{tail}"


def _convert(text: str) -> str:
    """Accent and double the vowels of everything but the protected spans."""
    out: list[str] = []
    pos = 0
    for match in _KEEP.finditer(text):
        out.append(_accent(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_accent(text[pos:]))
    return "".join(out)


def _accent(text: str) -> str:
    return "".join(char.translate(_ACCENTED) * (2 if char in _VOWELS else 1) for char in text)


def pseudo_catalog(template: Catalog) -> Catalog:
    """A complete `xx` catalog for every message of `template`, with English plural rules."""
    catalog = Catalog(domain=template.domain, project=template.project, fuzzy=False)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            singular, plural = str(message.id[0]), str(message.id[1])
            catalog.add((singular, plural), (pseudo_text(singular), pseudo_text(plural)), context=message.context)
        else:
            catalog.add(message.id, pseudo_text(str(message.id)), context=message.context)
    return catalog
