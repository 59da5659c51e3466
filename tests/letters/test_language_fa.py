"""The bundled campaign's letters in Persian, read back from the PDF and DOCX files they write.

Expected sentences are formal Iranian Persian as the catalog and the case file are meant to say
it, written here by hand: never copied from the output. Dates are Gregorian with the Solar Hijri
date beside them, in Persian digits. The PDF is read with poppler (`pdftotext`), which gives
right-to-left text in logical order but drops the zero-width non-joiner and sets combining marks
apart; so the PDF is compared word by word, and whole sentences are read from the DOCX.
"""

from __future__ import annotations

import copy
import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from campaign.app.build import build
from campaign.jobs.job import BuildOptions
from tests.campaign_support import ROOT, copy_campaign, keep_languages

LANG = "fa"
DOCUMENTS = (
    ("uk-fs", "appeal"),
    ("eu-hrvp", "appeal"),
    ("eu-hrvp", "sanctions-brief"),
    ("un-wgad", "un-communication"),
)
DATE_MONTH = "سپتامبر"
"""The month of the letters' date (6 September 2021): the document's own words start at its date line,
after the letterhead and the address."""
SOURCES = "منابع"
"""The heading of the notes; the sources' titles after it are cited as published, in English."""
ANNEX = "پیوست مدارک"
"""The heading of a brief's evidence annex: its exhibits are the sources' titles as published."""
ARABIC_SCRIPT = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF]")
QUOTED_FOREIGN = re.compile(r"«[^«»\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF]*»")
"""A law quoted in its official language (no Persian text of it exists): cited as published, not ours."""
OTHER_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]")
ARABIC_ONLY = re.compile("[\u0643\u064a\u0629\u0660-\u0669]")
"""ك ي ة and Arabic-Indic digits: Persian writes ک ی and ۰-۹."""
CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
URL = r"https?://\S+"
"""A web address, left out of the words the PDF must have: the PDF breaks a long one after a
'-' or a '/', and poppler, reading a right-to-left paragraph, glues the pieces of a broken one
together in another order ("https://eur-lex.europa.eu" comes out as ".europa.lexeur-//:https")."""
TOKEN = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FF]+|[A-Za-z\u00C0-\u024F]+|[\u0400-\u04FF]+|\d+")
"""A run of one script, or a number (Persian digits too)."""


def plain(text: str) -> str:
    """Text without direction controls, the zero-width non-joiner and combining marks (the
    hamza of the ezafe, "مادهٔ"), which poppler drops or sets apart."""
    return "".join(c for c in CONTROLS.sub("", text) if unicodedata.category(c) != "Mn")


def words(text: str, *, unmarked: bool = False) -> Counter[str]:
    """The words and numbers of `text`. With `unmarked`, only the words without a combining
    mark: poppler writes the ezafe's hamza apart from its letter, even on another line."""
    text = CONTROLS.sub("", text.replace("\u200c", ""))
    if unmarked:
        text = " ".join(w for w in text.split() if not any(unicodedata.category(c) == "Mn" for c in w))
    return Counter(TOKEN.findall(plain(text)))


def pdf_lines(path: Path) -> list[str]:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return [CONTROLS.sub("", line).strip() for line in done.stdout.decode("utf-8").splitlines()]


def docx_lines(path: Path) -> list[str]:
    """The DOCX's paragraphs, then its table cells, in logical order, with the zero-width
    non-joiner kept and without the isolates that keep a number or a Latin name in its own direction."""
    document = docx.Document(str(path))
    lines = [_text(p) for p in document.paragraphs]
    lines += [
        " | ".join(" ".join(_text(p) for p in cell.paragraphs) for cell in row.cells)
        for table in document.tables
        for row in table.rows
    ]
    isolates = re.compile("[\u202a-\u202e\u2066-\u2069]")
    return [isolates.sub("", line).strip() for line in lines if line.strip()]


def _text(paragraph: Any) -> str:
    """A paragraph's text without its note calls (superscript runs)."""
    return "".join(
        item.text for item in paragraph.iter_inner_content() if not (hasattr(item, "font") and item.font.superscript)
    )


