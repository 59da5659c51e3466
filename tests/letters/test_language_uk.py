"""The bundled campaign in Ukrainian (uk), read back from the PDF and DOCX files it builds.

The expected phrases are Ukrainian as the translator wrote it for these facts (genitive after
"у справі", "щодо", "владу Казахстану"; parts before the article; penalties after "до" and "у
вигляді"), not text copied from a build. A copy of the case with a woman, and one with two
defendants, check that the gendered and plural wordings reach the letter.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.campaign_support import copy_campaign, keep_languages
from tests.letters.language_support import (
    AIGUL,
    BUILT,
    Reading,
    appeal_docx_text,
    assert_docx_sentences_in_pdf,
    build_letters,
    cyrillic_share,
    docx_paragraphs,
    edit_case,
)

LANG = "uk"
READING = Reading(
    "uk",
    page_label=r"Сторінка \d+ з \d+",
    date_line="6 вересня 2021 р.",
    notes_heading="Джерела",
    annex="Додаток із доказами",
    closings=("З глибокою повагою", "З повагою"),
)
pdf_text = READING.pdf_text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_letters(tmp_path_factory.mktemp(LANG), LANG)


@pytest.mark.parametrize(("recipient", "document"), BUILT)
def test_docx_paragraphs_carry_the_pdf_sentences(built: Path, recipient: str, document: str) -> None:
    assert_docx_sentences_in_pdf(built, READING, recipient, document)


GENDER_SLASH = re.compile(r"\w\((?:а|ла|на|ий|ою)\)")


@pytest.mark.parametrize(("recipient", "document"), BUILT)
def test_documents_are_written_in_ukrainian(built: Path, recipient: str, document: str) -> None:
    pdf = pdf_text(built / recipient / f"{document}.{LANG}.pdf")
    own = READING.body(pdf)
    assert len(own) > 1500
    assert cyrillic_share(own) >= 0.75, cyrillic_share(own)
    # The names are the case file's Ukrainian forms; the Latin one only in the identity table's rows
    # (the UN questionnaire's family name and given names, then the name in its original script).
    assert "Аскар Кайирбек" in own
    assert "Kaiyrbek" not in own.replace("Прізвище Kaiyrbek Ім'я Askar Ім'я в оригінальному написанні", "")
    assert not GENDER_SLASH.search(own), GENDER_SLASH.search(own)
    assert "«" in own and "“" not in own


def test_appeal_speaks_ukrainian_grammar(built: Path) -> None:
    for path in (built / "uk-fs" / "appeal.uk.pdf", built / "uk-fs" / "appeal.uk.docx"):
        text = pdf_text(path) if path.suffix == ".pdf" else " ".join(docx_paragraphs(path))
        for phrase in (
            "Звернення щодо звільнення Аскара Кайирбека",
            "Шановна пані Міністерко!",
            "Міністерство закордонних справ, у справах Співдружності та розвитку",
            "Звертаємося до вас у справі Аскара Кайирбека (громадський активіст",
            "Аскар Кайирбек, засуджений до позбавлення волі на строк 2 роки 2 місяці, відбуває покарання.",
            "за частинами 1 і 2 статті 405 Кримінального кодексу Республіки Казахстан",
            "таємним рішенням судді Руслана Мажитова",
            "«екстремістською організацією»",
            "21 червня 2021 р. суд першої інстанції в Нур-Султані ухвалив обвинувальний вирок щодо Аскара Кайирбека",
            "позбавлення волі на строк 1 рік 6 місяців",
            "позбавлення права займатися громадською та політичною діяльністю на строк 5 років",
            "апеляційний суд посилив покарання Аскара Кайирбека до позбавлення волі",
            "Справу розглядали судді Мурат Солтибаєв, Шинар Єргалієва і Абай Кокжалов.",
            "Шанобливо просимо вас закликати владу Казахстану забезпечити:",
            "негайне й беззастережне звільнення Аскара Кайирбека",
            "повну реабілітацію Аскара Кайирбека",
            "розслідування жорстокого поводження, якого зазнав Аскар Кайирбек",
            "З глибокою повагою",
            "Директорка",
        ):
            assert phrase in text, (path.name, phrase)


def test_sanctions_brief_and_un_communication(built: Path) -> None:
    brief = pdf_text(built / "eu-hrvp" / "sanctions-brief.uk.pdf")
    for phrase in (
        "Клопотання про запровадження персональних санкцій у межах глобального режиму санкцій ЄС у сфері прав людини",
        "Просимо, щоб три посадові особи Казахстану були внесені до санкційного списку",
        "за участь у переслідуванні Аскара Кайирбека:",
        "Карім Масімов, Голова Комітету національної безпеки",
        "Режим санкцій і його критерії",
        "Article 1(1)(c)(v), Council Decision (CFSP) 2020/1999, офіційний текст (англійська): «arbitrary arrests",
        "У матеріалах справи не зафіксовано конкретних датованих дій Каріма Масімова",
        "Додаток із доказами",
    ):
        assert phrase in brief, phrase
    pages = PdfReader(built / "eu-hrvp" / "sanctions-brief.uk.pdf").pages
    assert f"Сторінка 1 з {len(pages)}" in (pages[0].extract_text() or "")
    un = pdf_text(built / "un-wgad" / "un-communication.uk.pdf")
    for phrase in (
        "Повідомлення щодо Аскара Кайирбека (Казахстан)",
        "Шановні члени Робочої групи!",
        "Робоча група з питань свавільних затримань",
        "Становище станом на 6 вересня 2021 р.",
        "Категорія II охоплює позбавлення волі внаслідок здійснення прав або свобод",
        "Міжнародного пакту про громадянські і політичні права",
        "Джерело також просить Робочу групу закликати уряд Казахстану забезпечити:",
    ):
        assert phrase in un, phrase


def test_a_woman_gets_the_feminine_forms(tmp_path: Path) -> None:
    campaign = copy_campaign(tmp_path / "campaign")
    edit_case(campaign, "    gender: male\n", "    gender: female\n")
    text = appeal_docx_text(campaign, LANG, tmp_path / "2021")
    assert "Аскар Кайирбек, засуджена до позбавлення волі на строк 2 роки 2 місяці, відбуває покарання." in text
    assert "якого зазнала Аскар Кайирбек" in text
    assert "засуджений" not in text and "зазнав " not in text
    later = appeal_docx_text(campaign, LANG, tmp_path / "2022", dt.date(2022, 6, 1))
    assert "вирок щодо неї залишається в силі" in later
    assert "вирок щодо нього залишається" not in later


def test_two_defendants_get_the_plural_forms(tmp_path: Path) -> None:
    campaign = copy_campaign(tmp_path / "campaign")
    edit_case(campaign, "      - status: imprisoned\n", "      - status: whereabouts-unknown\n")
    edit_case(campaign, "\norganisations:\n", "\n" + AIGUL)
    keep_languages(campaign, ["en", "ru", "kk", "fr", "de", "es", "uk", "be"])  # the languages the second defendant has
    text = appeal_docx_text(campaign, LANG, tmp_path / "out")
    for phrase in (
        "Звертаємося до вас у справі Аскара Кайирбека і Айгуль Утепової, порушеній владою Казахстану.",
        "оприлюднення відомостей про те, де утримуються Аскар Кайирбек і Айгуль Утепова",
        "доступ Аскара Кайирбека і Айгуль Утепової до обраних ними адвокатів",
        "негайне й беззастережне звільнення Аскара Кайирбека і Айгуль Утепової",
    ):
        assert phrase in text, phrase
    assert "влада не розкриває, де утримується Айгуль Утепова" in text
