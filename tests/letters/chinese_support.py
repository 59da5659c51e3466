"""What the Chinese letter tests share: building the bundled campaign (or a changed copy of it) in
zh-Hans or zh-Hant and reading the PDF and DOCX back as Chinese text.

Chinese is written without spaces and the PDF wraps lines anywhere, so the text read back is
compared with every run of white space removed (`solid`); the expected sentences are written
without spaces too. The letter's own words are what lies between the salutation and the list of
sources: the letterhead, the address block and the sources' titles are data in other scripts.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx

from campaign.app.build import build
from campaign.jobs.job import BuildOptions
from tests.campaign_support import ROOT, copy_campaign
from tests.campaign_support import pdf_text as running_text
from tests.letters.language_support import BUILT, CYRILLIC, LATIN

DOCUMENTS = BUILT
"""The documents read back: the same as in the Cyrillic languages' tests."""
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CASE = Path("cases") / "askar-kaiyrbek.yaml"
PAGE_LABEL = r"第\s*\d+\s*[页頁]\s*，\s*共\s*\d+\s*[页頁]"
"""The page label of both Chinese catalogs, simplified and traditional."""


def solid(text: str) -> str:
    """The text without any white space (line breaks of the PDF included)."""
    return re.sub(r"[\s\u00a0\u202f\u3000]+", "", text)


def pdf_text(path: Path) -> str:
    """The PDF's running text, page footers left out."""
    return running_text(path, PAGE_LABEL)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def build_letters(
    folder: Path,
    out: Path,
    lang: str,
    *,
    recipients: tuple[str, ...],
    documents: tuple[str, ...],
    as_of: str = "",
    jobs: int = 1,
    formats: tuple[str, ...] = ("pdf", "docx"),
) -> Path:
    """Build `documents` for `recipients` in `lang` and return the output folder."""
    options = BuildOptions(
        out=out,
        recipients=recipients,
        documents=documents,
        languages=(lang,),
        formats=formats,
        jobs=jobs,
        as_of=dt.date.fromisoformat(as_of) if as_of else None,
    )
    result = build(folder, options)
    assert not result.failed, [o.error for o in result.failed]
    return out


def build_bundled(out: Path, lang: str) -> Path:
    return build_letters(
        ROOT,
        out,
        lang,
        recipients=("uk-fs", "eu-hrvp", "un-wgad"),
        documents=("appeal", "sanctions-brief", "un-communication"),
        jobs=2,
    )


def body(text: str, salutation: str, sources: str) -> str:
    """The letter's own words: from the salutation to the heading of the sources."""
    flat = solid(text)
    start = flat.index(solid(salutation))
    end = flat.rindex(solid(sources))
    return flat[start:end]


QUOTED_FOREIGN = re.compile(r"[“「][^“”「」\u4e00-\u9fff]*[”」]")
"""A quotation with no Han character in it: an official text quoted in its authentic language."""


def han_share(text: str) -> float:
    """Han characters among the letters (Han, Latin, Cyrillic) of `text`, leaving out quotations
    of official texts in another language (the brief quotes the EU's criteria in English)."""
    text = QUOTED_FOREIGN.sub("", text)
    han = len(HAN.findall(text))
    others = len(LATIN.findall(text)) + len(CYRILLIC.findall(text))
    return han / (han + others)


def changed_copy(target: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of the bundled campaign whose case file has each (old, new) replaced once."""
    folder = copy_campaign(target)
    case = folder / CASE
    text = case.read_text("utf-8")
    for old, new in replacements:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    case.write_text(text, "utf-8")
    return folder


FEMALE = ("  - id: askar-kaiyrbek\n    gender: male\n", "  - id: askar-kaiyrbek\n    gender: female\n")
UNKNOWN = ("  - id: askar-kaiyrbek\n    gender: male\n", "  - id: askar-kaiyrbek\n    gender: unknown\n")
IN_ABSENTIA = ("    stage: first-instance\n", "    stage: first-instance\n    in_absentia: true\n")

SECOND_DEFENDANT = (
    "\norganisations:\n",
    """  - id: second-defendant
    gender: {gender}
    name:
      latin: Aigerim Bekova
      native: {{kk: Әйгерім Бекова, ru: Айгерим Бекова, zh-Hans: 艾格丽姆·别科娃, zh-Hant: 艾格麗姆·別科娃}}
    role:
      en: activist
      ru: активистка
      kk: белсенді
      fr: militante
      de: Aktivistin
      es: activista
      zh-Hans: 活动人士
      zh-Hant: 社運人士
    custody:
      - {{status: imprisoned, since: 2021-06-21, src: [statement]}}
    src: [statement]

organisations:
""",
)
SECOND_DEFENDANT_LANGUAGES = ["en", "ru", "kk", "fr", "de", "es", "zh-Hans", "zh-Hant"]
"""The languages the invented second defendant has a name and a role in (the Latin name serves en, fr,
de and es): the copy of the campaign declares only these (`keep_languages`)."""
FIRST_INSTANCE_END = "    src: [statement, azattyq-verdicts]\n  - id: appeal\n"
"""Where the first-instance proceeding's outcomes end in the bundled case file."""


def second_defendant(gender: str) -> tuple[tuple[str, str], ...]:
    """Replacements that add a second defendant, convicted with the same sentence at first instance:
    the lead's first-instance outcome is copied from the case file, so the two sentences are equal
    whatever the file's texts say in each language."""
    text = (ROOT / CASE).read_text("utf-8")
    start = text.index("    outcomes:\n      - defendant: askar-kaiyrbek\n") + len("    outcomes:\n")
    outcome = text[start : text.index(FIRST_INSTANCE_END, start)]
    outcome = outcome.replace("defendant: askar-kaiyrbek", "defendant: second-defendant", 1)
    old, new = SECOND_DEFENDANT
    return ((old, new.format(gender=gender)), (FIRST_INSTANCE_END, outcome + FIRST_INSTANCE_END))
