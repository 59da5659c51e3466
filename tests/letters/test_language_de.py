"""The bundled campaign written in German, read back from the PDF and DOCX files it builds.

The expected phrases are German as a careful human-rights lawyer writes it, set down here by hand
(never copied from the output). Letters to Swiss recipients (locale de_CH) have no ß
("verbüsst") and « » quotation marks; letters elsewhere keep ß and „ “. Parts of an article are
"Absätze"; a full sentence after a colon starts with a capital; small counts are written out;
the words that agree with a woman or with several defendants follow them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest
from babel.messages.pofile import read_po

from campaign.app.build import build
from campaign.jobs.job import BuildOptions
from tests.campaign_support import LETTERS, ROOT, copy_campaign, keep_languages
from tests.campaign_support import pdf_text as running_text

LANG = "de"
RECIPIENTS = ("uk-fs", "eu-hrvp", "un-wgad", "un-sp-urgent", "ch-fdfa")
"""ch-fdfa writes to Bern in German first (de_CH); un-wgad and the special procedures (Geneva) get
Swiss German too."""
DOCUMENTS = (("uk-fs", "appeal"), ("eu-hrvp", "sanctions-brief"), ("un-wgad", "un-communication"))
OWN_STYLES = {"Subject", "Title", "Salutation", "Normal", "List Bullet", "Heading 2", "Heading 3", "Closing"}
"""DOCX paragraph styles that hold the letter's own sentences (not letterhead, address, date, notes)."""
LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")
LETTER = re.compile(r"[^\W\d_]")
QUOTED = re.compile(r"«[^»]*»|„[^“]*“")
"""A quotation: the law's own words, which a brief may give in another language."""


ANNEX = "Anlagenverzeichnis"
"""The heading of a brief's evidence annex: the sources listed after it keep their own titles."""


def own_paragraphs(path: Path) -> list[str]:
    paragraphs = []
    for p in docx.Document(str(path)).paragraphs:
        if p.style.name.startswith("Heading") and p.text == ANNEX:
            break
        if p.style.name in OWN_STYLES and p.text.strip():
            paragraphs.append(p.text)
    return paragraphs


def pdf_text(path: Path) -> str:
    """The PDF's running text, page footers left out and line-end hyphenation joined."""
    return running_text(path, r"Seite \d+ von \d+")


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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(LANG)
    options = BuildOptions(out=out, recipients=RECIPIENTS, languages=(LANG,), formats=("pdf", "docx"), jobs=2)
    result = build(ROOT, options)
    assert not result.failed, [o.error for o in result.failed]
    return out


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_the_document_is_written_in_german(built: Path, recipient: str, document: str) -> None:
    paragraphs = own_paragraphs(built / recipient / f"{document}.{LANG}.docx")
    # A brief quotes the law in its official language where the letter's has no authentic text.
    text = QUOTED.sub("", " ".join(paragraphs))
    letters = LETTER.findall(text)
    assert len(LATIN.findall(text)) / len(letters) >= 0.75
    left = [piece for piece in english_pieces() if piece in text]
    assert not left, left[:5]
    words = re.findall(r"[\w']+", text.lower())
    german = sum(words.count(w) for w in ("der", "die", "das", "und", "von", "gegen"))
    english = sum(words.count(w) for w in ("the", "and", "of", "to"))
    assert german > 20 * max(english, 1), (german, english)


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_pdf_and_docx_carry_the_same_sentences(built: Path, recipient: str, document: str) -> None:
    pdf = squeezed(pdf_text(built / recipient / f"{document}.{LANG}.pdf"))
    for paragraph in own_paragraphs(built / recipient / f"{document}.{LANG}.docx"):
        assert squeezed(paragraph) in pdf, paragraph[:80]


def test_swiss_letters_write_ss_and_guillemets(built: Path) -> None:
    for path in (built / "ch-fdfa" / f"appeal.{LANG}.docx", built / "un-wgad" / f"un-communication.{LANG}.docx"):
        text = "\n".join(own_paragraphs(path))
        assert "ß" not in text and "„" not in text and "“" not in text, path.name
    appeal = "\n".join(own_paragraphs(built / "ch-fdfa" / f"appeal.{LANG}.docx"))
    assert "Sehr geehrter Herr Bundesrat," in appeal
    assert "Askar Kaiyrbek verbüsst 2 Jahre und 2 Monate Freiheitsstrafe." in appeal
    assert "Artikel 405 Absätze 1 und 2 Strafgesetzbuch der Republik Kasachstan (Organisation der Tätigkeit" in appeal
    assert "als «extremistische Organisation» ein" in appeal
    assert "an friedlichen Abendmärschen («Subbotage») auf" in appeal
    assert "Warum die Strafverfolgung gegen internationale Standards verstösst" in appeal
    assert appeal.endswith("Mit vorzüglicher Hochachtung")


