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
from babel.messages.pofile import read_po
from pypdf import PdfReader

from campaign.app.build import build
from campaign.app.email import cover_email
from campaign.jobs.job import BuildOptions, BuildResult
from campaign.load.campaign import load_campaign
from campaign.model.case import Case
from campaign.render.compose import Renderer
from tests.campaign_support import LETTERS, ROOT, pdf_text

RECIPIENTS = ("uk-fs", "us-secstate", "us-ofac", "eu-hrvp", "un-wgad", "ca-mfa")
BRIEFS_SKIPPED = ("uk-fs", "us-secstate")
"""Recipients whose sanctions brief is deliberately not written: the case file alleges arbitrary
detention, fair trial and freedoms of expression and association against its targets, while
uk-ghr (S.I. 2020/680) and Section 7031(c) cover right to life, torture, slavery or enforced
disappearance only (letters/regimes.yaml, regimes/criteria.yaml)."""
BRIEFS_WRITTEN = ("us-ofac", "eu-hrvp", "ca-mfa")
"""Global Magnitsky, the EU regime and Canada's cover what the targets are alleged to have done."""
BIDI_CONTROLS = re.compile("[\u200e\u200f\u2066-\u2069]")
"""Marks that isolate right-to-left names in a left-to-right line: in the DOCX text, not in a PDF's."""


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def flat(text: str) -> str:
    """Text with line breaks and hyphenation of the page layout folded into single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", ""))


def source_text(msgid_start: str) -> str:
    """The English source text (letters.pot) of the one message that starts with `msgid_start`."""
    with (LETTERS / "locale" / "letters.pot").open("rb") as handle:
        found = {m.id for m in read_po(handle) if isinstance(m.id, str) and m.id.startswith(msgid_start)}
    [text] = found
    return text


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
            skipped = document == "sanctions-brief" and recipient.id in BRIEFS_SKIPPED
            for fmt in ("pdf", "docx"):
                assert (out / recipient.id / f"{document}.en.{fmt}").is_file() != skipped, (recipient.id, document)


@pytest.mark.parametrize(
    ("recipient", "first_verdict", "appeal_verdict"),
    [
        ("uk-fs", "21 June 2021", "2 September 2021"),  # en_GB
        ("us-secstate", "June 21, 2021", "September 2, 2021"),  # en_US
        ("eu-hrvp", "21 June 2021", "2 September 2021"),  # en_IE
        ("ca-mfa", "June 21, 2021", "September 2, 2021"),  # en_CA
    ],
)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_appeal_states_the_case_facts(
    built: tuple[Path, BuildResult], case: Case, recipient: str, first_verdict: str, appeal_verdict: str, fmt: str
) -> None:
    out, _ = built
    path = out / recipient / f"appeal.en.{fmt}"
    text = flat(pdf_text(path) if fmt == "pdf" else docx_text(path))
    assert case.lead_defendant.name.latin in text
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
    squeeze = re.compile("\\s+|\u00ad|•|" + BIDI_CONTROLS.pattern)
    for document in ("appeal", "sanctions-brief"):
        pdf = squeeze.sub("", pdf_text(out / "eu-hrvp" / f"{document}.en.pdf"))
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
    targets = [o for o in case.officials if o.target]
    assert targets
    for recipient in BRIEFS_WRITTEN:
        text = flat(docx_text(out / recipient / "sanctions-brief.en.docx"))
        for official in targets:
            assert official.name.latin in text
            for position in official.positions:
                assert position.title["en"] in text and position.institution["en"] in text


def test_brief_cites_its_legal_basis(built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    eu = flat(pdf_text(out / "eu-hrvp" / "sanctions-brief.en.pdf"))
    assert "2020/1998" in eu and "2020/1999" in eu
    us = flat(pdf_text(out / "us-ofac" / "sanctions-brief.en.pdf"))
    assert "13818" in us and "10101" in us
    ca = flat(pdf_text(out / "ca-mfa" / "sanctions-brief.en.pdf"))
    assert "S.C. 2017, c. 21" in ca
    loaded = load_campaign(ROOT)
    assert loaded.regimes
    regimes = {r.id: r for r in loaded.regimes.regimes}
    for recipient in loaded.campaign.recipients:
        if recipient.id in BRIEFS_WRITTEN:
            text = flat(pdf_text(out / recipient.id / "sanctions-brief.en.pdf"))
            for act in regimes[recipient.regime or ""].legal_basis:
                assert act.reference in text, (recipient.id, act.reference)


@pytest.mark.parametrize("recipient", BRIEFS_WRITTEN)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_brief_shows_no_markup_characters(built: tuple[Path, BuildResult], recipient: str, fmt: str) -> None:
    """Bold and italics are formatting, never literal asterisks or underscores around words."""
    path = built[0] / recipient / f"sanctions-brief.en.{fmt}"
    text = flat(pdf_text(path) if fmt == "pdf" else docx_text(path))
    assert not re.findall(r".{0,40}(?:\*\*|__).{0,20}", text)


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
    loaded = load_campaign(ROOT)
    assert loaded.regimes
    eu = next(r for r in loaded.regimes.regimes if r.id == "eu-ghr")
    assert meta is not None and meta.title and meta.subject
    assert eu.name["en"] in meta.title
    assert case.lead_defendant.name.latin in meta.subject
    assert meta.author == loaded.campaign.settings.organisation.name
    assert meta.creation_date and meta.creation_date.date() == loaded.campaign.settings.date


def test_page_size_follows_the_recipient(built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    us = PdfReader(out / "us-secstate" / "appeal.en.pdf").pages[0].mediabox
    uk = PdfReader(out / "uk-fs" / "appeal.en.pdf").pages[0].mediabox
    assert (round(float(us.width)), round(float(us.height))) == (612, 792)  # US Letter in points
    assert (round(float(uk.width)), round(float(uk.height))) == (595, 842)  # A4 in points


def test_regime_without_ground_is_skipped(built: tuple[Path, BuildResult], case: Case) -> None:
    out, result = built
    skipped = {f"{o.job.recipient}/{o.job.document}": o.skipped for o in result.skipped}
    assert set(skipped) == {f"{r}/sanctions-brief" for r in BRIEFS_SKIPPED}
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    loaded = load_campaign(ROOT)
    assert loaded.regimes
    regimes = {r.id: r for r in loaded.regimes.regimes}
    alleged = {v for o in case.officials if o.target for v in o.violations}
    for recipient in loaded.campaign.recipients:
        if recipient.id in BRIEFS_SKIPPED:
            regime = recipient.regime or ""
            assert not alleged & regimes[regime].categories, regime
            assert regime in (skipped[f"{recipient.id}/sanctions-brief"] or "")
            assert not (out / recipient.id / "sanctions-brief.en.pdf").exists()
            assert f"{recipient.id}/sanctions-brief/en" in manifest["skipped"]
        elif recipient.id in BRIEFS_WRITTEN:
            assert alleged & regimes[recipient.regime or ""].categories, recipient.regime


def test_cover_email_lists_only_documents_that_exist(built: tuple[Path, BuildResult]) -> None:
    loaded = load_campaign(ROOT)
    uk = next(r for r in loaded.campaign.recipients if r.id == "uk-fs")
    mail = cover_email(Renderer(loaded), uk, "en")
    assert "appeal letter" in mail.text
    assert "sanctions brief" not in mail.text


def test_letters_speak_as_of_a_later_date(tmp_path: Path, case: Case) -> None:
    """In June 2022 the case file records him released to restriction of freedom (19 May 2022) and
    his parole refused (26 January 2022): no 'release' plea, the conviction still to be quashed."""
    options = dict(recipients=("uk-fs",), documents=("appeal",), languages=("en",), formats=("docx",), jobs=1)
    build(ROOT, BuildOptions(out=tmp_path / "2021", **options))  # type: ignore[arg-type]
    build(ROOT, BuildOptions(out=tmp_path / "2022", as_of=dt.date(2022, 6, 15), **options))  # type: ignore[arg-type]
    then = flat(docx_text(tmp_path / "2021" / "uk-fs" / "appeal.en.docx"))
    later = flat(docx_text(tmp_path / "2022" / "uk-fs" / "appeal.en.docx"))
    name = case.lead_defendant.name.latin
    release = source_text("the immediate and unconditional release of") % {"names": name}
    quash = source_text("the quashing of the conviction of") % {"names": name}
    assert release in then and quash in then
    assert release not in later and quash in later
    serving = source_text("%(name)s is serving").split("%(sentence)s")[0] % {"name": name}
    assert serving in then and serving not in later
    assert "restriction of freedom" in later and "restriction of freedom" not in then
    assert "15 June 2022" in later and "6 September 2021" in then
    parole = next(p for p in case.proceedings if p.stage.value == "parole")
    assert parole.court["en"] in later and parole.court["en"] not in then
    assert "26 January 2022" in later and "26 January 2022" not in then


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
    start = text.index("- id: osce-odihr")
    edited = text[start:].replace("office: {en: Director,", "office: {en: Director of ODIHR,", 1)
    assert edited != text[start:]
    recipients.write_text(text[:start] + edited, "utf-8")
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
        # Well above what a normal letter takes on a loaded machine (with two cores shared by a dozen
        # processes the appeal took over 2 s) and far below what either oversized document needs
        # there (about 120 s for the paragraphs, over 10 minutes for the word).
        seconds_per_document=10,
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
        assert case.lead_defendant.name.latin in text
        assert "Article 405, parts 1 and 2" in text


def test_one_changed_catalog_rebuilds_only_its_language(campaign_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = BuildOptions(out=out, recipients=("ch-fdfa", "uk-fs"), formats=("docx",), jobs=1)
    first = build(campaign_copy, options)
    assert {o.language for o in first.written} == {"de", "fr", "en"}
    po = campaign_copy / "letters" / "locale" / "de" / "LC_MESSAGES" / "letters.po"
    text = po.read_text("utf-8")
    changed_entry = re.sub(r'(?m)^(msgid "The charges"\nmsgstr ".*)"$', r'\1 (geändert)"', text)
    assert changed_entry.count("(geändert)") == 1
    po.write_text(changed_entry, "utf-8")
    changed = build(campaign_copy, options)
    assert {(o.recipient, o.language) for o in changed.written} == {("ch-fdfa", "de")}
    assert len(changed.reused) == len(first.written) - 1
    assert "(geändert)" in docx_text(out / "ch-fdfa" / "appeal.de.docx")
