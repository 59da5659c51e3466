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
from babel.messages.pofile import read_po

from campaign.app.build import build
from campaign.jobs.job import BuildOptions
from tests.campaign_support import LETTERS, ROOT, copy_campaign, keep_languages
from tests.campaign_support import pdf_text as running_text

LANG = "es"
RECIPIENTS = ("uk-fs", "eu-hrvp", "un-wgad", "un-sr-foaa", "un-sp-urgent")
"""un-sr-foaa writes in Spanish first; un-sp-urgent has no named addressee."""
DOCUMENTS = (("uk-fs", "appeal"), ("eu-hrvp", "sanctions-brief"), ("un-wgad", "un-communication"))
OWN_STYLES = {"Subject", "Title", "Salutation", "Normal", "List Bullet", "Heading 2", "Heading 3", "Closing"}
"""DOCX paragraph styles that hold the letter's own sentences (not letterhead, address, date, notes)."""
LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")
LETTER = re.compile(r"[^\W\d_]")
QUOTED = re.compile(r"«[^»]*»|„[^“]*“")
"""A quotation: the law's own words, which a brief may give in another language."""


ANNEX = "Anexo documental"
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
    return running_text(path, r"Página \d+ de \d+")


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


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_pdf_and_docx_carry_the_same_sentences(built: Path, recipient: str, document: str) -> None:
    pdf = squeezed(pdf_text(built / recipient / f"{document}.{LANG}.pdf"))
    for paragraph in own_paragraphs(built / recipient / f"{document}.{LANG}.docx"):
        assert squeezed(paragraph) in pdf, paragraph[:80]


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
    annex = everything.index(ANNEX)
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
