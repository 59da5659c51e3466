"""The bundled campaign written in French, read back from the PDF and DOCX files it builds.

The expected phrases are French as a careful human-rights lawyer writes it, set down here by hand
(never copied from the output): the subject "Appel en faveur de la libération d'…" with the
elision the case file's `forms: {fr: {genitive: ...}}` gives, a narrow no-break space before a
colon and inside « », note calls before the full stop, "notre très haute considération" in a
letter signed for an organisation, small counts written out, and the words that agree with a
woman or with several defendants.
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

LANG = "fr"
RECIPIENTS = ("uk-fs", "eu-hrvp", "un-wgad", "ep-droi")
"""ep-droi writes to the European Parliament in French first."""
DOCUMENTS = (("uk-fs", "appeal"), ("eu-hrvp", "sanctions-brief"), ("un-wgad", "un-communication"))
OWN_STYLES = {"Subject", "Title", "Salutation", "Normal", "List Bullet", "Heading 2", "Heading 3", "Closing"}
"""DOCX paragraph styles that hold the letter's own sentences (not letterhead, address, date, notes)."""
NNBSP = "\u202f"
LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")
LETTER = re.compile(r"[^\W\d_]")
QUOTED = re.compile(r"«[^»]*»|„[^“]*“")
"""A quotation: the law's own words, which a brief may give in another language."""


ANNEX = "Annexe des pièces justificatives"
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
    return running_text(path, r"Page \d+ sur \d+")


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
def test_the_document_is_written_in_french(built: Path, recipient: str, document: str) -> None:
    paragraphs = own_paragraphs(built / recipient / f"{document}.{LANG}.docx")
    # A brief quotes the law in its official language where the letter's has no authentic text.
    text = QUOTED.sub("", " ".join(paragraphs))
    letters = LETTER.findall(text)
    assert len(LATIN.findall(text)) / len(letters) >= 0.75
    left = [piece for piece in english_pieces() if piece in text]
    assert not left, left[:5]
    words = re.findall(r"[\w']+", text.lower())
    french = sum(words.count(w) for w in ("les", "des", "du", "et", "à", "la"))
    english = sum(words.count(w) for w in ("the", "and", "of", "to"))
    assert french > 20 * max(english, 1), (french, english)


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_pdf_and_docx_carry_the_same_sentences(built: Path, recipient: str, document: str) -> None:
    pdf = squeezed(pdf_text(built / recipient / f"{document}.{LANG}.pdf"))
    for paragraph in own_paragraphs(built / recipient / f"{document}.{LANG}.docx"):
        assert squeezed(paragraph) in pdf, paragraph[:80]


def test_the_appeal_reads_as_french_writes_it(built: Path) -> None:
    text = "\n".join(own_paragraphs(built / "uk-fs" / f"appeal.{LANG}.docx"))
    # The subject and the requests elide "de" before a vowel (the case file's "of" form).
    assert "Appel en faveur de la libération d'Askar Kaiyrbek" in text
    assert "la libération immédiate et inconditionnelle d'Askar Kaiyrbek" in text
    assert "au sujet d'Askar Kaiyrbek" in text
    assert "de Askar" not in text
    assert "les autorités du Kazakhstan" in text
    assert "Askar Kaiyrbek purge 2 ans et 2 mois d'emprisonnement" in text
    assert "Article 405, paragraphes 1 et 2 du Code pénal" in text
    assert "la cour d'appel a alourdi la peine infligée à Askar Kaiyrbek en la portant à 2 ans et 2 mois" in text
    assert (
        "Composition de la juridiction : Murat Soltybayev, Shynar Yergaliyeva et Abai Kokzhalov".replace(
            " :", NNBSP + ":"
        )
        in text
    )
    # A narrow no-break space before a colon and inside guillemets.
    assert f"au titre des chefs suivants{NNBSP}:" in text
    assert f"à garantir{NNBSP}:" in text
    assert f"«{NNBSP}organisation extrémiste{NNBSP}»" in text
    assert " :" not in text and "« " not in text
    # A note call stands before the full stop it belongs to.
    assert "un mouvement d'opposition pacifique1." in text
    # The letters speak for the organisation: "notre", not "ma".
    assert "Veuillez agréer, Madame la Ministre, l'expression de notre très haute considération." in text


def test_the_brief_counts_in_words(built: Path) -> None:
    text = "\n".join(own_paragraphs(built / "eu-hrvp" / f"sanctions-brief.{LANG}.docx"))
    everything = [p.text for p in docx.Document(str(built / "eu-hrvp" / f"sanctions-brief.{LANG}.docx")).paragraphs]
    annex = everything.index(ANNEX)
    assert everything[annex + 1].startswith("Pièce n° 1.")
    assert "de trois responsables du Kazakhstan pour leur rôle dans les poursuites engagées contre" in text
    assert "au titre du régime mondial de sanctions de l'UE en matière de droits de l'homme" in text
    assert f"Article 1(1)(c)(v), dans la version officielle en anglais{NNBSP}: «{NNBSP}arbitrary arrests" in text


def test_the_un_communication_follows_the_un_french_terms(built: Path) -> None:
    text = "\n".join(own_paragraphs(built / "un-wgad" / f"un-communication.{LANG}.docx"))
    assert "Mesdames et Messieurs les membres du Groupe de travail," in text
    assert "IV. Caractère arbitraire de la privation de liberté" in text
    assert "Pacte international relatif aux droits civils et politiques" in text
    assert f"de saisir le Gouvernement du Kazakhstan de la présente affaire et de demander{NNBSP}:" in text


def test_a_recipient_who_reads_french_first_gets_french(built: Path) -> None:
    paragraphs = own_paragraphs(built / "ep-droi" / f"appeal.{LANG}.docx")
    assert paragraphs[1] == "Monsieur le Président,"
    assert paragraphs[-1] == "Veuillez agréer, Monsieur le Président, l'expression de notre haute considération."


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
    assert f"Askar Kaiyrbek n'est plus incarcéré depuis le 19 mai 2022{NNBSP}; il reste soumis" in him
    assert f"Askar Kaiyrbek n'est plus incarcérée depuis le 19 mai 2022{NNBSP}; elle reste soumise" in her
    assert "incarcéré " not in her and "il reste" not in her
    assert f"Askar Kaiyrbek a été condamné au titre des chefs suivants{NNBSP}:" in him
    assert f"Askar Kaiyrbek a été condamnée au titre des chefs suivants{NNBSP}:" in her


def test_two_defendants_get_the_plural_forms(tmp_path: Path) -> None:
    text = write(with_case(tmp_path, "plural"), LANG)
    assert "Appel en faveur de la libération d'Askar Kaiyrbek et d'Aigul Test" in text
    assert "l'annulation des condamnations prononcées contre Askar Kaiyrbek et Aigul Test" in text
    assert "la pleine réhabilitation d'Askar Kaiyrbek et d'Aigul Test" in text
    assert "a condamné Aigul Test à 1 an d'emprisonnement et Askar Kaiyrbek à 1 an et 6 mois" in text
