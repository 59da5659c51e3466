"""What the tests of the bundled campaign in French, German and Spanish share: building its letters
in one language, reading back the DOCX paragraphs that hold the letter's own sentences and the
PDF's text, the check that both say the same, and the case edits (a woman, a second defendant).

The expected phrases stay in each language's test file, written by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import docx
from babel.messages.pofile import read_po

from campaign.app.build import build
from campaign.jobs.job import BuildOptions
from tests.campaign_support import LETTERS, ROOT, copy_campaign, keep_languages
from tests.campaign_support import pdf_text as running_text

DOCUMENTS = (("uk-fs", "appeal"), ("eu-hrvp", "sanctions-brief"), ("un-wgad", "un-communication"))
OWN_STYLES = {"Subject", "Title", "Salutation", "Normal", "List Bullet", "Heading 2", "Heading 3", "Closing"}
"""DOCX paragraph styles that hold the letter's own sentences (not letterhead, address, date, notes)."""
LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")
LETTER = re.compile(r"[^\W\d_]")
QUOTED = re.compile(r"«[^»]*»|„[^“]*“")
"""A quotation: the law's own words, which a brief may give in another language."""


@dataclass(frozen=True)
class Reading:
    """How the letters of one language are read back: its page label and the heading of a brief's
    evidence annex (the sources listed after it keep their own titles)."""

    lang: str
    page_label: str
    """The page footer's label, a regular expression (`Seite \\d+ von \\d+`)."""
    annex: str

    def own_paragraphs(self, path: Path) -> list[str]:
        """The DOCX paragraphs in the styles of the letter's own sentences, up to the evidence annex."""
        paragraphs = []
        for p in docx.Document(str(path)).paragraphs:
            if p.style.name.startswith("Heading") and p.text == self.annex:
                break
            if p.style.name in OWN_STYLES and p.text.strip():
                paragraphs.append(p.text)
        return paragraphs

    def pdf_text(self, path: Path) -> str:
        """The PDF's running text, page footers left out and line-end hyphenation joined."""
        return running_text(path, self.page_label)

    def write(self, folder: Path, lang: str, as_of: dt.date | None = None) -> str:
        """The uk-fs appeal of the campaign in `folder` in `lang`, built as DOCX; its own paragraphs."""
        out = folder / "out"
        options = BuildOptions(
            out=out,
            recipients=("uk-fs",),
            documents=("appeal",),
            languages=(lang,),
            formats=("docx",),
            jobs=1,
            as_of=as_of,
        )
        result = build(folder, options)
        assert not result.failed, [o.error for o in result.failed]
        return "\n".join(self.own_paragraphs(out / "uk-fs" / f"appeal.{lang}.docx"))


def squeezed(text: str) -> str:
    """Text without white space, soft hyphens and list bullets: PDF lines break where they like."""
    return re.sub(r"[\s\u00a0\u202f\u00ad•]+", "", text)


def english_pieces() -> list[str]:
    """Phrases of the English source messages, between their placeholders."""
    with (LETTERS / "locale" / "letters.pot").open("rb") as handle:
        template = read_po(handle)
    pieces = []
    for message in template:
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in re.split(r"%\(\w+\)[sd]", text or ""):
                piece = piece.strip(" .,:;“”()")
                if len(piece) >= 12 and " " in piece:
                    pieces.append(piece)
    return pieces


def build_letters(out: Path, lang: str, recipients: tuple[str, ...]) -> Path:
    """Every document of `recipients` of the bundled campaign in `lang`, PDF and DOCX, into `out`."""
    options = BuildOptions(out=out, recipients=recipients, languages=(lang,), formats=("pdf", "docx"), jobs=2)
    result = build(ROOT, options)
    assert not result.failed, [o.error for o in result.failed]
    return out


def assert_pdf_carries_the_docx_sentences(built: Path, reading: Reading, recipient: str, document: str) -> None:
    """Each of the DOCX's own paragraphs is in the PDF: the two formats say the same."""
    pdf = squeezed(reading.pdf_text(built / recipient / f"{document}.{reading.lang}.pdf"))
    for paragraph in reading.own_paragraphs(built / recipient / f"{document}.{reading.lang}.docx"):
        assert squeezed(paragraph) in pdf, paragraph[:80]


def with_case(tmp_path: Path, change: str) -> Path:
    folder = copy_campaign(tmp_path / "campaign")
    case = folder / "cases" / "askar-kaiyrbek.yaml"
    text = case.read_text("utf-8")
    if change == "female":
        assert "    gender: male\n" in text
        text = text.replace("    gender: male\n", "    gender: female\n", 1)
    else:
        text = add_second_defendant(text)
        keep_languages(folder, ["en", "ru", "kk", "fr", "de", "es"])  # the scripts the second defendant has
    case.write_text(text, "utf-8")
    return folder


def add_second_defendant(text: str) -> str:
    """A second defendant, a woman, convicted with him at first instance and held since."""
    second = """  - id: aigul-test
    gender: female
    name:
      latin: Aigul Test
      native: {ru: Айгуль Тест, kk: Айгүл Тест}
      forms: {fr: {genitive: "d'Aigul Test"}}
    role: {en: civic activist, ru: активистка, kk: белсенді, fr: militante, de: Aktivistin, es: activista}
    custody:
      - {status: imprisoned, since: 2021-06-21, src: [statement]}
    charges:
      - id: art-405-aigul
        law: {en: Criminal Code, ru: Уголовный кодекс, kk: Қылмыстық кодекс, fr: Code pénal,
              de: Strafgesetzbuch, es: Código Penal}
        provision: {number: "405", parts: ["2"]}
        src: [statement]
    src: [statement]

"""
    text = text.replace("\norganisations:\n", "\n" + second + "organisations:\n", 1)
    outcome = "    outcomes:\n      - defendant: askar-kaiyrbek\n        decision: convicted\n"
    assert outcome in text
    return text.replace(
        outcome,
        "    outcomes:\n      - defendant: aigul-test\n        decision: convicted\n        sentences:\n"
        '          - {kind: imprisonment, duration: {years: "1"}}\n'
        "      - defendant: askar-kaiyrbek\n        decision: convicted\n",
        1,
    )
