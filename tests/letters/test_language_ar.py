"""The bundled campaign's letters in Arabic, read back from the PDF and DOCX files they write.

Expected sentences are Arabic as the catalog and the case file are meant to say it (Modern
Standard Arabic in the register of UN documents), written here by hand: never copied from the
output. The PDF is read with poppler (`pdftotext`), which gives right-to-left text in logical
order, but may split a line around a number or a Latin word; so the PDF is compared word by
word, and whole sentences are read from the DOCX, whose paragraphs keep their logical order.
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

LANG = "ar"
DOCUMENTS = (
    ("uk-fs", "appeal"),
    ("eu-hrvp", "appeal"),
    ("eu-hrvp", "sanctions-brief"),
    ("un-wgad", "un-communication"),
)
DATE_MONTH = "سبتمبر"
"""The month of the letters' date (6 September 2021): the document's own words start at its date line,
after the letterhead and the address."""
SOURCES = "المصادر"
"""The heading of the notes; the sources' titles after it are cited as published, in English."""
ANNEX = "مرفق الأدلة"
"""The heading of a brief's evidence annex: its exhibits are the sources' titles as published."""
ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF]")
QUOTED_FOREIGN = re.compile(r"«[^«»\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF]*»")
"""A law quoted in its official language (no Arabic text of it exists): cited as published, not ours."""
OTHER_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]")
PERSIAN_ONLY = re.compile("[\u067e\u0686\u0698\u06a9\u06af\u06cc\u06f0-\u06f9]")
"""پ چ ژ ک گ ی and Persian digits: an Arabic letter never has them."""
CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """Text without direction controls, the zero-width non-joiner and combining marks (the
    vowel signs and shadda of نتوجّه), which text extraction may drop or set apart."""
    return "".join(c for c in CONTROLS.sub("", text) if unicodedata.category(c) != "Mn")


URL = r"https?://\S+"
"""A web address, left out of the words the PDF must have: the PDF breaks a long one after a
'-' or a '/', and poppler, reading a right-to-left paragraph, glues the pieces of a broken one
together in another order ("https://eur-lex.europa.eu" comes out as ".europa.lexeur-//:https")."""
TOKEN = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FF]+|[A-Za-z\u00C0-\u024F]+|[\u0400-\u04FF]+|\d+")
"""A run of one script, or a number: "و2" is the word و and the number 2, and an Arabic word
poppler writes against a Latin one ("ديسمبرlegislation") is two words."""


def words(text: str, *, unvowelled: bool = False) -> Counter[str]:
    """The words and numbers of `text`. With `unvowelled`, only the words written without vowel
    signs or shadda: poppler sets those marks apart from their letters, even on another line
    ("وُجّهت" comes out as "وو ّجهت"), so such a word cannot be found again in the PDF's text."""
    text = CONTROLS.sub("", text)
    if unvowelled:
        text = " ".join(w for w in text.split() if not any(unicodedata.category(c) == "Mn" for c in w))
    return Counter(TOKEN.findall(plain(text)))


def pdf_lines(path: Path) -> list[str]:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return [CONTROLS.sub("", line).strip() for line in done.stdout.decode("utf-8").splitlines()]


def docx_lines(path: Path) -> list[str]:
    """The DOCX's paragraphs, then its table cells, in logical order, without the isolates that
    keep a number or a Latin name in its own direction."""
    document = docx.Document(str(path))
    lines = [_text(p) for p in document.paragraphs]
    lines += [
        " | ".join(" ".join(_text(p) for p in cell.paragraphs) for cell in row.cells)
        for table in document.tables
        for row in table.rows
    ]
    return [CONTROLS.sub("", line).strip() for line in lines if line.strip()]


