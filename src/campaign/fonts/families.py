"""The PDF's font families: which bundled Noto cut sets which scripts, and in what order a document asks for them.

Every family is a subset of a Noto family (SIL Open Font License 1.1, `LICENSE-Noto.txt`) shipped in
this folder and made by `python -m campaign.fonts.subset`; each is renamed ("Campaign ...") so a
Noto font installed on the machine can never be mistaken for ours. The PDF writer names only these
families (`fonts.css`), in the order `font_stack` gives for each document; the DOCX writer names
the Noto families they come from (`Family.source`), which Word or LibreOffice find if installed.

Scripts are ISO 15924 codes, as `campaign.document.scripts` finds them in a document's text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.core import get_global
from fontTools.ttLib import TTFont

FONTS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Family:
    """One bundled family: its CSS name, the Noto family it is cut from, its scripts and faces."""

    name: str
    """The family name inside the font files and in `fonts.css` (what the PDF embeds)."""
    source: str
    """The Noto family it is cut from; the DOCX names it (a word processor finds it if installed)."""
    scripts: frozenset[str]
    """The ISO 15924 scripts this family sets (the scripts of a language written in it, too)."""
    faces: tuple[str, ...]
    """File names in this folder, regular first (then bold, italic, bold italic where the family has them)."""
    supplement: Family | None = None
    """A family holding the rarer characters of the same scripts, asked for right after this one.

    Only the CJK set has one: cut whole it is one 8.7 MB file, so its rarer ideographs are a family of their own.
    """

    @property
    def regular(self) -> Path:
        """The regular face: every face of a family covers the same characters."""
        return FONTS_DIR / self.faces[0]


SERIF = Family(
    "Campaign Serif",
    "Noto Serif",
    frozenset({"Latn", "Cyrl", "Grek"}),
    (
        "CampaignSerif-Regular.ttf",
        "CampaignSerif-Bold.ttf",
        "CampaignSerif-Italic.ttf",
        "CampaignSerif-BoldItalic.ttf",
    ),
)
ARABIC = Family(
    "Campaign Naskh Arabic",
    "Noto Naskh Arabic",
    frozenset({"Arab"}),
    ("CampaignNaskhArabic-Regular.ttf", "CampaignNaskhArabic-Bold.ttf"),
)
HEBREW = Family(
    "Campaign Serif Hebrew",
    "Noto Serif Hebrew",
    frozenset({"Hebr"}),
    ("CampaignSerifHebrew-Regular.ttf", "CampaignSerifHebrew-Bold.ttf"),
)
ARMENIAN = Family(
    "Campaign Serif Armenian",
    "Noto Serif Armenian",
    frozenset({"Armn"}),
    ("CampaignSerifArmenian-Regular.ttf", "CampaignSerifArmenian-Bold.ttf"),
)
GEORGIAN = Family(
    "Campaign Serif Georgian",
    "Noto Serif Georgian",
    frozenset({"Geor"}),
    ("CampaignSerifGeorgian-Regular.ttf", "CampaignSerifGeorgian-Bold.ttf"),
)
CJK_SUPPLEMENT = Family(
    "Campaign Serif CJK Supplement",
    "Noto Serif CJK SC",
    frozenset(),  # never a script's own family: asked for only as the supplement of `CJK`
    ("CampaignSerifCJKSupplement-Regular.ttf",),
)
CJK = Family(
    "Campaign Serif CJK",
    "Noto Serif CJK SC",
    # Han as simplified/traditional (Hans/Hant), Japanese (Jpan: Han + kana), Korean (Kore: Hangul + Han)
    frozenset({"Hani", "Hans", "Hant", "Hira", "Kana", "Jpan", "Hang", "Kore", "Bopo"}),
    ("CampaignSerifCJK-Regular.ttf",),
    supplement=CJK_SUPPLEMENT,
)

FAMILIES = (SERIF, ARABIC, HEBREW, ARMENIAN, GEORGIAN, CJK, CJK_SUPPLEMENT)
"""Every bundled family; `SERIF` first: it sets the digits and punctuation every script shares."""

COMPLEX_SCRIPTS = frozenset({"Arab", "Hebr"})
"""Scripts Word sets in the complex-script font slot (`w:cs`), written right to left."""
EAST_ASIAN_SCRIPTS = CJK.scripts
"""Scripts Word sets in the East Asian font slot (`w:eastAsia`)."""


@functools.cache
def family_characters(family: Family) -> frozenset[int]:
    """The code points `family`'s faces have (read from its regular face's character map)."""
    font = TTFont(family.regular, lazy=True)
    points = frozenset(font.getBestCmap() or {})
    font.close()
    return points


def family_of_script(script: str) -> Family | None:
    """The bundled family that sets `script`, or None (no bundled font has it)."""
    for family in FAMILIES:
        if script in family.scripts:
            return family
    return None


@functools.cache
def language_script(language: str) -> str:
    """The script a BCP 47 tag is written in: its own script subtag, else CLDR's likely one (`fa` -> `Arab`).

    `zh-Hant-TW` -> `Hant`, `zh-TW` -> `Hant`, `ja` -> `Jpan`, `en-GB` -> `Latn`; `Latn` when CLDR
    does not know the language.
    """
    parts = language.replace("_", "-").split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    likely = get_global("likely_subtags")
    lang = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    for key in ([f"{lang}_{region}"] if region else []) + [lang]:
        if key in likely:
            found = str(likely[key]).split("_")
            if len(found) > 1 and len(found[1]) == 4:
                return found[1]
    return "Latn"


def font_stack(language: str, scripts: Iterable[str]) -> tuple[Family, ...]:
    """The families a document asks for, in order: its language's first, then those of the other
    scripts its text uses (in `scripts`' order), then `SERIF` for the digits and punctuation; a
    family's supplement comes right after it.

    A character is set in the first family of the stack that has it, so the language's own
    family sets the shared characters (Persian text gets the Naskh's punctuation).
    """
    stack: list[Family] = []
    for script in (language_script(language), *scripts):
        family = family_of_script(script)
        if family is not None and family not in stack:
            stack.append(family)
            if family.supplement is not None:
                stack.append(family.supplement)
    if SERIF not in stack:
        stack.append(SERIF)
    return tuple(stack)
