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

LANG = "fr"
RECIPIENTS = ("uk-fs", "eu-hrvp", "un-wgad", "ep-droi")
"""ep-droi writes to the European Parliament in French first."""
READING = Reading(LANG, page_label=r"Page \d+ sur \d+", annex="Annexe des pièces justificatives")
own_paragraphs = READING.own_paragraphs
pdf_text = READING.pdf_text
write = READING.write


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_letters(tmp_path_factory.mktemp(LANG), LANG, RECIPIENTS)


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_pdf_and_docx_carry_the_same_sentences(built: Path, recipient: str, document: str) -> None:
    assert_pdf_carries_the_docx_sentences(built, READING, recipient, document)


NNBSP = "\u202f"


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
    annex = everything.index(READING.annex)
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