def own_words(lines: list[str]) -> str:
    """The document's own text: from its date line to the sources, or to a brief's evidence annex."""
    start = next(i for i, line in enumerate(lines) if DATE_MONTH in line)
    end = min(i for i, line in enumerate(lines) if i > start and line in (SOURCES, ANNEX))
    text = " ".join(lines[start:end])
    return re.sub(r"\S+@\S+|https?://\S+", " ", text)


def docx_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(docx_lines(path)))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fa")
    recipients = tuple(dict.fromkeys(r for r, _ in DOCUMENTS))
    options = BuildOptions(out=out, recipients=recipients, languages=(LANG,), formats=("pdf", "docx"), jobs=2)
    result = build(ROOT, options)
    assert not result.failed, [o.error for o in result.failed]
    return out


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_each_document_is_written_in_persian_script(built: Path, recipient: str, document: str) -> None:
    for fmt in ("pdf", "docx"):
        path = built / recipient / f"{document}.{LANG}.{fmt}"
        lines = pdf_lines(path) if fmt == "pdf" else docx_lines(path)
        # A brief quotes the sanctions criteria in their official English: not the letter's own words.
        text = QUOTED_FOREIGN.sub(" ", own_words(lines))
        persian, other = len(ARABIC_SCRIPT.findall(text)), len(OTHER_LETTER.findall(text))
        # Latin is left in references (Decision (CFSP) 2020/1999), the Name row, and the signature.
        assert persian / (persian + other) >= 0.75, (path.name, persian, other)
        if document == "appeal":  # briefs list the Arabic form of a name beside the others
            assert not ARABIC_ONLY.search(text), path.name


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_pdf_and_docx_carry_the_same_words(built: Path, recipient: str, document: str) -> None:
    in_pdf = words(" ".join(pdf_lines(built / recipient / f"{document}.{LANG}.pdf")))
    docx_words = re.sub(URL, " ", " ".join(docx_lines(built / recipient / f"{document}.{LANG}.docx")))
    in_docx = words(docx_words, unmarked=True)
    missing = in_docx - in_pdf  # the PDF adds note numbers and page labels, nothing more is lost
    assert not missing, missing.most_common(10)
    assert in_docx["عسکر"] >= 3 and in_docx["قایربیک"] >= 3


APPEAL_SENTENCES = (
    "سرکار خانم وزیر،",
    "این نامه را دربارهٔ عسکر قایربیک، فعال مدنی و ویدئوبلاگر یوتیوب ساکن آستانه، قزاقستان، به شما می‌نویسیم.",
    "عسکر قایربیک در حال تحمل ۲ سال و ۲ ماه حبس است.",
    "عسکر قایربیک بر اساس مواد زیر محکوم شده است:",
    # A translated offence title is not quoted: it is our translation, not the law's own words.
    "مادهٔ 405 قانون جزای جمهوری قزاقستان (سازمان‌دهی فعالیت یک سازمان افراطی و مشارکت در آن)",
    "کوشه پارتیاسی یک جنبش مخالف مسالمت‌آمیز است.",
    "در سال ۲۰۲۰، دادگاه ناحیهٔ یسیل نورسلطان با رأی محرمانهٔ قاضی روسلان ماژیتوف آن را «سازمان افراطی» اعلام کرد.",
    "در ۲۱ ژوئن ۲۰۲۱ (۳۱ خرداد ۱۴۰۰)، دادگاه بدوی نورسلطان عسکر قایربیک را به ۱ سال و ۶ ماه حبس"
    " و ۵ سال محرومیت از فعالیت اجتماعی و سیاسی محکوم کرد.",
    "در ۲ سپتامبر ۲۰۲۱ (۱۱ شهریور ۱۴۰۰)، دادگاه تجدیدنظر مجازات عسکر قایربیک را به ۲ سال و ۲ ماه حبس",
    "در ۱۰ مه ۲۰۲۰ (۲۱ اردیبهشت ۱۳۹۹)، عسکر قایربیک دربارهٔ تلاش برای ثبت جنبش مخالف مسالمت‌آمیز کوشه پارتیاسی",
    "پارلمان اروپا در قطعنامهٔ خود دربارهٔ وضعیت حقوق بشر در قزاقستان",
    "با احترام از شما می‌خواهیم از مقامات قزاقستان بخواهید موارد زیر را تضمین کنند:",
    "آزادی فوری و بی‌قیدوشرط عسکر قایربیک",
    "اعادهٔ حیثیت کامل از عسکر قایربیک",
    "با تقدیم احترام،",
)


