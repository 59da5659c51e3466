"""Helpers shared by the end-to-end tests: where the bundled campaign is, and private copies of it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
"""The repository root, which is also the bundled example campaign."""

CAMPAIGN_PARTS = ("campaign.yaml", "recipients.yaml", "cases", "evidence")
LETTERS = ROOT / "src" / "campaign" / "letters"
"""The standard letters the bundled campaign writes with (it has no letters/ of its own)."""


REFERENCE = r"[\w.-]+/[\w.-]+/[\w.-]+/\d{4}-\d{2}-\d{2}"
"""A document's reference as its page footer prints it: `case/kind/recipient/date`, made of ids."""
ENGLISH_PAGE_LABEL = r"Page \d+ of \d+"
LINE_END_HYPHENS = ("\u2010\n", "\u00ad\n")
"""A word hyphenated at a line's end: the PDF draws U+2010 (WeasyPrint's hyphenation character);
a soft hyphen may come out of other PDF makers (LibreOffice)."""


def pdf_text(path: Path, page_label: str = ENGLISH_PAGE_LABEL) -> str:
    """The PDF's running text with the page layout folded away, as one line: the page footer
    (the document's reference and the page label, the regular expression `page_label`) left out
    of every page, a word hyphenated at a line's end joined again ("viola‐" + "tions"), a line
    broken after a hard hyphen joined with its hyphen ("Abd El-" + "Fattah"), soft hyphens
    dropped, and every other run of whitespace one space."""
    footer = re.compile(rf"\s*(?:{REFERENCE})?\s*(?:{page_label})?\s*")
    pages = []
    for page in PdfReader(path).pages:
        lines = (page.extract_text() or "").splitlines()
        while lines and footer.fullmatch(lines[-1]):
            lines.pop()
        pages.append("\n".join(lines))
    text = "\n".join(pages)
    for hyphen in LINE_END_HYPHENS:
        text = text.replace(hyphen, "")
    text = text.replace("\u00ad", "").replace("-\n", "-")
    return " ".join(text.split())


def copy_campaign(target: Path) -> Path:
    """A private copy of the bundled campaign that a test may change, with the standard letters
    copied into its own letters/ so the test can change those too."""
    target.mkdir(parents=True, exist_ok=True)
    for part in CAMPAIGN_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        else:
            shutil.copy2(source, target / part)
    shutil.copytree(LETTERS, target / "letters", ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    return target


def keep_languages(folder: Path, languages: list[str]) -> None:
    """Declare only `languages` in the campaign at `folder`: texts a test adds (an invented second
    defendant) need not be written in every script of the bundled campaign."""
    settings = folder / "campaign.yaml"
    text = settings.read_text("utf-8")
    lines = [line for line in text.splitlines() if line.startswith("languages: [")]
    assert len(lines) == 1, "campaign.yaml declares its languages on one line"
    settings.write_text(text.replace(lines[0], f"languages: [{', '.join(languages)}]"), "utf-8")
