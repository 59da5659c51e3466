"""Messages that Python code translates, declared where the catalog tools can find them.

Templates are scanned for `_()` calls; code is not. Each message a module translates itself is
listed here as a `SourceMessage`, and `extract_messages` adds them all to the template catalog,
so translators see them and `campaign i18n status` checks them like any other. The renderer's
frame messages are declared here too (render depends on i18n, not the other way round); a
package may also pass its own as `extra`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceMessage:
    """A message that Python code translates."""

    id: str | tuple[str, str]
    """The msgid, or (singular, plural) for an ngettext message."""
    location: str
    """The module that uses it, shown to translators, e.g. `campaign/i18n/formatting.py`."""
    comment: str = ""
    """What the translator needs to know (what the placeholders hold)."""


YEARS = ("%(num)d year", "%(num)d years")
MONTHS = ("%(num)d month", "%(num)d months")
YEARS_AND_MONTHS = "%(years)s and %(months)s"

_FORMATTING = "campaign/i18n/formatting.py"
DURATION_MESSAGES = (
    SourceMessage(YEARS, _FORMATTING, "A length of time in years, e.g. a prison sentence."),
    SourceMessage(MONTHS, _FORMATTING, "A length of time in months, e.g. a prison sentence."),
    SourceMessage(
        YEARS_AND_MONTHS,
        _FORMATTING,
        "Joins years and months: '2 years and 2 months'. Leave the conjunction out where the "
        "language does ('%(years)s %(months)s').",
    ),
)
"""The messages `campaign.i18n.formatting.format_duration` uses."""

SOURCES = "Sources"
PAGE_LABEL = "Page %(page)s of %(pages)s"
FRAME_MESSAGES = (SOURCES, PAGE_LABEL)
"""What the letter frame (campaign.render.compose) shows itself: the notes heading, the page label."""

_COMPOSE = "campaign/render/compose.py"
CODE_MESSAGES = (
    *DURATION_MESSAGES,
    SourceMessage(SOURCES, _COMPOSE, "Heading of the footnotes that list a letter's sources."),
    SourceMessage(PAGE_LABEL, _COMPOSE, "Page footer, e.g. 'Page 2 of 3'."),
)
"""Every message Python code translates; `extract_messages` always adds them."""