def test_appeal_reads_as_written_in_persian(built: Path) -> None:
    path = built / "uk-fs" / "appeal.fa.docx"
    text = docx_text(path)
    for sentence in APPEAL_SENTENCES:
        assert sentence in text, sentence
    pdf = words(" ".join(pdf_lines(path.with_suffix(".pdf"))))
    for sentence in APPEAL_SENTENCES:
        assert not words(sentence, unmarked=True) - pdf, sentence
    # The date line: Gregorian, then Solar Hijri, in Persian digits; in the PDF too.
    assert "۶ سپتامبر ۲۰۲۱ (۱۵ شهریور ۱۴۰۰)" in text
    assert not words("۶ سپتامبر ۲۰۲۱ ۱۵ شهریور ۱۴۰۰") - pdf
    own = own_words(docx_lines(path))
    assert "Askar" not in own and "Kaiyrbek" not in own
    assert '"' not in own and "“" not in own, "Persian quotes are « »"
    # The letter's dates are in Persian digits; Latin digits are left in references ("2021/2544(RSP)").
    assert not re.search(r"(?<![/\d])20[012]\d(?![/\d])", own), "a date in Latin digits"


def test_brief_and_communication_read_as_written_in_persian(built: Path) -> None:
    brief = docx_text(built / "eu-hrvp" / "sanctions-brief.fa.docx")
    for sentence in (
        "درخواست داریم سه مقام قزاقستان در ارتباط با پیگرد قضایی عسکر قایربیک بر اساس رژیم جهانی"
        " تحریم‌های حقوق بشری اتحادیهٔ اروپا در فهرست تحریم قرار گیرند:",
        "کریم ماسیموف، رئیس کمیتهٔ امنیت ملی",
        "غیزات نورداولتوف، دادستان کل",
        # The criterion is quoted as the official English text has it, with no translation of ours.
        "Article 1(1)(c)(v) از Council Decision (CFSP) 2020/1999، در متن رسمی به زبان انگلیسی:"
        " «arbitrary arrests or detentions»",
        "شورا به پیشنهاد یکی از کشورهای عضو یا نمایندهٔ عالی، به اتفاق آرا تصمیم می‌گیرد.",
    ):
        assert sentence in brief, sentence
    assert "ترجمهٔ غیررسمی" not in brief
    communication = docx_text(built / "un-wgad" / "un-communication.fa.docx")
    for sentence in (
        "سازمان Steppe Rights Watch مفتخر است اطلاعات زیر را دربارهٔ عسکر قایربیک برای بررسی به استحضار شما برساند.",
        "۱. هویت",
        "وضعیت در ۶ سپتامبر ۲۰۲۱ (۱۵ شهریور ۱۴۰۰) | در زندان",
        "دستهٔ دوم ناظر به سلب آزادی‌ای است که",
        "منبع همچنین از کارگروه درخواست می‌کند از دولت قزاقستان بخواهد موارد زیر را تضمین کند:",
    ):
        assert sentence in communication, sentence


# --- gender and number -------------------------------------------------------------------------


def _variant(target: Path, change: Any) -> Path:
    """A copy of the bundled campaign whose case file `change(case)` has edited."""
    root = copy_campaign(target)
    path = root / "cases" / "askar-kaiyrbek.yaml"
    case = yaml.safe_load(path.read_text("utf-8"))
    change(case)
    path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), "utf-8")
    return root


