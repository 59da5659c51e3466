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

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
IN_MONTH = tuple(f"in {month} %(year)s" for month in MONTH_NAMES)
"""'in May 2024': one message per month, so each language can put the month in the case it needs."""
SINCE_MONTH = tuple(f"since {month} %(year)s" for month in MONTH_NAMES)
ON_DAY = "on %(date)s"
SINCE_DAY = "since %(date)s"
IN_YEAR = "in %(year)s"
SINCE_YEAR = "since %(year)s"
AROUND = "around %(date)s"
SINCE_AROUND = "since around %(date)s"
EARLY = "in early %(date)s"
MID = "in mid-%(date)s"
LATE = "in late %(date)s"
SINCE_EARLY = "since early %(date)s"
SINCE_MID = "since mid-%(date)s"
SINCE_LATE = "since late %(date)s"
EARLY_ALONE = "early %(date)s"
MID_ALONE = "mid-%(date)s"
LATE_ALONE = "late %(date)s"
BETWEEN = "between %(start)s and %(end)s"
IN_PERIOD = "in %(dates)s"
SINCE_PERIOD = "since some time in %(dates)s"
SINCE_BETWEEN = "since some time between %(start)s and %(end)s"
ON_UNKNOWN = "on a date that is not known"
SINCE_UNKNOWN = "since a date that is not known"
APPROXIMATE_DATE = "about %(date)s"
UNKNOWN_DATE = "date not known"

_DATE_COMMENT = (
    "A date phrase inside a sentence. %(date)s is the date as the locale writes it on its own (e.g. "
    "'30 November 2023', or a month: 'November 2023'); %(date_of)s is the same in the form used "
    "inside a phrase where the language declines month names (Russian 'ноября 2023 г.'). Use either."
)
DATE_MESSAGES = (
    *(SourceMessage(m, _FORMATTING, "A month and year inside a sentence: 'in May 2024'.") for m in IN_MONTH),
    *(SourceMessage(m, _FORMATTING, "Since a month: 'since May 2024'.") for m in SINCE_MONTH),
    SourceMessage(ON_DAY, _FORMATTING, "A day inside a sentence: 'on 2 September 2021'. " + _DATE_COMMENT),
    SourceMessage(SINCE_DAY, _FORMATTING, _DATE_COMMENT),
    SourceMessage(IN_YEAR, _FORMATTING, "A year inside a sentence: 'in 2020'."),
    SourceMessage(SINCE_YEAR, _FORMATTING, "Since a year: 'since 2020'."),
    SourceMessage(AROUND, _FORMATTING, "An approximate date. " + _DATE_COMMENT),
    SourceMessage(SINCE_AROUND, _FORMATTING, _DATE_COMMENT),
    SourceMessage(EARLY, _FORMATTING, "The beginning of a month or year. " + _DATE_COMMENT),
    SourceMessage(MID, _FORMATTING, "The middle of a month or year. " + _DATE_COMMENT),
    SourceMessage(LATE, _FORMATTING, "The end of a month or year. " + _DATE_COMMENT),
    SourceMessage(SINCE_EARLY, _FORMATTING, _DATE_COMMENT),
    SourceMessage(SINCE_MID, _FORMATTING, _DATE_COMMENT),
    SourceMessage(SINCE_LATE, _FORMATTING, _DATE_COMMENT),
    SourceMessage(
        EARLY_ALONE, _FORMATTING, "The beginning of a month or year, on its own (a table cell). " + _DATE_COMMENT
    ),
    SourceMessage(MID_ALONE, _FORMATTING, "The middle of a month or year, on its own. " + _DATE_COMMENT),
    SourceMessage(LATE_ALONE, _FORMATTING, "The end of a month or year, on its own. " + _DATE_COMMENT),
    SourceMessage(BETWEEN, _FORMATTING, "A range of dates; %(start)s and %(end)s are dates written on their own."),
    SourceMessage(SINCE_BETWEEN, _FORMATTING, "Since a time within a range of dates."),
    SourceMessage(IN_PERIOD, _FORMATTING, "A span of months inside a sentence: 'in September–December 2020'."),
    SourceMessage(SINCE_PERIOD, _FORMATTING, "Since a day within a span: 'since some time in 22–23 September 2025'."),
    SourceMessage(ON_UNKNOWN, _FORMATTING, "A date the sources do not give, inside a sentence."),
    SourceMessage(SINCE_UNKNOWN, _FORMATTING, "Since a date the sources do not give."),
    SourceMessage(APPROXIMATE_DATE, _FORMATTING, "An approximate date on its own, e.g. in a table. " + _DATE_COMMENT),
    SourceMessage(UNKNOWN_DATE, _FORMATTING, "A table cell for a date the sources do not give."),
)
"""The messages `campaign.i18n.formatting.format_when` uses to say a date of any precision."""

