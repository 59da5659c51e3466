"""The bundled campaign written in Spanish, read back from the PDF and DOCX files it builds.

The expected phrases are Spanish as a careful human-rights lawyer writes it, set down here by
hand (never copied from the output): "párrafos" for the parts of an article, "marchas
vespertinas", the neutral salutation "Señoras y señores:", small counts written out, and the
words that agree with a woman or with several defendants.
"""

from __future__ import annotations

import datetime as dt
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

LANG = "es"
RECIPIENTS = ("uk-fs", "eu-hrvp", "un-wgad", "un-sr-foaa", "un-sp-urgent")
"""un-sr-foaa writes in Spanish first; un-sp-urgent has no named addressee."""
READING = Reading(LANG, page_label=r"Página \d+ de \d+", annex="Anexo documental")
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
def test_the_document_is_written_in_spanish(built: Path, recipient: str, document: str) -> None:
    paragraphs = own_paragraphs(built / recipient / f"{document}.{LANG}.docx")
    # A brief quotes the law in its official language where the letter's has no authentic text.
    text = QUOTED.sub("", " ".join(paragraphs))
    letters = LETTER.findall(text)
    assert len(LATIN.findall(text)) / len(letters) >= 0.75
    left = [piece for piece in english_pieces() if piece in text]
    assert not left, left[:5]
    words = re.findall(r"[\w']+", text.lower())
    spanish = sum(words.count(w) for w in ("el", "los", "las", "del", "y", "de"))
    english = sum(words.count(w) for w in ("the", "and", "of", "to"))
    assert spanish > 20 * max(english, 1), (spanish, english)


def test_the_appeal_reads_as_spanish_writes_it(built: Path) -> None:
    text = "\n".join(own_paragraphs(built / "uk-fs" / f"appeal.{LANG}.docx"))
    assert "Llamamiento en favor de la liberación de Askar Kaiyrbek" in text
    assert "Askar Kaiyrbek cumple una pena de 2 años y 2 meses de prisión." in text
    assert "Artículo 405, párrafos 1 y 2 del Código Penal de la República de Kazajistán" in text
    assert "a participar en marchas pacíficas vespertinas («subbotage»)" in text
    assert "el tribunal de apelación elevó la pena impuesta a Askar Kaiyrbek, que quedó fijada en 2 años" in text
    assert "Le rogamos respetuosamente que inste a las autoridades de Kazajistán a garantizar:" in text
    assert "la liberación inmediata e incondicional de Askar Kaiyrbek" in text
    assert text.startswith("Llamamiento") and "\nSeñora Ministra:\n" in text


def test_the_brief_counts_in_words(built: Path) -> None:
    text = "\n".join(own_paragraphs(built / "eu-hrvp" / f"sanctions-brief.{LANG}.docx"))
    everything = [p.text for p in docx.Document(str(built / "eu-hrvp" / f"sanctions-brief.{LANG}.docx")).paragraphs]
    annex = everything.index(READING.annex)
    assert everything[annex + 1].startswith("Documento n.º 1.")
    assert "de tres responsables de Kazajistán por su papel en el proceso penal contra Askar Kaiyrbek" in text
    assert "en virtud del régimen global de sanciones de la UE en materia de derechos humanos" in text
    assert "Article 1(1)(c)(v), en el texto oficial en inglés: «arbitrary arrests or detentions»" in text


def test_un_communications_use_the_un_spanish_terms(built: Path) -> None:
    rapporteur = own_paragraphs(built / "un-sr-foaa" / f"un-communication.{LANG}.docx")
    assert "Señora Relatora Especial:" in rapporteur
    text = "\n".join(rapporteur)
    assert "Carta de transmisión de denuncias relativa a Askar Kaiyrbek (Kazajistán)" in text
    assert "Mandatos interesados" in text
    assert "Categoría" not in text, "the Working Group's categories are argued to the Working Group only"
    group = "\n".join(own_paragraphs(built / "un-wgad" / f"un-communication.{LANG}.docx"))
    assert "Pacto Internacional de Derechos Civiles y Políticos" in group
    assert "Categoría III" in group
    branch = own_paragraphs(built / "un-sp-urgent" / f"un-communication.{LANG}.docx")
    assert "Señoras y señores:" in branch


def test_a_woman_gets_the_feminine_forms(tmp_path: Path) -> None:
    later = dt.date(2022, 6, 1)
    him = write(copy_campaign(tmp_path / "him"), LANG, later)
    her = write(with_case(tmp_path / "her", "female"), LANG, later)
    assert "Askar Kaiyrbek está fuera de prisión desde el 19 de mayo de 2022, sometido a restricción de libertad" in him
    assert "Askar Kaiyrbek está fuera de prisión desde el 19 de mayo de 2022, sometida a restricción de libertad" in her
    assert "Askar Kaiyrbek fue condenado en virtud de:" in him
    assert "Askar Kaiyrbek fue condenada en virtud de:" in her


def test_two_defendants_get_the_plural_forms(tmp_path: Path) -> None:
    text = write(with_case(tmp_path, "plural"), LANG)
    assert "Llamamiento en favor de la liberación de Askar Kaiyrbek y Aigul Test" in text
    assert "la anulación de las condenas de Askar Kaiyrbek y Aigul Test" in text
    assert "condenó a Aigul Test a 1 año de prisión y a Askar Kaiyrbek a 1 año y 6 meses de prisión" in text