def _second_defendant(case: dict[str, Any]) -> None:
    """A second defendant, a woman, tried with the first in every proceeding."""
    second = copy.deepcopy(case["defendants"][0])
    second["id"] = "aigul-example"
    second["gender"] = "female"
    second["name"] = {
        "latin": "Aigul Example",
        "native": {"kk": "Айгүл Мысал", "ru": "Айгуль Пример", "ar": "أيغول مثال", "fa": "آیگول مثال"},
    }
    case["defendants"].append(second)
    for proceeding in case["proceedings"]:
        proceeding["outcomes"] += [dict(copy.deepcopy(o), defendant="aigul-example") for o in proceeding["outcomes"]]


def _abroad(case: dict[str, Any]) -> None:
    """Abroad since 1 August 2021: after the prison term the verdict of 21 June 2021 began (the
    custody periods are in date order), before the letters' date."""
    for defendant in case["defendants"]:
        custody = defendant["custody"]
        after = next(i for i, period in enumerate(custody) if str(period["since"]) == "2021-06-21") + 1
        custody.insert(after, {"status": "abroad", "since": "2021-08-01", "src": ["statement"]})


TWO_DEFENDANTS_LANGUAGES = ["en", "ru", "kk", "fr", "de", "es", "ar", "fa"]
"""The languages the invented second defendant's name has a form for (its Latin form serves en, fr, de
and es, which recipients read): a campaign that also declared uk or zh-Hans would need her name in those."""


def _appeal(root: Path, out: Path, formats: tuple[str, ...] = ("docx",)) -> Path:
    options = BuildOptions(
        out=out, recipients=("uk-fs",), documents=("appeal",), languages=(LANG,), formats=formats, jobs=1
    )
    result = build(root, options)
    assert not result.failed, [o.error for o in result.failed]
    return out / "uk-fs" / "appeal.fa.docx"


@pytest.mark.parametrize("gender", ["female", "unknown"])
def test_persian_words_agree_with_no_gender(built: Path, tmp_path: Path, gender: str) -> None:
    """Persian has no grammatical gender: a letter about a woman, or a person of unknown gender,
    has the very words of the letter about a man."""

    def regendered(case: dict[str, Any]) -> None:
        case["defendants"][0]["gender"] = gender

    formats = ("pdf", "docx") if gender == "female" else ("docx",)
    path = _appeal(_variant(tmp_path / "campaign", regendered), tmp_path / "out", formats)
    assert docx_lines(path) == docx_lines(built / "uk-fs" / "appeal.fa.docx")
    assert "عسکر قایربیک در حال تحمل ۲ سال و ۲ ماه حبس است." in docx_text(path)
    if gender == "female":
        pdf = words(" ".join(pdf_lines(path.with_suffix(".pdf"))))
        assert not words("عسکر قایربیک در حال تحمل حبس است") - pdf


def test_two_defendants_take_the_plural(tmp_path: Path) -> None:
    def two(case: dict[str, Any]) -> None:
        _second_defendant(case)
        _abroad(case)

    root = _variant(tmp_path / "campaign", two)
    keep_languages(root, TWO_DEFENDANTS_LANGUAGES)
    text = docx_text(_appeal(root, tmp_path / "out"))
    assert "دادگاه تجدیدنظر مجازات‌های عسکر قایربیک و آیگول مثال را به ۲ سال و ۲ ماه حبس" in text
    assert "تضمین اینکه عسکر قایربیک و آیگول مثال بتوانند بدون خطر بازداشت به قزاقستان بازگردند" in text
    assert "عسکر قایربیک در خارج از کشور زندگی می‌کند، اما محکومیت همچنان به قوت خود باقی است." in text


def test_one_defendant_abroad_takes_the_singular(tmp_path: Path) -> None:
    text = docx_text(_appeal(_variant(tmp_path / "campaign", _abroad), tmp_path / "out"))
    assert "تضمین اینکه عسکر قایربیک بتواند بدون خطر بازداشت به قزاقستان بازگردد" in text
    assert "دادگاه تجدیدنظر مجازات عسکر قایربیک را به ۲ سال و ۲ ماه حبس" in text
