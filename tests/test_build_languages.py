"""The bundled campaign built in every shipped language, read back from the files.

Expected dates are CLDR's long date forms for each letter's locale (a letter to a British office
in a language with no British locale is formatted in the language's own; Arabic in `ar_001`;
Persian adds the Solar Hijri date, in Persian digits); names and case texts come from the case
file; English sentences to look for come from the message template (the source text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from babel import Locale
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from campaign.app.build import build
from campaign.cli import cli
from campaign.errors import InputError
from campaign.jobs.job import BuildOptions
from campaign.load.campaign import load_campaign
from tests.campaign_support import LETTERS, ROOT
from tests.campaign_support import pdf_text as running_text

LANGUAGES = ("ru", "kk", "fr", "de", "es", "uk", "be", "ar", "fa", "zh-Hans", "zh-Hant")
"""Every shipped language but English, the source (tests/test_build.py reads the English letters)."""
RECIPIENTS = ("uk-fs", "eu-hrvp", "un-wgad")
DOCUMENTS = (
    ("uk-fs", "appeal"),
    ("eu-hrvp", "appeal"),
    ("eu-hrvp", "sanctions-brief"),
    ("un-wgad", "un-communication"),
)
"""What the build writes for RECIPIENTS; uk-fs's sanctions brief is skipped (no uk-ghr ground)."""
VERDICTS = {
    "ru": ("21 июня 2021 г.", "2 сентября 2021 г."),
    "kk": ("2021 ж. 21 маусым", "2021 ж. 2 қыркүйек"),
    "fr": ("21 juin 2021", "2 septembre 2021"),
    "de": ("21. Juni 2021", "2. September 2021"),
    "es": ("21 de junio de 2021", "2 de septiembre de 2021"),
    "uk": ("21 червня 2021 р.", "2 вересня 2021 р."),
    "be": ("21 чэрвеня 2021 г.", "2 верасня 2021 г."),
    "ar": ("21 يونيو 2021", "2 سبتمبر 2021"),
    "fa": ("۲۱ ژوئن ۲۰۲۱ (۳۱ خرداد ۱۴۰۰)", "۲ سپتامبر ۲۰۲۱ (۱۱ شهریور ۱۴۰۰)"),
    "zh-Hans": ("2021年6月21日", "2021年9月2日"),
    "zh-Hant": ("2021年6月21日", "2021年9月2日"),
}
"""The first-instance verdict (21 June 2021) and the appeal verdict (2 September 2021)."""
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
ARABIC = re.compile(r"[\u0600-\u06FF]")
HAN = re.compile(r"[\u4E00-\u9FFF]")
SCRIPTS = {"ru": CYRILLIC, "kk": CYRILLIC, "uk": CYRILLIC, "be": CYRILLIC, "ar": ARABIC, "fa": ARABIC}
SCRIPTS |= {"zh-Hans": HAN, "zh-Hant": HAN}
"""Languages not written in the Latin script: their letters name people in the case file's native
form (campaign.yaml sets no `names:`, so the script decides)."""
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"|「[^」]*」")
"""Quoted passages: a brief quotes a law in its official language where the letter's has none."""
RIGHT_TO_LEFT = ("ar", "fa")
"""pypdf reads a right-to-left line of a PDF in visual order: its words stay whole, but a date's
words come in another order and a number may come reversed (۲۰۲۱ as ۱۲۰۲). The DOCX, in logical
order, is checked for the whole date."""
UNSPACED = ("zh-Hans", "zh-Hant")
"""Languages written without spaces between words: a PDF line break inside a name is no space."""


def spaced(text: str) -> str:
    """One plain space for every run of white space, including CLDR's narrow no-break spaces; no
    bidi isolation marks (a DOCX keeps them around right-to-left names, a PDF's text does not)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", re.sub("[\u00ad\u200e\u200f\u2066-\u2069]", "", text))


PAGE_LABELS = {
    "fr": r"Page \d+ sur \d+",
    "de": r"Seite \d+ von \d+",
    "es": r"Página \d+ de \d+",
    "ru": r"Страница \d+ из \d+",
    "uk": r"Сторінка \d+ з \d+",
    "be": r"Старонка \d+ з \d+",
    "kk": r"\d+ беттің \d+-беті",
    "zh-Hans": r"第\s*\d+\s*页\s*，\s*共\s*\d+\s*页",
    "zh-Hant": r"第\s*\d+\s*頁\s*，\s*共\s*\d+\s*頁",
}
"""Each catalog's page label; English's is the helper's own."""


def pdf_text(path: Path) -> str:
    """The PDF's running text (`appeal.fr.pdf`: French), its page footers left out, line-end hyphens joined."""
    label = PAGE_LABELS.get(path.name.split(".")[-2])
    return spaced(running_text(path, label) if label else running_text(path))


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return spaced(" ".join(parts))


