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

LANG = "be"
READING = Reading(
    "be",
    page_label=r"Старонка \d+ з \d+",
    date_line="6 верасня 2021 г.",
    notes_heading="Крыніцы",
    annex="Дадатак з доказамі",
    closings=("З глыбокай павагай", "З павагай"),
)
pdf_text = READING.pdf_text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_letters(tmp_path_factory.mktemp(LANG), LANG)


@pytest.mark.parametrize(("recipient", "document"), BUILT)
def test_docx_paragraphs_carry_the_pdf_sentences(built: Path, recipient: str, document: str) -> None:
    assert_docx_sentences_in_pdf(built, READING, recipient, document)


GENDER_SLASH = re.compile(r"\w\((?:а|ла|ая|ы|ай)\)")


@pytest.mark.parametrize(("recipient", "document"), BUILT)
def test_documents_are_written_in_belarusian(built: Path, recipient: str, document: str) -> None:
    pdf = pdf_text(built / recipient / f"{document}.{LANG}.pdf")
    own = READING.body(pdf)
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


def test_a_woman_gets_the_feminine_forms(tmp_path: Path) -> None:
    campaign = copy_campaign(tmp_path / "campaign")
    edit_case(campaign, "    gender: male\n", "    gender: female\n")
    text = appeal_docx_text(campaign, LANG, tmp_path / "2021")
    assert "Аскар Кайырбек, асуджаная да пазбаўлення волі на тэрмін 2 гады 2 месяцы, адбывае пакаранне." in text
    assert "якога зазнала Аскар Кайырбек" in text
    assert "асуджаны да" not in text and "зазнаў " not in text
    later = appeal_docx_text(campaign, LANG, tmp_path / "2022", dt.date(2022, 6, 1))
    assert "прысуд адносна яе застаецца ў сіле" in later
    assert "прысуд адносна яго застаецца" not in later


def test_two_defendants_get_the_plural_forms(tmp_path: Path) -> None:
    campaign = copy_campaign(tmp_path / "campaign")
    edit_case(campaign, "      - status: imprisoned\n", "      - status: whereabouts-unknown\n")
    edit_case(campaign, "\norganisations:\n", "\n" + AIGUL)
    keep_languages(campaign, ["en", "ru", "kk", "fr", "de", "es", "uk", "be"])  # the languages the second defendant has
    text = appeal_docx_text(campaign, LANG, tmp_path / "out")
    for phrase in (
        "Звяртаемся да вас па справе Аскара Кайырбека і Айгуль Утэпавай, распачатай уладамі Казахстана.",
        "раскрыццё звестак пра тое, дзе ўтрымліваюцца Аскар Кайырбек і Айгуль Утэпава",
        "доступ Аскара Кайырбека і Айгуль Утэпавай да абраных імі адвакатаў",
        "неадкладнае і безумоўнае вызваленне Аскара Кайырбека і Айгуль Утэпавай",
    ):
        assert phrase in text, phrase
    assert "улады не паведамляюць, дзе ўтрымліваецца Айгуль Утэпава" in text