SENTENCE: dict[str, str | tuple[str, str]] = {
    "imprisonment": "%(duration)s of imprisonment",
    "imprisonment-regime": "%(duration)s of imprisonment in a %(regime)s",
    "life": "life imprisonment",
    "death": "death",
    "fine": "a fine of %(amount)s",
    "ban": "a ban on %(banned)s for %(duration)s",
    "restriction-of-freedom": "%(duration)s of restriction of freedom",
    "suspended": "a suspended sentence of %(duration)s",
    "probation": "%(duration)s of probation",
    "travel-ban": "a travel ban for %(duration)s",
    "forced-labour": "%(duration)s of forced labour",
    "lashes": ("%(num)d lash", "%(num)d lashes"),
}
"""One penalty, as it continues 'sentenced X to ...'; several are joined as a list."""
PROVISION = {
    "article": "Article %(number)s",
    "section": "Section %(number)s",
    "paragraph": "Paragraph %(number)s",
    "rule": "Rule %(number)s",
}
PROVISION_PARTS = {
    "article": ("Article %(number)s, part %(parts)s", "Article %(number)s, parts %(parts)s"),
    "section": ("Section %(number)s, subsection %(parts)s", "Section %(number)s, subsections %(parts)s"),
    "paragraph": ("Paragraph %(number)s, point %(parts)s", "Paragraph %(number)s, points %(parts)s"),
    "rule": ("Rule %(number)s, paragraph %(parts)s", "Rule %(number)s, paragraphs %(parts)s"),
}
_PHRASES = "campaign/i18n/phrases.py"
PHRASE_MESSAGES = (
    *(
        SourceMessage(
            message,
            _PHRASES,
            "A penalty, as it continues 'the court sentenced X to ...'. %(duration)s is a length of time "
            "('2 years and 2 months'), %(amount)s an amount of money, %(regime)s a kind of prison "
            "('high-security penal colony'), %(banned)s an activity ('public and political activity').",
        )
        for message in SENTENCE.values()
    ),
    *(
        SourceMessage(
            m, _PHRASES, "Where in a law an offence stands; %(number)s is as the law writes it ('405', '286 bis')."
        )
        for m in PROVISION.values()
    ),
    *(
        SourceMessage(m, _PHRASES, "A provision with its parts; %(parts)s is a list ('1 and 2').")
        for m in PROVISION_PARTS.values()
    ),
)
"""The messages `campaign.i18n.phrases` uses."""

VERDICT_PART = "%(names)s to %(sentence)s"
"""One defendant's sentence within a verdict that gave several."""
AND_OTHERS = ("%(name)s and %(num)d other", "%(name)s and %(num)d others")
"""A subject line naming the first of many defendants."""
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
"""Numbers under ten written out, as the style of most languages wants in running text."""
BODY_NAMES = {
    "OSCE": "Organization for Security and Co-operation in Europe",
    "COE": "Council of Europe",
    "OAS": "Organization of American States",
    "AU": "African Union",
    "ASEAN": "Association of Southeast Asian Nations",
    "OIC": "Organisation of Islamic Cooperation",
    "ICC": "International Criminal Court",
}
"""Names of the bodies CLDR does not name (it names the EU and the UN)."""
_CONTEXT = "campaign/render/context.py"
WORD_MESSAGES = (
    *(
        SourceMessage(word, _CONTEXT, "A number written out, counting people or officials ('three officials').")
        for word in NUMBER_WORDS
    ),
    SourceMessage(AND_OTHERS, _CONTEXT, "The first of several defendants and how many more, e.g. in a subject line."),
    SourceMessage(
        VERDICT_PART,
        _CONTEXT,
        "One defendant's part of a verdict, in '... the court sentenced A to 10 years and B to 7 years'. "
        "%(names)s may be written %(names_of)s for the genitive.",
    ),
    *(SourceMessage(name, _CONTEXT, "The official name of an intergovernmental body.") for name in BODY_NAMES.values()),
)

SOURCES = "Sources"
PAGE_LABEL = "Page %(page)s of %(pages)s"
WITHHELD_SOURCE = "A source whose identity is withheld for its protection; on file with %(organisation)s."
EXHIBIT = "Exhibit %(number)s"
FRAME_MESSAGES = (SOURCES, PAGE_LABEL, WITHHELD_SOURCE, EXHIBIT)
"""What the letter frame (campaign.render.compose) shows itself: the notes heading, the page label."""

_COMPOSE = "campaign/render/compose.py"
CODE_MESSAGES = (
    *DURATION_MESSAGES,
    *DATE_MESSAGES,
    *PHRASE_MESSAGES,
    *WORD_MESSAGES,
    SourceMessage(SOURCES, _COMPOSE, "Heading of the footnotes that list a letter's sources."),
    SourceMessage(PAGE_LABEL, _COMPOSE, "Page footer, e.g. 'Page 2 of 3'."),
    SourceMessage(EXHIBIT, _COMPOSE, "A source as numbered in a brief's evidence annex, e.g. 'Exhibit 3'."),
    SourceMessage(
        WITHHELD_SOURCE,
        _COMPOSE,
        "A footnote in the public version of a document, in place of a protected source (a witness, a relative).",
    ),
)
"""Every message Python code translates; `extract_messages` always adds them."""