def _text(paragraph: Any) -> str:
    """A paragraph's text without its note calls (superscript runs): "1999" then note 4 is not "19994"."""
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
    out = tmp_path_factory.mktemp("ar")
    recipients = tuple(dict.fromkeys(r for r, _ in DOCUMENTS))
    options = BuildOptions(out=out, recipients=recipients, languages=(LANG,), formats=("pdf", "docx"), jobs=2)
    result = build(ROOT, options)
    assert not result.failed, [o.error for o in result.failed]
    return out


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_each_document_is_written_in_arabic_script(built: Path, recipient: str, document: str) -> None:
    for fmt in ("pdf", "docx"):
        path = built / recipient / f"{document}.{LANG}.{fmt}"
        lines = pdf_lines(path) if fmt == "pdf" else docx_lines(path)
        # A brief quotes the sanctions criteria in their official English: not the letter's own words.
        text = QUOTED_FOREIGN.sub(" ", own_words(lines))
        arabic, other = len(ARABIC_LETTER.findall(text)), len(OTHER_LETTER.findall(text))
        # Latin is left in references (Decision (CFSP) 2020/1999), the Name row, and the signature.
        assert arabic / (arabic + other) >= 0.75, (path.name, arabic, other)
        if document == "appeal":  # briefs list the Persian form of a name beside the others
            assert not PERSIAN_ONLY.search(text), path.name


@pytest.mark.parametrize(("recipient", "document"), DOCUMENTS)
def test_pdf_and_docx_carry_the_same_words(built: Path, recipient: str, document: str) -> None:
    in_pdf = words(" ".join(pdf_lines(built / recipient / f"{document}.{LANG}.pdf")))
    docx_words = re.sub(URL, " ", " ".join(docx_lines(built / recipient / f"{document}.{LANG}.docx")))
    in_docx = words(docx_words, unvowelled=True)
    missing = in_docx - in_pdf  # the PDF adds note numbers and page labels, nothing more is lost
    assert not missing, missing.most_common(10)
    assert in_docx["عسكر"] >= 3 and in_docx["قايربيك"] >= 3


APPEAL_SENTENCES = (
    "معالي الوزيرة المحترمة،",
    "نتوجّه إليكم بشأن عسكر قايربيك، ناشط مدني ومدوّن على يوتيوب من أستانا، كازاخستان.",
    "يقضي عسكر قايربيك عقوبة السجن لمدة سنتين (2) وشهرين (2).",
    "صدر حكم بإدانة عسكر قايربيك بموجب:",
    # A translated offence title is not quoted: it is our translation, not the law's own words.
    "المادة 405 (الفقرتان 1 و2) من القانون الجنائي لجمهورية كازاخستان (تنظيم أنشطة منظمة متطرفة والمشاركة فيها)",
    "في عام 2020، صدر عن محكمة مقاطعة يسيل في نور سلطان قرار سري للقاضي رسلان ماجيتوف",
    "في 21 يونيو 2021، صدر عن محكمة الدرجة الأولى في نور سلطان حكم على عسكر قايربيك بالسجن لمدة سنة واحدة (1)"
    " و6 أشهر وحظر ممارسة النشاط العام والسياسي لمدة 5 سنوات.",
    "في 2 سبتمبر 2021، صدر عن محكمة الاستئناف قرار برفع العقوبة المفروضة على عسكر قايربيك إلى السجن",
    "تألفت هيئة المحكمة من القضاة مراد سولتيباييف وشينار يرغالييفا وأباي كوكجالوف.",
    "البرلمان الأوروبي، في 11 فبراير 2021، حثّ كازاخستان على إسقاط التهم ذات الدوافع السياسية",
    "نرجو منكم، مع فائق الاحترام، مطالبة سلطات كازاخستان بكفالة ما يلي:",
    "الإفراج الفوري وغير المشروط عن عسكر قايربيك",
    "إجراء تحقيق سريع ونزيه وفعّال في سوء معاملة عسكر قايربيك، ومساءلة المسؤولين عن ذلك",
    "وتفضلوا معاليكم بقبول فائق الاحترام والتقدير،",
)


