"""End-to-end builds of the bundled campaign, read back from the PDF and DOCX files they write.

Expected facts come from the case file (through the model) or from the issue's own wording of
the locale rules; nothing is copied from what the renderer printed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from campaign.app.build import build
from campaign.app.email import cover_email
from campaign.jobs.job import BuildOptions, BuildResult
from campaign.load.campaign import load_campaign
from campaign.model.case import Case
from campaign.render.compose import Renderer
from tests.campaign_support import ROOT

RECIPIENTS = ("uk-fs", "us-secstate", "eu-hrvp", "un-wgad", "ca-mfa")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def flat(text: str) -> str:
    """Text with line breaks and hyphenation of the page layout folded into single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", ""))


@pytest.fixture(scope="module")
def case() -> Case:
    return load_campaign(ROOT).campaign.case


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    out = tmp_path_factory.mktemp("out")
    result = build(ROOT, BuildOptions(out=out, recipients=RECIPIENTS, languages=("en",), jobs=2))
    assert not result.failed, [o.error for o in result.failed]
    return out, result


def test_manifest_matches_files(built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["entries"]
    listed = set()
    for entry in manifest["entries"]:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]
        assert entry["path"] == f"{entry['recipient']}/{entry['document']}.{entry['language']}.{entry['format']}"
        listed.add(entry["path"])
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert on_disk == listed
    assert set(manifest["inputs"]) >= {"case", "settings", "templates"}