def test_letters_outside_switzerland_keep_sz_and_german_quotes(built: Path) -> None:
    text = "\n".join(own_paragraphs(built / "uk-fs" / f"appeal.{LANG}.docx"))
    assert "Askar Kaiyrbek verbüßt 2 Jahre und 2 Monate Freiheitsstrafe." in text
    assert "Kasachstan (Organisation der Tätigkeit einer extremistischen Organisation und Beteiligung daran)" in text
    assert "an friedlichen Abendmärschen („Subbotage“) auf" in text
    assert "«" not in text
    assert "wir wenden uns in der Angelegenheit von Askar Kaiyrbek" in text
    assert "die Behörden Kasachstans aufzufordern, Folgendes sicherzustellen:" in text
    assert "erhöhte das Berufungsgericht die Strafe gegen Askar Kaiyrbek auf 2 Jahre und 2 Monate" in text
    assert "Die Entscheidung trafen Murat Soltybayev, Shynar Yergaliyeva und Abai Kokzhalov." in text
    assert "die sofortige und bedingungslose Freilassung von Askar Kaiyrbek" in text


def test_a_full_sentence_after_a_colon_starts_with_a_capital(built: Path) -> None:
    text = "\n".join(own_paragraphs(built / "un-wgad" / f"un-communication.{LANG}.docx"))
    assert "Berufung: Am 2. September 2021 erhöhte das Berufungsgericht die Strafe" in text
    assert "(Entschliessung zur Menschenrechtslage in Kasachstan, 2021/2544(RSP)): Es forderte Kasachstan auf" in text
    assert "Besuchs in Kasachstan): Sie warnte, der Einsatz von Extremismusgesetzen" in text
    # The Working Group's categories are stated as its questionnaire words them, not after a colon.
    assert "Kategorie II erfasst einen Freiheitsentzug, der sich aus der Ausübung der Rechte oder Freiheiten" in text
    assert "Kategorie III erfasst einen Freiheitsentzug, dem die vollständige oder teilweise Nichteinhaltung" in text
    # A letter to the special procedures gives each mandate the facts that concern it.
    letter = "\n".join(own_paragraphs(built / "un-sp-urgent" / f"un-communication.{LANG}.docx"))
    assert "Versammlung und Vereinigungsfreiheit: Er wurde verfolgt, weil er versuchte" in letter


def test_the_brief_counts_in_words(built: Path) -> None:
    text = "\n".join(own_paragraphs(built / "eu-hrvp" / f"sanctions-brief.{LANG}.docx"))
    everything = [p.text for p in docx.Document(str(built / "eu-hrvp" / f"sanctions-brief.{LANG}.docx")).paragraphs]
    annex = everything.index(ANNEX)
    assert everything[annex + 1].startswith("Anlage 1.")
    assert "dass drei Amtsträger Kasachstans, die für die Strafverfolgung von Askar Kaiyrbek verantwortlich" in text
    assert "gestützt auf die globale Sanktionsregelung der EU im Bereich der Menschenrechte benannt werden:" in text
    assert "Artikel 2 Absatz 1 Buchstabe c Ziffer v: „willkürliche Festnahmen oder Inhaftierungen“" in text


def write(folder: Path, lang: str, as_of: dt.date | None = None) -> str:
    out = folder / "out"
    options = BuildOptions(
        out=out, recipients=("uk-fs",), documents=("appeal",), languages=(lang,), formats=("docx",), jobs=1, as_of=as_of
    )
    result = build(folder, options)
    assert not result.failed, [o.error for o in result.failed]
    return "\n".join(own_paragraphs(out / "uk-fs" / f"appeal.{lang}.docx"))


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


NO_FAMILY = """
conditions:
  - {kind: no-family-contact, defendant: askar-kaiyrbek, since: 2021-07-01, src: [statement]}
"""


def test_a_woman_gets_the_feminine_forms(tmp_path: Path) -> None:
    him = copy_campaign(tmp_path / "him")
    her = with_case(tmp_path / "her", "female")
    for folder in (him, her):
        case = folder / "cases" / "askar-kaiyrbek.yaml"
        case.write_text(case.read_text("utf-8") + NO_FAMILY, "utf-8")
    assert "umgehender und regelmäßiger Kontakt zwischen Askar Kaiyrbek und seiner Familie" in write(him, LANG)
    assert "umgehender und regelmäßiger Kontakt zwischen Askar Kaiyrbek und ihrer Familie" in write(her, LANG)


def test_two_defendants_get_the_plural_forms(tmp_path: Path) -> None:
    text = write(with_case(tmp_path, "plural"), LANG)
    assert "Appell für die Freilassung von Askar Kaiyrbek und Aigul Test" in text
    assert "die Aufhebung der Verurteilungen von Askar Kaiyrbek und Aigul Test" in text
    assert "verhängte das Gericht erster Instanz in Nur-Sultan gegen Aigul Test 1 Jahr Freiheitsstrafe" in text
