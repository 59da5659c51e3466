"""The bundled campaign written in German, read back from the PDF and DOCX files it builds.

The expected phrases are German as a careful human-rights lawyer writes it, set down here by hand
(never copied from the output). Letters to Swiss recipients (locale de_CH) have no ß
("verbüsst") and « » quotation marks; letters elsewhere keep ß and „ “. Parts of an article are
"Absätze"; a full sentence after a colon starts with a capital; small counts are written out;
the words that agree with a woman or with several defendants follow them.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from tests.campaign_support import copy_campaign
from tests.letters.western_support import (
    DOCUMENTS,
    LATIN,
    LETTER,
    QUOTED,
    Reading,
    assert_pdf_carries_the_docx_sentences,
    build_letters,
    english_pieces,
    with_case,
)

LANG = "de"
RECIPIENTS = ("uk-fs", "eu-hrvp", "un-wgad", "un-sp-urgent", "ch-fdfa")
"""ch-fdfa writes to Bern in German first (de_CH); un-wgad and the special procedures (Geneva) get
Swiss German too."""
READING = Reading(LANG, page_label=r"Seite \d+ von \d+", annex="Anlagenverzeichnis")
own_paragraphs = READING.own_paragraphs
pdf_text = READING.pdf_text
write = READING.write


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_letters(tmp_path_factory.mktemp(LANG), LANG, RECIPIENTS)


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_pdf_and_docx_carry_the_same_sentences(built: Path, recipient: str, document: str) -> None:
    assert_pdf_carries_the_docx_sentences(built, READING, recipient, document)


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
    annex = everything.index(READING.annex)
    assert everything[annex + 1].startswith("Anlage 1.")
    assert "dass drei Amtsträger Kasachstans, die für die Strafverfolgung von Askar Kaiyrbek verantwortlich" in text
    assert "gestützt auf die globale Sanktionsregelung der EU im Bereich der Menschenrechte benannt werden:" in text
    assert "Artikel 2 Absatz 1 Buchstabe c Ziffer v: „willkürliche Festnahmen oder Inhaftierungen“" in text


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