def test_every_recipient_gets_its_documents_in_both_formats(built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    loaded = load_campaign(ROOT)
    for recipient in loaded.campaign.recipients:
        if recipient.id not in RECIPIENTS:
            continue
        for document in loaded.campaign.documents_for(recipient):
            if recipient.regime == "uk-ghr" and document == "sanctions-brief":
                continue  # skipped on purpose: see test_regime_without_ground_is_skipped
            for fmt in ("pdf", "docx"):
                assert (out / recipient.id / f"{document}.en.{fmt}").is_file()


@pytest.mark.parametrize(
    ("recipient", "first_verdict", "appeal_verdict"),
    [("uk-fs", "21 June 2021", "2 September 2021"), ("us-secstate", "June 21, 2021", "September 2, 2021")],
)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_appeal_states_the_case_facts(
    built: tuple[Path, BuildResult], case: Case, recipient: str, first_verdict: str, appeal_verdict: str, fmt: str
) -> None:
    out, _ = built
    path = out / recipient / f"appeal.en.{fmt}"
    text = flat(pdf_text(path) if fmt == "pdf" else docx_text(path))
    assert case.person.name.latin in text
    assert "Article 405, parts 1 and 2" in text
    assert first_verdict in text and appeal_verdict in text
    appeal = next(p for p in case.proceedings if p.stage.value == "appeal")
    for judge in appeal.judges:
        assert judge.latin in text
    assert "Koshe Partiyasy" in text
    assert "2 years and 2 months" in text


def test_pdf_and_docx_carry_the_same_words(built: tuple[Path, BuildResult]) -> None:
    """Every paragraph of the DOCX stands in the PDF, and the PDF holds no other words.

    Whitespace is ignored (the PDF breaks lines and URLs where it likes); table cells are left out
    of the paragraph check because a PDF text layer interleaves the lines of neighbouring cells.
    """
    out = built[0]
    squeeze = re.compile(r"\s+|\u00ad|•")
    for document in ("appeal", "sanctions-brief"):
        pdf = squeeze.sub("", re.sub(r"Page \d+ of \d+\n", "", pdf_text(out / "eu-hrvp" / f"{document}.en.pdf")))
        paragraphs = [
            squeeze.sub("", p.text) for p in docx.Document(str(out / "eu-hrvp" / f"{document}.en.docx")).paragraphs
        ]
        for paragraph in paragraphs:
            assert paragraph in pdf, paragraph[:80]
        tables = docx.Document(str(out / "eu-hrvp" / f"{document}.en.docx")).tables
        for word in {w for t in tables for r in t.rows for c in r.cells for w in c.text.split()}:
            assert squeeze.sub("", word) in pdf, word


def test_briefs_name_the_officials_with_positions(built: tuple[Path, BuildResult], case: Case) -> None:
    out, _ = built
    for recipient in ("eu-hrvp", "us-secstate", "ca-mfa"):
        text = flat(docx_text(out / recipient / "sanctions-brief.en.docx"))
        for official in case.officials:
            assert official.name.latin in text
            assert official.position["en"] in text


def test_brief_cites_its_legal_basis(built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    eu = flat(pdf_text(out / "eu-hrvp" / "sanctions-brief.en.pdf"))
    assert "2020/1998" in eu and "2020/1999" in eu
    us = flat(pdf_text(out / "us-secstate" / "sanctions-brief.en.pdf"))
    assert "13818" in us and "7031(c)" in us
    ca = flat(pdf_text(out / "ca-mfa" / "sanctions-brief.en.pdf"))
    assert "S.C. 2017, c. 21" in ca


def test_every_footnote_number_resolves_to_a_source(built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    loaded = load_campaign(ROOT)
    urls = {s.url for s in loaded.campaign.case.sources}
    urls |= {s.url for s in loaded.regimes.sources} if loaded.regimes else set()
    document = docx.Document(str(out / "eu-hrvp" / "sanctions-brief.en.docx"))
    cited = set()
    for paragraph in document.paragraphs + [
        p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs
    ]:
        for run in paragraph.runs:
            if run.font.superscript and run.text.strip().isdigit():
                cited.add(int(run.text))
    text = docx_text(out / "eu-hrvp" / "sanctions-brief.en.docx")
    notes_part = text[text.rindex("Sources") :]
    assert cited, "the brief cites nothing"
    for number in cited:
        match = re.search(rf"(?m)^\[?{number}[\].]?\s+(.*)$", notes_part)
        assert match, f"footnote {number} has no note"
        assert any(url in match.group(1) for url in urls), f"note {number} names no known source"


def test_brief_pages_are_numbered_and_pdf_has_metadata(built: tuple[Path, BuildResult], case: Case) -> None:
    out, _ = built
    reader = PdfReader(out / "eu-hrvp" / "sanctions-brief.en.pdf")
    pages = len(reader.pages)
    assert pages > 1
    assert f"Page 1 of {pages}" in (reader.pages[0].extract_text() or "")
    meta = reader.metadata
    assert meta is not None and meta.title and case.person.name.latin in meta.title + (meta.subject or "") or meta.title
    assert meta.author == load_campaign(ROOT).campaign.settings.organisation.name


def test_page_size_follows_the_recipient(built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    us = PdfReader(out / "us-secstate" / "appeal.en.pdf").pages[0].mediabox
    uk = PdfReader(out / "uk-fs" / "appeal.en.pdf").pages[0].mediabox
    assert (round(float(us.width)), round(float(us.height))) == (612, 792)  # US Letter in points
    assert (round(float(uk.width)), round(float(uk.height))) == (595, 842)  # A4 in points


def test_regime_without_ground_is_skipped(built: tuple[Path, BuildResult]) -> None:
    out, result = built
    skipped = {f"{o.job.recipient}/{o.job.document}": o.skipped for o in result.skipped}
    assert "uk-ghr" in (skipped.get("uk-fs/sanctions-brief") or "")
    assert not (out / "uk-fs" / "sanctions-brief.en.pdf").exists()
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert "uk-fs/sanctions-brief/en" in manifest["skipped"]


def test_cover_email_lists_only_documents_that_exist(built: tuple[Path, BuildResult]) -> None:
    loaded = load_campaign(ROOT)
    uk = next(r for r in loaded.campaign.recipients if r.id == "uk-fs")
    mail = cover_email(Renderer(loaded), uk, "en")
    assert "appeal letter" in mail.text
    assert "sanctions brief" not in mail.text


def test_letters_speak_as_of_a_later_date(tmp_path: Path, case: Case) -> None:
    """In June 2022 the case file records him released to restriction of freedom: no 'release' plea."""
    options = dict(recipients=("uk-fs",), documents=("appeal",), languages=("en",), formats=("docx",), jobs=1)
    build(ROOT, BuildOptions(out=tmp_path / "2021", **options))  # type: ignore[arg-type]
    build(ROOT, BuildOptions(out=tmp_path / "2022", as_of=dt.date(2022, 6, 15), **options))  # type: ignore[arg-type]
    then = flat(docx_text(tmp_path / "2021" / "uk-fs" / "appeal.en.docx"))
    later = flat(docx_text(tmp_path / "2022" / "uk-fs" / "appeal.en.docx"))
    release = next(r for r in case.requests if r.kind.value == "release").text["en"]
    quash = next(r for r in case.requests if r.kind.value == "quash-conviction").text["en"]
    assert release in then and quash not in then
    assert release not in later and quash in later
    assert "is serving" in then and "is serving" not in later
    assert "restriction of freedom" in later
    assert "15 June 2022" in later and "6 September 2021" in then
    parole = next(p for p in case.proceedings if p.stage.value == "parole")
    assert parole.outcome["en"] in later and parole.outcome["en"] not in then


def _digests(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_same_inputs_same_bytes_whatever_the_number_of_workers(tmp_path: Path) -> None:
    options = dict(recipients=("eu-hrvp", "un-wgad"), languages=("en",))
    build(ROOT, BuildOptions(out=tmp_path / "one", jobs=1, **options))  # type: ignore[arg-type]
    build(ROOT, BuildOptions(out=tmp_path / "two", jobs=2, **options))  # type: ignore[arg-type]
    first, second = _digests(tmp_path / "one"), _digests(tmp_path / "two")
    assert len(first) > 4
    assert first == second


def test_rebuild_reuses_and_one_changed_recipient_rebuilds_only_its_files(campaign_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = BuildOptions(out=out, recipients=("uk-fs", "osce-odihr"), languages=("en",), jobs=1)
    first = build(campaign_copy, options)
    assert first.written and not first.reused
    before = _digests(out)

    again = build(campaign_copy, options)
    assert not again.written and len(again.reused) == len(first.written)

    recipients = campaign_copy / "recipients.yaml"
    text = recipients.read_text("utf-8")
    recipients.write_text(text.replace("office: Director\n", "office: Director of ODIHR\n", 1), "utf-8")
    changed = build(campaign_copy, options)
    rebuilt = {o.recipient for o in changed.written}
    assert rebuilt == {"osce-odihr"}
    after = _digests(out)
    assert all(after[p] == before[p] for p in before if p.startswith("uk-fs/"))


def test_hostile_case_text_stays_text_in_both_formats(campaign_copy: Path, tmp_path: Path) -> None:
    hostile = (
        "<b>bold</b> <img src=file:///etc/passwd> <link rel=attachment href=file:///etc/passwd> "
        '<base href="file:///"> <span style="background:url(file:///etc/passwd)">x</span> {{ 7*7 }} **not bold**'
    )
    case_file = campaign_copy / "cases" / "askar-kaiyrbek.yaml"
    text = case_file.read_text("utf-8")
    case_file.write_text(text.replace("en: civic activist and YouTube blogger", f"en: '{hostile}'", 1), "utf-8")
    out = tmp_path / "out"
    result = build(
        campaign_copy, BuildOptions(out=out, recipients=("uk-fs",), documents=("appeal",), languages=("en",), jobs=1)
    )
    assert not result.failed, [o.error for o in result.failed]
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        shown = flat(read(out / "uk-fs" / f"appeal.en.{fmt}"))
        assert "<b>bold</b>" in shown and "{{ 7*7 }}" in shown and "**not bold**" in shown
        assert "file:///etc/passwd" in shown
        assert "root:" not in shown
    reader = PdfReader(out / "uk-fs" / "appeal.en.pdf")
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            assert annot.get_object().get("/Subtype") != "/FileAttachment"


def test_template_error_names_the_line_and_keeps_previous_outputs(campaign_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = BuildOptions(out=out, recipients=("un-wgad", "uk-fs"), languages=("en",), jobs=1)
    build(campaign_copy, options)
    good = (out / "un-wgad" / "un-communication.en.pdf").read_bytes()

    template = campaign_copy / "letters" / "un-communication.md.j2"
    lines = template.read_text("utf-8").splitlines()
    lines.insert(len(lines) - 1, "{{ case.person.no_such_field }}")
    template.write_text("\n".join(lines) + "\n", "utf-8")
    result = build(campaign_copy, options)

    [failure] = result.failed
    assert failure.error and f"letters/un-communication.md.j2:{len(lines) - 1}" in failure.error
    assert (out / "un-wgad" / "un-communication.en.pdf").read_bytes() == good
    assert (out / "uk-fs" / "appeal.en.pdf").is_file()
    leftovers = [p for p in out.rglob("*") if p.is_file() and not re.search(r"\.(pdf|docx|json)$", p.name)]
    assert leftovers == []


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in range(10000) %}{{ _('We are writing to you about this case.') }}\n\n{% endfor %}",
        "{% for i in range(10000) %}xxxxxxxxxx{% endfor %}",  # one 100,000-character word
    ],
    ids=["10000-paragraphs", "100000-character-word"],
)
def test_a_document_over_its_budget_fails_alone(campaign_copy: Path, tmp_path: Path, body: str) -> None:
    template = campaign_copy / "letters" / "un-communication.md.j2"
    template.write_text(template.read_text("utf-8") + "\n" + body + "\n", "utf-8")
    options = BuildOptions(
        out=tmp_path / "out",
        recipients=("un-wgad", "uk-fs"),
        languages=("en",),
        formats=("pdf",),
        jobs=1,
        seconds_per_document=2,  # several times what a normal letter takes (workers are warmed up first)
    )
    result = build(campaign_copy, options)
    assert len(result.failed) == 1, [(o.job.document, o.error) for o in result.failed]
    [failure] = result.failed
    assert failure.job.document == "un-communication"
    assert failure.error and "too large" in failure.error
    assert (tmp_path / "out" / "uk-fs" / "appeal.en.pdf").is_file()
    assert not (tmp_path / "out" / "un-wgad" / "un-communication.en.pdf").exists()


def test_docx_opens_cleanly_in_libreoffice(built: tuple[Path, BuildResult], tmp_path: Path, case: Case) -> None:
    """LibreOffice (installed by `setup.sh --test`) converts each kind of DOCX we write without complaint."""
    out, _ = built
    files = [out / "uk-fs" / "appeal.en.docx", out / "eu-hrvp" / "sanctions-brief.en.docx"]
    files.append(out / "un-wgad" / "un-communication.en.docx")
    profile = (tmp_path / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    done = subprocess.run([*command, "--outdir", str(tmp_path), *map(str, files)], capture_output=True, timeout=240)
    assert done.returncode == 0, done.stderr
    for docx_file in files:
        text = flat(pdf_text(tmp_path / docx_file.with_suffix(".pdf").name))
        assert case.person.name.latin in text
        assert "Article 405, parts 1 and 2" in text


def test_one_changed_catalog_rebuilds_only_its_language(campaign_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = BuildOptions(out=out, recipients=("ch-fdfa", "uk-fs"), formats=("docx",), jobs=1)
    first = build(campaign_copy, options)
    assert {o.language for o in first.written} == {"de", "fr", "en"}
    po = campaign_copy / "letters" / "locale" / "de" / "LC_MESSAGES" / "letters.po"
    text = po.read_text("utf-8")
    start = text.index('msgid "The charges"')
    end = text.index("\n\n", start)
    entry = text[start:end]
    po.write_text(text.replace(entry, entry[: entry.rindex('"')] + ' (geändert)"'), "utf-8")
    changed = build(campaign_copy, options)
    assert {(o.recipient, o.language) for o in changed.written} == {("ch-fdfa", "de")}
    assert len(changed.reused) == len(first.written) - 1
    assert "(geändert)" in docx_text(out / "ch-fdfa" / "appeal.de.docx")
