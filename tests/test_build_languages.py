"""The bundled campaign built in every language, read back from the files.

Expected dates are the forms the issue states for each locale; names and case texts come from
the case file; English sentences to look for come from the message template (the source text).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader
from typer.testing import CliRunner

from campaign.app.build import build
from campaign.cli import cli
from campaign.jobs.job import BuildOptions
from campaign.load.campaign import load_campaign
from tests.campaign_support import LETTERS, ROOT

LANGUAGES = ("ru", "kk", "fr", "de", "es")
RECIPIENTS = ("uk-fs", "eu-hrvp", "un-wgad")
VERDICTS = {
    "ru": ("21 июня 2021 г.", "2 сентября 2021 г."),
    "kk": ("2021 ж. 21 маусым", "2021 ж. 2 қыркүйек"),
    "fr": ("21 juin 2021", "2 septembre 2021"),
    "de": ("21. Juni 2021", "2. September 2021"),
    "es": ("21 de junio de 2021", "2 de septiembre de 2021"),
}
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def spaced(text: str) -> str:
    """One plain space for every run of white space, including CLDR's narrow no-break spaces."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text.replace("\u00ad", ""))


def pdf_text(path: Path) -> str:
    return spaced(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def body_paragraphs(path: Path) -> list[str]:
    """The DOCX paragraphs from the salutation to the sources: the letter's own words."""
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    return paragraphs


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return spaced(" ".join(parts))


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
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("languages")
    result = build(ROOT, BuildOptions(out=out, recipients=RECIPIENTS, languages=LANGUAGES, jobs=2))
    assert not result.failed, [o.error for o in result.failed]
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_document_exists_in_the_language(built: Path, lang: str) -> None:
    for recipient, documents in (
        ("uk-fs", ["appeal"]),
        ("eu-hrvp", ["appeal", "sanctions-brief"]),
        ("un-wgad", ["un-communication"]),
    ):
        for document in documents:
            for fmt in ("pdf", "docx"):
                assert (built / recipient / f"{document}.{lang}.{fmt}").is_file()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_appeal_has_locale_dates_and_names_in_the_right_script(built: Path, lang: str, fmt: str) -> None:
    case = load_campaign(ROOT).campaign.case
    path = built / "uk-fs" / f"appeal.{lang}.{fmt}"
    text = pdf_text(path) if fmt == "pdf" else docx_text(path)
    for verdict in VERDICTS[lang]:
        assert verdict in text
    person = case.person.name
    appeal = next(p for p in case.proceedings if p.stage.value == "appeal")
    expected = [person, *appeal.judges]
    for name in expected:
        shown = name.native[lang] if lang in ("ru", "kk") else name.latin
        assert shown in text, shown
        if lang in ("ru", "kk"):
            # The notes quote the sources' own titles, which may spell the name in Latin.
            notes = min(text.find(f"{s.organisation}:") % (len(text) + 1) for s in case.sources)
            assert name.latin not in text[:notes]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_cyrillic_letters_are_written_in_cyrillic(built: Path, lang: str) -> None:
    for path in (built / "uk-fs" / f"appeal.{lang}.docx", built / "eu-hrvp" / f"sanctions-brief.{lang}.docx"):
        paragraphs = body_paragraphs(path)
        start = next(i for i, p in enumerate(paragraphs) if p.rstrip().endswith(("!", ",")))
        body = " ".join(paragraphs[start:])
        body = body[: body.rfind("\n")] if "\n" in body else body
        cyrillic, latin = len(CYRILLIC.findall(body)), len(LATIN.findall(body))
        # Latin remains only in sources' titles and URLs, legal references and the sender's name.
        assert cyrillic / (cyrillic + latin) > 0.6, (path.name, cyrillic, latin)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_sentence_is_left(built: Path, lang: str) -> None:
    fragments = english_fragments()
    assert len(fragments) > 50
    for path in sorted(built.glob(f"*/*.{lang}.docx")):
        text = docx_text(path)
        left = [f for f in fragments if f in text]
        assert not left, (path.name, left[:5])


def test_pseudo_locale_leaves_no_template_text_outside_the_catalog(tmp_path: Path) -> None:
    """Built in `xx`, every template word is pseudo-translated; what is left is data."""
    out = tmp_path / "xx"
    result = build(ROOT, BuildOptions(out=out, recipients=RECIPIENTS, languages=("xx",), jobs=1))
    assert not result.failed, [o.error for o in result.failed]
    data_words = set()
    for file in ("campaign.yaml", "recipients.yaml", "cases/askar-kaiyrbek.yaml", "letters/regimes.yaml"):
        data_words |= set(re.findall(r"[^\W\d_]+", (ROOT / file).read_text("utf-8")))
    months = {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    }  # dates are formatted by CLDR, not by templates
    languages = {"Kazakh", "Russian"}  # language names come from CLDR too
    paths = sorted(out.glob("*/*.xx.docx"))
    assert len(paths) == 4
    texts = [docx_text(path) for path in paths] + [pdf_text(path.with_suffix(".pdf")) for path in paths]
    for path, text in zip(paths * 2, texts, strict=True):
        outside = re.sub(r"⁅[^⁅⁆]*⁆", " ", text)
        while "⁅" in outside:
            outside = re.sub(r"⁅[^⁅⁆]*⁆", " ", outside)
        leftover = set(re.findall(r"[^\W\d_]+", outside)) - data_words - months - languages
        assert not leftover, (path.name, sorted(leftover)[:20])


def _mark_first_entry_fuzzy(po: Path) -> str:
    text = po.read_text("utf-8")
    match = re.search(r'\n\n(#[^\n]*\n)*msgid "([^"]+)"', text)
    assert match
    marked = text[: match.start()] + "\n\n#, fuzzy" + text[match.start() + 1 :]
    po.write_text(marked, "utf-8")
    return match.group(2)


def test_fuzzy_entry_blocks_the_build_and_fallback_is_recorded(campaign_copy: Path, tmp_path: Path) -> None:
    msgid = _mark_first_entry_fuzzy(campaign_copy / "letters" / "locale" / "de" / "LC_MESSAGES" / "letters.po")
    runner = CliRunner()
    args = ["build", "--campaign", str(campaign_copy), "--recipient", "ch-fdfa", "--format", "docx"]
    refused = runner.invoke(cli, [*args, "--out", str(tmp_path / "refused")])
    assert refused.exit_code == 1
    assert "'de'" in refused.output and msgid in refused.output
    assert not (tmp_path / "refused" / "ch-fdfa").exists()

    out = tmp_path / "fallback"
    done = runner.invoke(cli, [*args, "--out", str(out), "--fallback", "en"])
    assert done.exit_code == 0, done.output
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    by_language = {e["language"]: e for e in manifest["entries"]}
    assert by_language["de"]["fallback_from"] == "en"
    assert "fallback_from" not in by_language["fr"]


def test_lang_overrides_the_recipients_languages(tmp_path: Path) -> None:
    result = build(
        ROOT, BuildOptions(out=tmp_path, recipients=("ch-fdfa",), languages=("en",), formats=("docx",), jobs=1)
    )
    assert {o.language for o in result.written} == {"en"}
    default = build(ROOT, BuildOptions(out=tmp_path / "default", recipients=("ch-fdfa",), formats=("docx",), jobs=1))
    recipient = next(r for r in load_campaign(ROOT).campaign.recipients if r.id == "ch-fdfa")
    assert {o.language for o in default.written} == set(recipient.languages)