def comparable(text: str, lang: str) -> str:
    return re.sub(r"\s+", "", text) if lang in UNSPACED else text


def english_fragments() -> list[str]:
    """Pieces of the English source text between placeholders, long enough to be a phrase."""
    with (LETTERS / "locale" / "letters.pot").open("rb") as handle:
        template = read_po(handle)
    fragments = []
    for message in template:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            for piece in re.split(r"%\(\w+\)[sd]", text or ""):
                piece = piece.strip(" .,:;“”()")
                if len(piece) >= 16 and " " in piece:
                    fragments.append(piece)
    return fragments


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The letters of RECIPIENTS in one language, built once per language on first use (a language
    whose catalog is incomplete fails its own tests only)."""
    done: dict[str, Path] = {}

    def built_in(lang: str) -> Path:
        if lang not in done:
            out = tmp_path_factory.mktemp(f"letters-{lang}")
            result = build(ROOT, BuildOptions(out=out, recipients=RECIPIENTS, languages=(lang,), jobs=2))
            assert not result.failed, [o.error for o in result.failed]
            done[lang] = out
        return done[lang]

    return built_in


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_document_exists_in_the_language(built: Callable[[str], Path], lang: str) -> None:
    out = built(lang)
    for recipient, document in DOCUMENTS:
        for fmt in ("pdf", "docx"):
            assert (out / recipient / f"{document}.{lang}.{fmt}").is_file()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_appeal_has_locale_dates_and_names_in_the_right_script(
    built: Callable[[str], Path], lang: str, fmt: str
) -> None:
    case = load_campaign(ROOT).campaign.case
    path = built(lang) / "uk-fs" / f"appeal.{lang}.{fmt}"
    text = comparable(pdf_text(path) if fmt == "pdf" else docx_text(path), lang)
    for verdict in VERDICTS[lang]:
        if fmt == "pdf" and lang in RIGHT_TO_LEFT:
            words = re.findall(r"[^\s()]+", verdict)
            assert all(word in text or (word.isdigit() and word[::-1] in text) for word in words), verdict
        else:
            assert comparable(verdict, lang) in text
    appeal = next(p for p in case.proceedings if p.stage.value == "appeal")
    for name in (case.lead_defendant.name, *appeal.judges):
        shown = name.native[lang] if lang in SCRIPTS else name.latin
        assert comparable(shown, lang) in text, shown
        if lang in SCRIPTS:
            # The notes quote the sources' own titles, which may spell the name in Latin.
            notes = min(text.find(comparable(f"{s.organisation}:", lang)) % (len(text) + 1) for s in case.sources)
            assert name.latin not in text[:notes]


@pytest.mark.parametrize("lang", list(SCRIPTS))
def test_letters_are_written_in_their_script(built: Callable[[str], Path], lang: str) -> None:
    loaded = load_campaign(ROOT)
    campaign = loaded.campaign
    sender = campaign.settings.organisation
    data = [sender.name, *sender.address, str(sender.website), sender.email, campaign.settings.signatory.name]
    for source in (*campaign.case.sources, *(loaded.regimes.sources if loaded.regimes else ())):
        data += [source.title, source.organisation]
    out = built(lang)
    for recipient, document in (("uk-fs", "appeal"), ("eu-hrvp", "sanctions-brief")):
        path = out / recipient / f"{document}.{lang}.docx"
        body = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        postal = next(r.postal_address for r in campaign.recipients if r.id == recipient)
        for text in sorted({*data, *postal}, key=len, reverse=True):
            body = body.replace(text, " ")
        body = QUOTED.sub(" ", re.sub(r"https?://\S+|evidence/\S+|\b[0-9a-f]{64}\b", " ", body))
        native, latin = len(SCRIPTS[lang].findall(body)), len(LATIN.findall(body))
        # Latin remains only in legal references and names of laws, brands and addressees.
        assert native / (native + latin) > 0.6, (path.name, native, latin)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_sentence_is_left(built: Callable[[str], Path], lang: str) -> None:
    fragments = english_fragments()
    assert len(fragments) > 50
    paths = sorted(built(lang).glob(f"*/*.{lang}.docx"))
    assert len(paths) == len(DOCUMENTS)
    for path in paths:
        text = docx_text(path)
        left = [f for f in fragments if f in text]
        assert not left, (path.name, left[:5])


def test_pseudo_locale_leaves_no_template_text_outside_the_catalog(tmp_path: Path) -> None:
    """Built in `xx`, every template word is pseudo-translated; what is left is data.

    The pseudo-locale shows the English data (case, recipients, regimes, forms of address) and
    formats like English: month and language names come from CLDR, not from the templates.
    """
    out = tmp_path / "xx"
    result = build(ROOT, BuildOptions(out=out, recipients=RECIPIENTS, languages=("xx",), jobs=1))
    assert not result.failed, [o.error for o in result.failed]
    data_files = [ROOT / "campaign.yaml", ROOT / "recipients.yaml", ROOT / "cases" / "askar-kaiyrbek.yaml"]
    data_files += [LETTERS / "regimes.yaml", LETTERS / "regimes" / "criteria.yaml", LETTERS / "forms-of-address.yaml"]
    data_files += sorted((LETTERS / "regimes" / "official").glob("*.txt"))  # the laws' words, quoted
    data_words = set()
    for file in data_files:
        data_words |= set(re.findall(r"[^\W\d_]+", file.read_text("utf-8")))
    english = Locale.parse("en")
    cldr = {w for month in english.months["format"]["wide"].values() for w in month.split()}
    cldr |= {w for name in english.languages.values() for w in re.findall(r"[^\W\d_]+", name)}
    paths = sorted(out.glob("*/*.xx.docx"))
    assert len(paths) == len(DOCUMENTS)
    texts = [docx_text(path) for path in paths] + [pdf_text(path.with_suffix(".pdf")) for path in paths]
    for path, text in zip(paths * 2, texts, strict=True):
        outside = re.sub(r"⁅[^⁅⁆]*⁆", " ", text)
        while "⁅" in outside:
            outside = re.sub(r"⁅[^⁅⁆]*⁆", " ", outside)
        outside = re.sub(r"(?<=[\u4E00-\u9FFF])\s+(?=[\u4E00-\u9FFF])", "", outside)  # a PDF's line break
        leftover = set(re.findall(r"[^\W\d_]+", outside)) - data_words - cldr
        assert not leftover, (path.name, sorted(leftover)[:20])


def _mark_first_entry_fuzzy(po: Path) -> str:
    text = po.read_text("utf-8")
    match = re.search(r'\n\n(#[^\n]*\n)*msgid "([^"]+)"', text)
    assert match
    marked = text[: match.start()] + "\n\n#, fuzzy" + text[match.start() + 1 :]
    po.write_text(marked, "utf-8")
    return match.group(2)


def test_fuzzy_entry_holds_back_its_language_and_fallback_is_recorded(campaign_copy: Path, tmp_path: Path) -> None:
    msgid = _mark_first_entry_fuzzy(campaign_copy / "letters" / "locale" / "de" / "LC_MESSAGES" / "letters.po")
    runner = CliRunner()
    args = ["build", "--campaign", str(campaign_copy), "--recipient", "ch-fdfa", "--format", "docx"]
    refused = runner.invoke(cli, [*args, "--out", str(tmp_path / "refused")])
    assert refused.exit_code == 1
    assert "held back every letter in 'de'" in refused.output and msgid in refused.output
    written = sorted(p.name for p in (tmp_path / "refused" / "ch-fdfa").iterdir())
    assert written and all(".fr." in name for name in written), written  # the French letters are not held back

    out = tmp_path / "fallback"
    done = runner.invoke(cli, [*args, "--out", str(out), "--fallback", "en"])
    assert done.exit_code == 0, done.output
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    by_language = {e["language"]: e for e in manifest["entries"]}
    assert by_language["de"]["fallback_from"] == "en"
    assert "fallback_from" not in by_language["fr"]


def test_lang_overrides_the_recipients_languages(tmp_path: Path) -> None:
    recipient = next(r for r in load_campaign(ROOT).campaign.recipients if r.id == "ch-fdfa")
    assert set(recipient.languages) == {"de", "fr"}
    options = dict(recipients=("ch-fdfa",), formats=("docx",), jobs=1)
    result = build(ROOT, BuildOptions(out=tmp_path / "fr", languages=("fr",), **options))  # type: ignore[arg-type]
    assert {o.language for o in result.written} == {"fr"}
    default = build(ROOT, BuildOptions(out=tmp_path / "default", **options))  # type: ignore[arg-type]
    assert {o.language for o in default.written} == {"de", "fr"}


def test_lang_without_the_recipients_address_in_it_is_refused(tmp_path: Path) -> None:
    """ch-fdfa's institution and office are not given in English: no English letter, no other
    language's address block in it."""
    recipient = next(r for r in load_campaign(ROOT).campaign.recipients if r.id == "ch-fdfa")
    assert isinstance(recipient.institution, dict) and "en" not in recipient.institution
    options = BuildOptions(out=tmp_path, recipients=("ch-fdfa",), languages=("en",), formats=("docx",), jobs=1)
    with pytest.raises(InputError, match="needs the institution and office in 'en'"):
        build(ROOT, options)
    assert not (tmp_path / "ch-fdfa").exists()