def test_appeal_reads_as_written_in_arabic(built: Path) -> None:
    text = docx_text(built / "uk-fs" / "appeal.ar.docx")
    for sentence in APPEAL_SENTENCES:
        assert sentence in text, sentence
    pdf = words(" ".join(pdf_lines(built / "uk-fs" / "appeal.ar.pdf")))
    for sentence in APPEAL_SENTENCES:
        assert not words(sentence, unvowelled=True) - pdf, sentence
    # The date line as the locale writes it (ar_001: Latin digits), the name only in Arabic script
    # in the letter's own words (the notes cite the sources' English titles).
    own = own_words(docx_lines(built / "uk-fs" / "appeal.ar.docx"))
    assert "6 سبتمبر 2021" in text
    assert "Askar" not in own and "Kaiyrbek" not in own
    assert '"' not in own and "“" not in own, "Arabic quotes are « »"


def test_brief_and_communication_read_as_written_in_arabic(built: Path) -> None:
    brief = docx_text(built / "eu-hrvp" / "sanctions-brief.ar.docx")
    for sentence in (
        "نطلب إدراج ثلاثة من مسؤولي كازاخستان في القائمة بموجب نظام الاتحاد الأوروبي العالمي للعقوبات"
        " في مجال حقوق الإنسان فيما يتصل بالملاحقة القضائية بحق عسكر قايربيك:",
        "كريم ماسيموف، رئيس لجنة الأمن القومي",
        "غيزات نورداوليتوف، المدعي العام",
        # The criterion is quoted as the official English text has it, with no translation of ours.
        "Article 1(1)(c)(v) من Council Decision (CFSP) 2020/1999، في النص الرسمي باللغة الإنجليزية:"
        " «arbitrary arrests or detentions»",
        "يبتّ المجلس بالإجماع بناءً على اقتراح من إحدى الدول الأعضاء أو من الممثل الأعلى.",
    ):
        assert sentence in brief, sentence
    assert "ترجمة غير رسمية" not in brief
    communication = docx_text(built / "un-wgad" / "un-communication.ar.docx")
    for sentence in (
        "تتشرف منظمة Steppe Rights Watch بأن تعرض على نظركم المعلومات التالية بشأن عسكر قايربيك.",
        "أولًا- الهوية",
        "الوضع في 6 سبتمبر 2021 | في السجن",
        "تشمل الفئة الثانية الحرمان من الحرية الناجم عن ممارسة الحقوق أو الحريات",
        "ويرجو المصدر كذلك من الفريق العامل أن يدعو حكومة كازاخستان إلى كفالة ما يلي:",
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


def _second_defendant(case: dict[str, Any], gender: str) -> None:
    """A second defendant tried with the first in every proceeding."""
    second = copy.deepcopy(case["defendants"][0])
    second["id"] = "aigul-example"
    second["gender"] = gender
    second["name"] = {
        "latin": "Aigul Example",
        "native": {"kk": "Айгүл Мысал", "ru": "Айгуль Пример", "ar": "أيغول مثال", "fa": "آیگول مثال"},
    }
    case["defendants"].append(second)
    for proceeding in case["proceedings"]:
        proceeding["outcomes"] += [dict(copy.deepcopy(o), defendant="aigul-example") for o in proceeding["outcomes"]]


def _disappeared(case: dict[str, Any]) -> None:
    """Whereabouts unknown since 1 August 2021: after the prison term the verdict of 21 June 2021
    began (the custody periods are in date order), before the letters' date."""
    for defendant in case["defendants"]:
        custody = defendant["custody"]
        after = next(i for i, period in enumerate(custody) if str(period["since"]) == "2021-06-21") + 1
        custody.insert(after, {"status": "whereabouts-unknown", "since": "2021-08-01", "src": ["statement"]})


TWO_DEFENDANTS_LANGUAGES = ["en", "ru", "kk", "fr", "de", "es", "ar", "fa"]
"""The languages the invented second defendant's name has a form for (its Latin form serves en, fr, de
and es, which recipients read): a campaign that also declared uk or zh-Hans would need her name in those."""


def _appeal(root: Path, out: Path, formats: tuple[str, ...] = ("docx",)) -> Path:
    options = BuildOptions(
        out=out, recipients=("uk-fs",), documents=("appeal",), languages=(LANG,), formats=formats, jobs=1
    )
    result = build(root, options)
    assert not result.failed, [o.error for o in result.failed]
    return out / "uk-fs" / "appeal.ar.docx"


def test_a_woman_is_spoken_of_in_the_feminine(tmp_path: Path) -> None:
    def female(case: dict[str, Any]) -> None:
        case["defendants"][0]["gender"] = "female"

    path = _appeal(_variant(tmp_path / "campaign", female), tmp_path / "out", ("pdf", "docx"))
    text = docx_text(path)
    assert "تقضي عسكر قايربيك عقوبة السجن لمدة سنتين (2) وشهرين (2)." in text
    assert "يقضي عسكر" not in text
    pdf = words(" ".join(pdf_lines(path.with_suffix(".pdf"))))
    assert not words("تقضي عسكر قايربيك عقوبة السجن") - pdf
    assert pdf["يقضي"] == 0


def test_an_unknown_gender_agrees_with_nothing(tmp_path: Path) -> None:
    def unknown(case: dict[str, Any]) -> None:
        case["defendants"][0]["gender"] = "unknown"

    text = docx_text(_appeal(_variant(tmp_path / "campaign", unknown), tmp_path / "out"))
    # A verbal noun carries the verb: "the serving of the sentence ... is carried out against".
    assert "يجري تنفيذ عقوبة السجن لمدة سنتين (2) وشهرين (2) بحق عسكر قايربيك." in text
    assert "يقضي عسكر" not in text and "تقضي عسكر" not in text


def test_two_defendants_take_the_dual_and_each_of_them_their_family(tmp_path: Path) -> None:
    def two(case: dict[str, Any]) -> None:
        _second_defendant(case, "female")
        _disappeared(case)

    root = _variant(tmp_path / "campaign", two)
    keep_languages(root, TWO_DEFENDANTS_LANGUAGES)
    text = docx_text(_appeal(root, tmp_path / "out"))
    assert "قرار برفع العقوبتين المفروضتين على عسكر قايربيك وأيغول مثال إلى السجن" in text
    assert "الإفراج الفوري وغير المشروط عن عسكر قايربيك وأيغول مثال" in text
    # Several people: "each of" A and B, whose singular pronoun is right for two as for more.
    assert "تمكين كلٍّ من عسكر قايربيك وأيغول مثال من الاتصال بأفراد أسرته فورًا وبانتظام" in text
    assert "تمكين كلٍّ من عسكر قايربيك وأيغول مثال من الاستعانة بمحامٍ من اختياره" in text


def test_two_women_take_the_feminine_plural(tmp_path: Path) -> None:
    def two_women(case: dict[str, Any]) -> None:
        case["defendants"][0]["gender"] = "female"
        _second_defendant(case, "female")
        _disappeared(case)

    root = _variant(tmp_path / "campaign", two_women)
    keep_languages(root, TWO_DEFENDANTS_LANGUAGES)
    text = docx_text(_appeal(root, tmp_path / "out"))
    assert "تمكين كلٍّ من عسكر قايربيك وأيغول مثال من الاتصال بأفراد أسرتها فورًا وبانتظام" in text
    assert "من اختيارها" in text and not re.search(r"من اختياره\b", text)


def test_one_man_whose_whereabouts_are_unknown(tmp_path: Path) -> None:
    text = docx_text(_appeal(_variant(tmp_path / "campaign", _disappeared), tmp_path / "out"))
    assert "منذ 1 أغسطس 2021، لم تكشف السلطات عن مكان احتجاز عسكر قايربيك." in text
    assert "تمكين عسكر قايربيك من الاتصال بأفراد أسرته فورًا وبانتظام" in text
