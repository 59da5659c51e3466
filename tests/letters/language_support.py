"""What the tests of the bundled campaign in Russian, Kazakh, Ukrainian and Belarusian share:
building its letters in one language, reading the PDF and DOCX back, the checks every Cyrillic
language passes, and the edits of the case file (a woman, a person of unknown gender, a second
defendant, a death) their tests make.

The expected phrases stay in each language's test file, written by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import docx

from campaign.app.build import build
from campaign.jobs.job import BuildOptions
from tests.campaign_support import ROOT
from tests.campaign_support import pdf_text as running_text

BUILT = (
    ("uk-fs", "appeal"),
    ("eu-hrvp", "appeal"),
    ("eu-hrvp", "sanctions-brief"),
    ("un-wgad", "un-communication"),
)
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
LETTER = re.compile(r"[^\W\d_]")
QUOTED_FOREIGN = re.compile(r"«[^«»\u0400-\u04FF]*»")
"""A law quoted in its official language (no text exists in the letter's): cited as published, not ours."""


def flat(text: str) -> str:
    """One space for every run of white space; a compound word broken after its hyphen made whole."""
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text.replace("\u00ad", ""))
    return re.sub(r"(?<=\w)- (?=\w)", "-", text).strip()


def docx_paragraphs(path: Path) -> list[str]:
    return [flat(p.text) for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return flat(" ".join([p.text for p in document.paragraphs] + cells))


def squeezed(text: str) -> str:
    """Text without white space, digits (note calls) and list bullets, to compare PDF and DOCX."""
    return re.sub(r"[\s\d•]+", "", text)


@dataclass(frozen=True)
class Reading:
    """How the letters of one language are read back: its page label, date line and headings."""

    lang: str
    page_label: str
    """The page footer's label, a regular expression (`Страница \\d+ из \\d+`)."""
    date_line: str
    notes_heading: str
    annex: str
    closings: tuple[str, ...] = ()
    """The closing formulas of a letter ("З повагою"), where `body` stops."""

    def pdf_text(self, path: Path) -> str:
        """The PDF's running text, page footers left out and line-end hyphenation joined."""
        return flat(running_text(path, self.page_label))

    def own_words(self, text: str) -> str:
        """The letter's own sentences: from the date line to the evidence annex of a brief (its
        exhibits are sources' titles as published) or the heading of the sources' notes, without the
        laws quoted in another language."""
        start = text.index(self.date_line) + len(self.date_line)
        annex = text.find(self.annex, start)
        end = annex if annex > 0 else text.rindex(self.notes_heading)
        return QUOTED_FOREIGN.sub(" ", text[start:end])

    def body(self, text: str) -> str:
        """The document's own words: after the date line, up to the closing of a letter or the
        evidence annex of a brief (no address, no notes, no list of exhibits)."""
        start = text.index(self.date_line) + len(self.date_line)
        ends = [text.find(last, start) for last in (*self.closings, self.annex)]
        return text[start : min(end for end in ends if end > 0)]


def cyrillic_share(text: str) -> float:
    """Cyrillic letters among the Cyrillic and Latin ones."""
    cyrillic, latin = len(CYRILLIC.findall(text)), len(LATIN.findall(text))
    return cyrillic / (cyrillic + latin)


def build_letters(out: Path, lang: str) -> Path:
    """The documents of `BUILT` of the bundled campaign in `lang`, PDF and DOCX, into `out`."""
    options = BuildOptions(
        out=out,
        recipients=("uk-fs", "eu-hrvp", "un-wgad"),
        documents=("appeal", "sanctions-brief", "un-communication"),
        languages=(lang,),
        formats=("pdf", "docx"),
        jobs=2,
    )
    result = build(ROOT, options)
    assert not result.failed, [o.error for o in result.failed]
    return out


def assert_written_in_cyrillic(built: Path, reading: Reading, recipient: str, document: str) -> None:
    """The document's own words are Cyrillic (three letters in four at least), in both formats."""
    pdf = built / recipient / f"{document}.{reading.lang}.pdf"
    assert (built / recipient / f"{document}.{reading.lang}.docx").is_file()
    body = reading.own_words(reading.pdf_text(pdf))
    letters = LETTER.findall(body)
    cyrillic = CYRILLIC.findall(body)
    assert len(letters) > 500
    assert len(cyrillic) / len(letters) >= 0.75, (len(cyrillic), len(letters))


def assert_docx_paragraphs_in_pdf(built: Path, reading: Reading, recipient: str, document: str) -> None:
    """Every long Cyrillic paragraph of the DOCX is in the PDF: the two formats say the same."""
    pdf = squeezed(reading.pdf_text(built / recipient / f"{document}.{reading.lang}.pdf"))
    paragraphs = [p for p in docx_paragraphs(built / recipient / f"{document}.{reading.lang}.docx") if len(p) > 40]
    assert len(paragraphs) > 10
    missing = [p for p in paragraphs if CYRILLIC.search(p) and squeezed(p) not in pdf]
    assert not missing, missing[:3]


def assert_docx_sentences_in_pdf(built: Path, reading: Reading, recipient: str, document: str) -> None:
    """Every sentence of the DOCX's own words (between the date line and the closing or the annex)
    is in the PDF, as written."""
    pdf = reading.pdf_text(built / recipient / f"{document}.{reading.lang}.pdf")
    paragraphs = docx_paragraphs(built / recipient / f"{document}.{reading.lang}.docx")
    start = paragraphs.index(reading.date_line)
    end = next(i for i, p in enumerate(paragraphs) if p in (*reading.closings, reading.annex))
    sentences = [p for p in paragraphs[start + 1 : end] if len(p.split()) >= 4]
    assert len(sentences) >= 8
    for sentence in sentences:
        assert sentence in pdf, sentence


def appeal_docx_text(folder: Path, lang: str, out: Path, as_of: dt.date | None = None) -> str:
    """The uk-fs appeal of the campaign in `folder` in `lang`, built as DOCX and read back."""
    options = BuildOptions(
        out=out, recipients=("uk-fs",), documents=("appeal",), languages=(lang,), formats=("docx",), jobs=1, as_of=as_of
    )
    result = build(folder, options)
    assert not result.failed, [o.error for o in result.failed]
    return " ".join(docx_paragraphs(out / "uk-fs" / f"appeal.{lang}.docx"))


# --- edits of the case file ---------------------------------------------------------------


LANGUAGES = re.compile(r"^languages: \[[^\]]*\]", re.MULTILINE)
ASKAR = re.compile(r"    gender: male\n    name:\n      latin: Askar Kaiyrbek\n(?:      .*\n)*?      forms: .*\n")
DECEASED = "        src: [rferl-released]\n      - {status: deceased, since: 2022-06-10, src: [rferl-released]}\n"


def russian_and_kazakh_only(case: Path) -> None:
    """The campaign of `case` in ru, kk and the Latin-script languages only: the invented names
    of these tests have no form in the other scripts, which the full language list would require."""
    campaign = case.parent.parent / "campaign.yaml"
    text = campaign.read_text("utf-8")
    assert len(LANGUAGES.findall(text)) == 1
    campaign.write_text(LANGUAGES.sub("languages: [en, ru, kk, fr, de, es]", text), "utf-8")


def rename_defendant(path: Path, new: str) -> None:
    """Askar Kaiyrbek's gender and name block replaced by `new`."""
    russian_and_kazakh_only(path)
    text = path.read_text("utf-8")
    assert len(ASKAR.findall(text)) == 1
    path.write_text(ASKAR.sub(lambda _: new, text), "utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def renamed(gender: str, genitive: str | None) -> str:
    """The defendant as a woman, or a person of unknown gender, named Aigerim Kaiyrbekova."""
    kk = "kk: {genitive: Әйгерім Қайырбекованың}"
    forms = f"{{ru: {{genitive: {genitive}}}, {kk}}}" if genitive else f"{{{kk}}}"
    return f"""    gender: {gender}
    name:
      latin: Aigerim Kaiyrbekova
      native: {{kk: Әйгерім Қайырбекова, ru: Айгерим Кайырбекова}}
      forms: {forms}
"""


def appeal_text(folder: Path, out: Path, reading: Reading, as_of: str | None = None) -> str:
    """The uk-fs appeal of the campaign in `folder`, built in this process and read back."""
    options = BuildOptions(
        out=out,
        recipients=("uk-fs",),
        documents=("appeal",),
        languages=(reading.lang,),
        formats=("pdf",),
        in_process=True,
        as_of=dt.date.fromisoformat(as_of) if as_of else None,
    )
    result = build(folder, options)
    assert not result.failed, [o.error for o in result.failed]
    return reading.pdf_text(out / "uk-fs" / f"appeal.{reading.lang}.pdf")


ZHANAR = """  - id: zhanar-seitova
    gender: female
    name:
      latin: Zhanar Seitova
      native: {kk: Жанар Сейітова, ru: Жанар Сейтова}
      forms: {kk: {genitive: Жанар Сейітованың}}
    role:
      en: civic activist
      ru: гражданская активистка
      kk: азаматтық белсенді
      fr: militante civique
      de: Bürgerrechtsaktivistin
      es: activista cívica
    custody:
      - {status: imprisoned, since: 2021-06-21, src: [statement]}
    charges:
      - id: art-405-zs
        law:
          en: Criminal Code of the Republic of Kazakhstan
          ru: Уголовного кодекса Республики Казахстан
          kk: Қазақстан Республикасы Қылмыстық кодексінің
          fr: Code pénal de la République du Kazakhstan
          de: Strafgesetzbuch der Republik Kasachstan
          es: Código Penal de la República de Kazajistán
        provision: {number: "405", parts: ["2"]}
        src: [statement]
    src: [statement]
"""


def two_defendants_sentenced_to_death(folder: Path) -> None:
    """A second defendant, Zhanar Seitova; the appeal court raises both sentences to death."""
    case = folder / "cases" / "askar-kaiyrbek.yaml"
    russian_and_kazakh_only(case)
    edit(case, "    src: [statement]\n\norganisations:", "    src: [statement]\n" + ZHANAR + "\norganisations:")
    edit(
        case,
        "    src: [statement, azattyq-verdicts]\n  - id: appeal\n",
        "      - defendant: zhanar-seitova\n        decision: convicted\n"
        '        sentences: [{kind: imprisonment, duration: {years: "1"}}]\n'
        "    src: [statement, azattyq-verdicts]\n  - id: appeal\n",
    )
    text = case.read_text("utf-8")
    start = text.index("    outcomes:\n", text.index("  - id: appeal\n"))
    end = text.index("    src: [statement, azattyq-verdicts]\n", start)
    death = "".join(
        f"      - defendant: {who}\n        decision: increased\n        sentences: [{{kind: death}}]\n"
        for who in ("askar-kaiyrbek", "zhanar-seitova")
    )
    case.write_text(text[:start] + "    outcomes:\n" + death + text[end:], "utf-8")


def edit_case(campaign: Path, change: str, replacement: str) -> None:
    """The first `change` in the bundled case file of `campaign` replaced by `replacement`."""
    path = campaign / "cases" / "askar-kaiyrbek.yaml"
    text = path.read_text("utf-8")
    assert text.count(change) >= 1, change
    path.write_text(text.replace(change, replacement, 1), "utf-8")


AIGUL = """  - id: aigul-utepova
    gender: female
    name:
      latin: Aigul Utepova
      native: {kk: Айгүл Өтепова, ru: Айгуль Утепова, uk: Айгуль Утепова, be: Айгуль Утэпава}
      forms: {uk: {genitive: Айгуль Утепової}, be: {genitive: Айгуль Утэпавай}}
    role:
      en: activist
      ru: активистка
      kk: белсенді
      fr: militante
      de: Aktivistin
      es: activista
      uk: активістка
      be: актывістка
    custody:
      - {status: whereabouts-unknown, since: 2021-06-21, src: [statement]}
    src: [statement]

organisations:
"""
"""A second defendant, a woman whose whereabouts are unknown, named in every Cyrillic language."""
