"""The bundled campaign in Belarusian (be, official orthography), read back from the PDF and DOCX
files it builds.

The expected phrases are Belarusian as the translator wrote it for these facts (genitive after
"па справе", "адносна", "улады Казахстана"; "па частках ... артыкула"; ў after a vowel; penalties
after "да" and "ў выглядзе"), not text copied from a build. A copy of the case with a woman, and
one with two defendants, check that the gendered and plural wordings reach the letter.
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

LANG = "be"
DATE = "6 верасня 2021 г."
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
GENDER_SLASH = re.compile(r"\w\((?:а|ла|ая|ы|ай)\)")
DOCUMENTS = (
    ("uk-fs", "appeal"),
    ("eu-hrvp", "appeal"),
    ("eu-hrvp", "sanctions-brief"),
    ("un-wgad", "un-communication"),
)
ANNEX = "Дадатак з доказамі"
CLOSINGS = ("З глыбокай павагай", "З павагай")


def flat(text: str) -> str:
    """One plain space for every run of white space; soft hyphens removed."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text.replace("\u00ad", "")).strip()


def pdf_text(path: Path) -> str:
    """The PDF's running text, page footers left out and line-end hyphenation joined."""
    return flat(running_text(path, r"Старонка \d+ з \d+"))


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
def test_documents_are_written_in_belarusian(built: Path, recipient: str, document: str) -> None:
    pdf = pdf_text(built / recipient / f"{document}.{LANG}.pdf")
    own = body(pdf)
    assert len(own) > 1500
    assert cyrillic_share(own) >= 0.75, cyrillic_share(own)
    # The names are the case file's Belarusian forms; the Latin one only in the identity table's rows
    # (the UN questionnaire's family name and given names, then the name in its original script).
    assert "Аскар Кайырбек" in own
    assert "Kaiyrbek" not in own.replace("Прозвішча Kaiyrbek Імя (імёны) Askar Імя ў арыгінальным напісанні", "")
    assert not GENDER_SLASH.search(own), GENDER_SLASH.search(own)
    assert "«" in own and "“" not in own
    # Official orthography: "ў" after a vowel inside the letter's own phrases, no Taraškievica spellings.
    assert "ў выглядзе" in own or document != "appeal"
    assert not re.search(r"\b(?:сьв|сьл|зьв|Эўрапейск|бяз мяжы)", own)


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


def test_appeal_speaks_belarusian_grammar(built: Path) -> None:
    for path in (built / "uk-fs" / "appeal.be.pdf", built / "uk-fs" / "appeal.be.docx"):
        text = pdf_text(path) if path.suffix == ".pdf" else " ".join(docx_paragraphs(path))
        for phrase in (
            "Зварот аб вызваленні Аскара Кайырбека",
            "Шаноўная спадарыня Міністр!",
            "Міністэрства замежных спраў, спраў Садружнасці і развіцця",
            "Звяртаемся да вас па справе Аскара Кайырбека (грамадскі актывіст",
            "Аскар Кайырбек, асуджаны да пазбаўлення волі на тэрмін 2 гады 2 месяцы, адбывае пакаранне.",
            "па частках 1 і 2 артыкула 405 Крымінальнага кодэкса Рэспублікі Казахстан",
            "сакрэтным рашэннем суддзі Руслана Мажытава",
            "«экстрэмісцкай арганізацыяй»",
            "21 чэрвеня 2021 г. суд першай інстанцыі ў Нур-Султане вынес абвінаваўчы прысуд адносна Аскара Кайырбека",
            "пазбаўлення волі на тэрмін 1 год 6 месяцаў",
            "пазбаўлення права займацца грамадскай і палітычнай дзейнасцю на тэрмін 5 гадоў",
            "апеляцыйны суд павялічыў пакаранне Аскара Кайырбека да пазбаўлення волі",
            "Справу разглядалі суддзі Мурат Салтыбаеў, Шынар Ергаліева і Абай Какжалаў.",
            "З павагай просім вас заклікаць улады Казахстана забяспечыць:",
            "неадкладнае і безумоўнае вызваленне Аскара Кайырбека",
            "поўную рэабілітацыю Аскара Кайырбека",
            "расследаванне жорсткага абыходжання, якога зазнаў Аскар Кайырбек",
            "З глыбокай павагай",
            "Дырэктар",
        ):
            assert phrase in text, (path.name, phrase)


def test_sanctions_brief_and_un_communication(built: Path) -> None:
    brief = pdf_text(built / "eu-hrvp" / "sanctions-brief.be.pdf")
    for phrase in (
        "Хадайніцтва аб увядзенні персанальных санкцый у межах глабальнага рэжыму санкцый ЕС у галіне правоў чалавека",
        "Просім, каб тры службовыя асобы Казахстана былі ўключаны ў санкцыйны спіс",
        "за ўдзел у пераследзе Аскара Кайырбека:",
        "Карым Масімаў, Старшыня Камітэта нацыянальнай бяспекі",
        "Рэжым санкцый і яго крытэрыі",
        "Article 1(1)(c)(v), Council Decision (CFSP) 2020/1999, афіцыйны тэкст (англійская): «arbitrary arrests",
        "У матэрыялах справы не зафіксавана канкрэтных датаваных дзеянняў Карыма Масімава",
        "Дадатак з доказамі",
    ):
        assert phrase in brief, phrase
    pages = PdfReader(built / "eu-hrvp" / "sanctions-brief.be.pdf").pages
    assert f"Старонка 1 з {len(pages)}" in (pages[0].extract_text() or "")
    un = pdf_text(built / "un-wgad" / "un-communication.be.pdf")
    for phrase in (
        "Паведамленне адносна Аскара Кайырбека (Казахстан)",
        "Шаноўныя члены Рабочай групы!",
        "Рабочая група па адвольных затрыманнях",
        "Становішча на 6 верасня 2021 г.",
        "Катэгорыя II ахоплівае пазбаўленне волі, якое з'яўляецца вынікам ажыццяўлення правоў",
        "Міжнароднага пакта аб грамадзянскіх і палітычных правах",
        "Акрамя таго, крыніца просіць Рабочую групу заклікаць урад Казахстана забяспечыць:",
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
    return " ".join(docx_paragraphs(out / "uk-fs" / "appeal.be.docx"))


def test_a_woman_gets_the_feminine_forms(tmp_path: Path) -> None:
    campaign = copy_campaign(tmp_path / "campaign")
    _case_with(campaign, "    gender: male\n", "    gender: female\n")
    text = _appeal(campaign, tmp_path / "2021")
    assert "Аскар Кайырбек, асуджаная да пазбаўлення волі на тэрмін 2 гады 2 месяцы, адбывае пакаранне." in text
    assert "якога зазнала Аскар Кайырбек" in text
    assert "асуджаны да" not in text and "зазнаў " not in text
    later = _appeal(campaign, tmp_path / "2022", dt.date(2022, 6, 1))
    assert "прысуд адносна яе застаецца ў сіле" in later
    assert "прысуд адносна яго застаецца" not in later


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
        "Звяртаемся да вас па справе Аскара Кайырбека і Айгуль Утэпавай, распачатай уладамі Казахстана.",
        "раскрыццё звестак пра тое, дзе ўтрымліваюцца Аскар Кайырбек і Айгуль Утэпава",
        "доступ Аскара Кайырбека і Айгуль Утэпавай да абраных імі адвакатаў",
        "неадкладнае і безумоўнае вызваленне Аскара Кайырбека і Айгуль Утэпавай",
    ):
        assert phrase in text, phrase
    assert "улады не паведамляюць, дзе ўтрымліваецца Айгуль Утэпава" in text
