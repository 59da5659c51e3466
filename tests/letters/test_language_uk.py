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

import docx
import pytest
from pypdf import PdfReader

from campaign.app.build import build
from campaign.jobs.job import BuildOptions
from tests.campaign_support import ROOT, copy_campaign, keep_languages
from tests.campaign_support import pdf_text as running_text

LANG = "uk"
DATE = "6 вересня 2021 р."
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
GENDER_SLASH = re.compile(r"\w\((?:а|ла|на|ий|ою)\)")
DOCUMENTS = (
    ("uk-fs", "appeal"),
    ("eu-hrvp", "appeal"),
    ("eu-hrvp", "sanctions-brief"),
    ("un-wgad", "un-communication"),
)
ANNEX = "Додаток із доказами"
CLOSINGS = ("З глибокою повагою", "З повагою")


def flat(text: str) -> str:
    """One plain space for every run of white space; soft hyphens removed."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text.replace("\u00ad", "")).strip()


def pdf_text(path: Path) -> str:
    """The PDF's running text, page footers left out and line-end hyphenation joined."""
    return flat(running_text(path, r"Сторінка \d+ з \d+"))


def docx_paragraphs(path: Path) -> list[str]:
    return [flat(p.text) for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def body(text: str) -> str:
    """The document's own words: after the date line, up to the closing of a letter or the evidence
    annex of a brief (no address, no notes, no list of exhibits)."""
    start = text.index(DATE) + len(DATE)
    end = min(text.find(last, start) for last in (*CLOSINGS, ANNEX) if text.find(last, start) > 0)
    return text[start:end]


def cyrillic_share(text: str) -> float:
    cyrillic, latin = len(CYRILLIC.findall(text)), len(LATIN.findall(text))
    return cyrillic / (cyrillic + latin)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(LANG)
    options = BuildOptions(
        out=out, recipients=("uk-fs", "eu-hrvp", "un-wgad"), languages=(LANG,), formats=("pdf", "docx"), jobs=2
    )
    result = build(ROOT, options)
    assert not result.failed, [o.error for o in result.failed]
    return out


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_documents_are_written_in_ukrainian(built: Path, recipient: str, document: str) -> None:
    pdf = pdf_text(built / recipient / f"{document}.{LANG}.pdf")
    own = body(pdf)
    assert len(own) > 1500
    assert cyrillic_share(own) >= 0.75, cyrillic_share(own)
    # The names are the case file's Ukrainian forms; the Latin one only in the identity table's rows
    # (the UN questionnaire's family name and given names, then the name in its original script).
    assert "Аскар Кайирбек" in own
    assert "Kaiyrbek" not in own.replace("Прізвище Kaiyrbek Ім'я Askar Ім'я в оригінальному написанні", "")
    assert not GENDER_SLASH.search(own), GENDER_SLASH.search(own)
    assert "«" in own and "“" not in own


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_docx_paragraphs_carry_the_pdf_sentences(built: Path, recipient: str, document: str) -> None:
    pdf = pdf_text(built / recipient / f"{document}.{LANG}.pdf")
    paragraphs = docx_paragraphs(built / recipient / f"{document}.{LANG}.docx")
    start = paragraphs.index(DATE)
    end = next(i for i, p in enumerate(paragraphs) if p in (*CLOSINGS, ANNEX))
    sentences = [p for p in paragraphs[start + 1 : end] if len(p.split()) >= 4]
    assert len(sentences) >= 8
    for sentence in sentences:
        assert sentence in pdf, sentence


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


def _case_with(campaign: Path, change: str, replacement: str) -> None:
    path = campaign / "cases" / "askar-kaiyrbek.yaml"
    text = path.read_text("utf-8")
    assert text.count(change) >= 1, change
    path.write_text(text.replace(change, replacement, 1), "utf-8")


def _appeal(campaign: Path, out: Path, as_of: dt.date | None = None) -> str:
    options = BuildOptions(
        out=out, recipients=("uk-fs",), documents=("appeal",), languages=(LANG,), formats=("docx",), jobs=1, as_of=as_of
    )
    result = build(campaign, options)
    assert not result.failed, [o.error for o in result.failed]
    return " ".join(docx_paragraphs(out / "uk-fs" / "appeal.uk.docx"))


def test_a_woman_gets_the_feminine_forms(tmp_path: Path) -> None:
    campaign = copy_campaign(tmp_path / "campaign")
    _case_with(campaign, "    gender: male\n", "    gender: female\n")
    text = _appeal(campaign, tmp_path / "2021")
    assert "Аскар Кайирбек, засуджена до позбавлення волі на строк 2 роки 2 місяці, відбуває покарання." in text
    assert "якого зазнала Аскар Кайирбек" in text
    assert "засуджений" not in text and "зазнав " not in text
    later = _appeal(campaign, tmp_path / "2022", dt.date(2022, 6, 1))
    assert "вирок щодо неї залишається в силі" in later
    assert "вирок щодо нього залишається" not in later


SECOND = """  - id: aigul-utepova
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


def test_two_defendants_get_the_plural_forms(tmp_path: Path) -> None:
    campaign = copy_campaign(tmp_path / "campaign")
    _case_with(campaign, "      - status: imprisoned\n", "      - status: whereabouts-unknown\n")
    _case_with(campaign, "\norganisations:\n", "\n" + SECOND)
    keep_languages(campaign, ["en", "ru", "kk", "fr", "de", "es", "uk", "be"])  # the languages the second defendant has
    text = _appeal(campaign, tmp_path / "out")
    for phrase in (
        "Звертаємося до вас у справі Аскара Кайирбека і Айгуль Утепової, порушеній владою Казахстану.",
        "оприлюднення відомостей про те, де утримуються Аскар Кайирбек і Айгуль Утепова",
        "доступ Аскара Кайирбека і Айгуль Утепової до обраних ними адвокатів",
        "негайне й беззастережне звільнення Аскара Кайирбека і Айгуль Утепової",
    ):
        assert phrase in text, phrase
    assert "влада не розкриває, де утримується Айгуль Утепова" in text
