"""The UN filings, built and read back from the PDFs (and the e-mail) they produce.

What must be true comes from the issue ("Filings") and from `submission-requirements.md`: the
Working Group's questionnaire in its order, a category argued only where a claim of the case
supports it, the deprivation of liberty told from the arrest, public and confidential versions,
an urgent appeal only while a risk is in force. Expected facts are read from the case file
(through the model) or written in these tests from the reference; nothing is copied from what
the renderer printed.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from campaign.app.build import build
from campaign.app.email import email_build
from campaign.jobs.job import BuildOptions, BuildResult
from campaign.load.campaign import load_campaign
from campaign.model.case import Case
from tests.campaign_support import ROOT, pdf_text

EXAMPLES = ROOT / "examples"
QUESTIONNAIRE = (
    "I. Identity",
    "II. Arrest",
    "III. Detention",
    "IV. Why the deprivation of liberty is arbitrary",
    "V. Domestic remedies",
    "VI. Submitter",
    "Request",
)
"""The model questionnaire's sections in its order (reference 1.1), then the request for an Opinion."""
CATEGORY_OF = {
    "freedom-of-expression": "II",
    "freedom-of-association": "II",
    "freedom-of-assembly": "II",
    "freedom-of-religion": "II",
    "human-rights-defenders": "II",
    "fair-trial": "III",
    "enforced-disappearance": "I",
    "discrimination": "V",
}
"""The category a claim of each kind argues (reference 1.2: Category II is the exercise of the
rights of UDHR arts. 18-21 and ICCPR arts. 18-22, III the fair-trial norms)."""
SR = "Special Rapporteur on "
MANDATE_OF = {
    "freedom-of-expression": SR + "the promotion and protection of the right to freedom of opinion and expression",
    "freedom-of-assembly": SR + "the rights to freedom of peaceful assembly and of association",
    "freedom-of-association": SR + "the rights to freedom of peaceful assembly and of association",
    "torture-ill-treatment": SR + "torture and other cruel, inhuman or degrading treatment or punishment",
    "fair-trial": SR + "the independence of judges and lawyers",
}
"""The mandates (by their official titles) whose themes the bundled case's claims concern."""
ROMAN = ("I", "II", "III", "IV", "V")
LANGUAGES = tuple(yaml.safe_load((ROOT / "campaign.yaml").read_text("utf-8"))["languages"])
"""The bundled campaign's languages: every text a test adds to its case file needs each of them."""


def in_every_language(text: str) -> dict[str, str]:
    """A case-file text for a test: the same English words under every language of the campaign
    (the tests build in English; the loader wants every language present)."""
    return dict.fromkeys(LANGUAGES, text)


def body(text: str) -> str:
    """The document without its numbered sources."""
    return text.split(" Sources ")[0]


def notes(text: str) -> dict[int, str]:
    """The numbered sources at the end: {number: text of the note}."""
    tail = text.split(" Sources ")[-1]
    parts = re.split(r"(?:^|\s)(\d+)\. ", " " + tail)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def section(text: str, start: str, ends: tuple[str, ...]) -> str:
    """From the heading `start` to the first of `ends` that follows it (or the end)."""
    begin = text.index(start)
    stops = [i for e in ends if (i := text.find(e, begin + len(start))) != -1]
    return text[begin : min(stops, default=len(text))]


def make(folder: Path, out: Path, recipients: tuple[str, ...], documents: tuple[str, ...], **kw: Any) -> BuildResult:
    kw.setdefault("formats", ("pdf",))
    options = BuildOptions(out=out, recipients=recipients, documents=documents, languages=("en",), jobs=1, **kw)
    result = build(folder, options)
    assert not result.failed, [o.error for o in result.failed]
    return result


def edit_yaml(path: Path, change: Any) -> None:
    """Load a YAML file of a test copy, let `change` modify it, write it back."""
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    plain = json.loads(json.dumps(data, default=str))  # no shared nodes, so no YAML aliases
    path.write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), "utf-8")


def case_file(folder: Path) -> Path:
    return next((folder / "cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def case() -> Case:
    return load_campaign(ROOT).campaign.case


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The bundled campaign's English UN communications: {recipient: text}."""
    out = tmp_path_factory.mktemp("un")
    recipients = ("un-wgad", "un-sp-urgent", "un-sr-foe")
    make(ROOT, out, recipients, ("un-communication",))
    return {r: pdf_text(out / r / "un-communication.en.pdf") for r in recipients}


def argued_categories(case: Case) -> set[str]:
    return {CATEGORY_OF[v.category.value] for v in case.violations if v.category.value in CATEGORY_OF}


# --- the Working Group's questionnaire ----------------------------------------------------------


def test_every_questionnaire_section_in_order(bundled: dict[str, str]) -> None:
    text = body(bundled["un-wgad"])
    places = [text.find(f" {heading} ") for heading in QUESTIONNAIRE]
    assert -1 not in places, dict(zip(QUESTIONNAIRE, places, strict=True))
    assert places == sorted(places)


def test_the_docx_has_the_same_questionnaire(tmp_path: Path, case: Case) -> None:
    """One template for both formats: the DOCX has the sections as headings in the same order and
    the identity block as a table of field and value."""
    make(ROOT, tmp_path, ("un-wgad",), ("un-communication",), formats=("docx",))
    document = docx.Document(str(tmp_path / "un-wgad" / "un-communication.en.docx"))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    found = [h for h in headings if h in QUESTIONNAIRE]
    assert found == list(QUESTIONNAIRE), headings
    identity = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    lead = case.lead_defendant
    assert identity["Family name"] == lead.family_name
    assert identity["Occupation or activity"].startswith(lead.role["en"])


def test_one_identity_block_for_the_detainee(bundled: dict[str, str], case: Case) -> None:
    identity = section(body(bundled["un-wgad"]), "I. Identity", ("II. Arrest",))
    lead = case.lead_defendant
    assert lead.family_name is not None
    assert f"Family name {lead.family_name}" in identity
    assert f"First names {lead.name.latin.replace(lead.family_name, '').strip()}" in identity
    assert f"Occupation or activity {lead.role['en']}" in identity
    assert "Sex male" in identity


def test_each_category_argued_has_its_facts_and_footnotes(bundled: dict[str, str], case: Case) -> None:
    text = bundled["un-wgad"]
    sources = notes(text)
    reasons = section(body(text), "IV. Why the deprivation of liberty is arbitrary", ("V. Domestic remedies",))
    expected = argued_categories(case)
    assert expected == {"II", "III"}  # expression, association, assembly; fair trial
    for category in ROMAN:
        heading = f"Category {category} "
        if category not in expected:
            assert heading not in reasons, f"category {category} is asserted without a claim"
            continue
        following = tuple(f"Category {c} " for c in ROMAN if c != category) + ("Statements of international",)
        argued = section(reasons, heading, following)
        for claim in case.violations:
            if CATEGORY_OF.get(claim.category.value) != category:
                continue
            found = re.search(re.escape(claim.description["en"]) + r"(\d+)", argued)
            assert found, (category, claim.description["en"])
            note = sources[int(found.group(1))]
            for ref in claim.src:
                assert case.source(ref).organisation in note


def test_the_opinion_request_names_exactly_the_categories_argued(bundled: dict[str, str], case: Case) -> None:
    text = body(bundled["un-wgad"])
    request = section(text, " Request ", ("Yours",))
    asked = re.search(r"arbitrary under categor(?:y|ies) ([IV ,and]+)\.", request)
    assert asked, request
    named = set(re.findall(r"\b[IV]+\b", asked.group(1)))
    headings = set(re.findall(r"Category ([IV]+) ", text))
    assert named == headings == argued_categories(case)
    assert "urgent action" not in request  # no risk in force on 6 September 2021


def test_without_a_fair_trial_claim_category_iii_is_not_argued(campaign_copy: Path, tmp_path: Path) -> None:
    edit_yaml(
        case_file(campaign_copy),
        lambda c: c.update(violations=[v for v in c["violations"] if v["category"] != "fair-trial"]),
    )
    make(campaign_copy, tmp_path / "out", ("un-wgad",), ("un-communication",))
    text = body(pdf_text(tmp_path / "out" / "un-wgad" / "un-communication.en.pdf"))
    assert "Category III" not in text
    assert "Category II " in text
    assert re.search(r"arbitrary under category II\.", text)


def test_the_deprivation_of_liberty_runs_from_the_arrest_not_the_verdict(bundled: dict[str, str], case: Case) -> None:
    text = body(bundled["un-wgad"])
    arrest = section(text, "II. Arrest", ("III. Detention",))
    detention = section(text, "III. Detention", ("The charges",))
    since = re.search(r"Held without a break since (.+?) Custody", detention)
    assert since, detention
    start = since.group(1).strip()
    assert f"Date of arrest {start}" in arrest
    lines = [item.strip() for item in detention.split("•")[1:]]
    assert lines[0].startswith(f"{start}: in pre-trial detention")
    verdict = next(p for p in case.proceedings if p.stage.value == "first-instance").date.day
    assert verdict is not None
    assert lines[1].startswith(f"{verdict.day} {verdict:%B %Y}: in prison")
    assert start != f"{verdict.day} {verdict:%B %Y}"


def test_organisations_get_no_identity_block(tmp_path: Path) -> None:
    folder = EXAMPLES / "jimmy-lai"
    loaded = load_campaign(folder)
    make(folder, tmp_path, ("un-wgad",), ("un-communication",))
    text = body(pdf_text(tmp_path / "un-wgad" / "un-communication.en.pdf"))
    identity = section(text, "I. Identity", ("II. Arrest",))
    for defendant in loaded.campaign.case.defendants:
        shown = defendant.name.latin in identity
        assert shown == (defendant.kind.value == "person"), defendant.id
    assert identity.count("Occupation or activity") == 1


# --- public and confidential versions -------------------------------------------------------------

DOCUMENT_NUMBER = "N 04417723"
ADDRESS = "Kenesary street 40, flat 12"
WITNESS = "A relative of the detainee"


def protect(folder: Path) -> None:
    """A test copy whose detainee has an identity document and an address, whose arrest rests
    also on a protected witness, and with a second Working Group recipient without the
    confidential version."""

    def change_case(c: dict[str, Any]) -> None:
        lead = c["defendants"][0]
        lead["identity_document"] = {
            "kind": in_every_language("ID card"),
            "number": DOCUMENT_NUMBER,
            "src": ["witness"],
        }
        lead["address"] = in_every_language(ADDRESS)
        lead["arrest"]["src"].append({"id": "witness", "quote": "He was taken from his home."})
        c["sources"].append(
            {
                "id": "witness",
                "organisation": WITNESS,
                "title": "Testimony",
                "url": "https://example.org/t",
                "confidential": True,
            }
        )

    def change_recipients(r: dict[str, Any]) -> None:
        wgad = next(x for x in r["recipients"] if x["id"] == "un-wgad")
        public = dict(wgad, id="un-wgad-public", confidential=False)
        r["recipients"].append(public)

    edit_yaml(case_file(folder), change_case)
    edit_yaml(folder / "recipients.yaml", change_recipients)


def test_only_the_confidential_version_names_what_is_protected(campaign_copy: Path, tmp_path: Path) -> None:
    protect(campaign_copy)
    make(campaign_copy, tmp_path, ("un-wgad", "un-wgad-public"), ("un-communication",))
    confidential = pdf_text(tmp_path / "un-wgad" / "un-communication.en.pdf")
    public = pdf_text(tmp_path / "un-wgad-public" / "un-communication.en.pdf")
    for protected in (DOCUMENT_NUMBER, ADDRESS, WITNESS):
        assert protected in confidential, protected
        assert protected not in public, protected
    assert any("withheld" in note for note in notes(public).values())
    for text in (confidential, public):  # the facts themselves are in both
        assert "II. Arrest" in text and "Date of arrest" in text


# --- special procedures: urgent appeal or letter of allegation ------------------------------------

SPECIAL = [
    # example, recipient, day, urgent: what the case file shows in force that day
    ("toomaj-salehi", "un-sp-urgent", dt.date(2024, 5, 15), True),  # the death sentence of April 2024
    ("toomaj-salehi", "un-sp-urgent", dt.date(2024, 9, 1), False),  # quashed on 22 June 2024
    ("rocio-san-miguel", "un-sp-urgent", dt.date(2024, 2, 11), True),  # whereabouts not disclosed
    ("rocio-san-miguel", "un-sp-urgent", dt.date(2026, 2, 1), False),  # let out on 8 January 2026
    ("viasna", "un-sr-foaa", dt.date(2026, 1, 15), False),  # prison terms, no risk recorded
    (None, "un-sp-urgent", dt.date(2021, 9, 6), False),  # the bundled case: in prison, no risk recorded
]


@pytest.mark.parametrize(("example", "recipient", "day", "urgent"), SPECIAL)
def test_the_special_procedures_letter_is_urgent_only_while_a_risk_is_in_force(
    tmp_path: Path, example: str | None, recipient: str, day: dt.date, urgent: bool
) -> None:
    folder = EXAMPLES / example if example else ROOT
    make(folder, tmp_path, (recipient,), ("un-communication",), as_of=day)
    text = body(pdf_text(tmp_path / recipient / "un-communication.en.pdf"))
    lead = load_campaign(folder).campaign.case.lead_defendant.name.latin
    assert ("Urgent appeal concerning" in text) == urgent
    assert ("Letter of allegation concerning" in text) == (not urgent)
    assert lead in text
    if urgent:
        risks = section(text, "Why this appeal is urgent", ("Mandates concerned",))
        assert re.search(re.escape(lead) + r".*\.\d+ ", risks), risks  # the risk, with its footnote
    for wgad in ("Category I", "Working Group on Arbitrary Detention", "Opinion"):
        assert wgad not in text  # no WGAD category language to other mandates


@pytest.mark.parametrize(("day", "urgent"), [(dt.date(2024, 5, 15), True), (dt.date(2024, 9, 1), False)])
def test_the_working_group_is_asked_for_urgent_action_only_while_a_risk_is_in_force(
    tmp_path: Path, day: dt.date, urgent: bool
) -> None:
    folder = EXAMPLES / "toomaj-salehi"  # a death sentence from April 2024, quashed on 22 June 2024
    make(folder, tmp_path, ("un-wgad",), ("un-communication",), as_of=day)
    text = body(pdf_text(tmp_path / "un-wgad" / "un-communication.en.pdf"))
    request = section(text, " Request ", ("Yours",))
    lead = load_campaign(folder).campaign.case.lead_defendant.name.latin
    assert re.search(r"adopt an Opinion declaring the deprivation of liberty of .* arbitrary", request)
    assert ("take urgent action" in request) == urgent
    assert bool(re.search(re.escape(f"{lead} is held under a sentence of death.") + r"\d+", request)) == urgent


def test_each_mandate_is_named_with_the_facts_that_concern_it(bundled: dict[str, str], case: Case) -> None:
    text = body(bundled["un-sp-urgent"])
    mandates = section(text, "Mandates concerned", ("The alleged victim",))
    expected = {MANDATE_OF[v.category.value] for v in case.violations if v.category.value in MANDATE_OF}
    items = [item.strip() for item in mandates.split("•")[1:]]
    assert {item.split(":")[0] for item in items} == expected
    for claim in case.violations:
        title = MANDATE_OF.get(claim.category.value)
        if title is not None and claim.date is None:
            item = next(i for i in items if i.startswith(title))
            assert claim.description["en"] in item, (title, claim.category.value)


def test_a_thematic_mandate_is_named_first(bundled: dict[str, str]) -> None:
    text = body(bundled["un-sr-foe"])
    mandates = section(text, "Mandates concerned", ("The alleged victim",))
    first = mandates.split("•")[1].strip()
    assert first.startswith(MANDATE_OF["freedom-of-expression"])


# --- the cover e-mail to urgent-action@ohchr.org --------------------------------------------------


@pytest.mark.parametrize(("day", "urgent"), [(dt.date(2024, 5, 15), True), (dt.date(2024, 9, 1), False)])
def test_the_urgent_action_subject_names_urgency_and_mandates(tmp_path: Path, day: dt.date, urgent: bool) -> None:
    folder = tmp_path / "toomaj"
    shutil.copytree(EXAMPLES / "toomaj-salehi", folder)
    edit_yaml(folder / "campaign.yaml", lambda c: c.update(date=day.isoformat()))
    only = [
        r
        for r in yaml.safe_load((folder / "recipients.yaml").read_text("utf-8"))["recipients"]
        if r["id"] == "un-sp-urgent"
    ]
    edit_yaml(folder / "recipients.yaml", lambda r: r.update(recipients=only))
    out = tmp_path / "out"
    make(folder, out, ("un-sp-urgent",), ("un-communication",))
    email_build(folder, out)
    message = email.message_from_bytes((out / "outbox" / "un-sp-urgent.eml").read_bytes(), policy=email.policy.default)
    subject = str(message["Subject"])
    lead = load_campaign(folder).campaign.case.lead_defendant.name.latin
    parts = subject.split(" – ")
    assert len(parts) == (3 if urgent else 2), subject
    assert parts[-1] == lead
    assert (parts[0] == "URGENT") == urgent
    mandates = parts[1] if urgent else parts[0]
    case = load_campaign(folder).campaign.case
    assert {v.category.value for v in case.violations} >= {"right-to-life", "freedom-of-expression"}
    assert "SR executions" in mandates  # the death sentence is a violation told even once quashed
    assert "SR freedom of expression" in mandates


# --- comments on the government's reply -----------------------------------------------------------

REPLY = {
    "date": "2022-11-01",
    "reference": "AL KAZ 9/2099",
    "points": [
        {
            "claim": in_every_language("The Government says the trial was public."),
            "comment": in_every_language("The ban rests on a secret decision."),
            "src": ["statement"],
        },
        {
            "claim": in_every_language("The Government says no one was beaten."),
            "comment": in_every_language("A guard was charged over the beating."),
            "src": ["rferl-guard-charged"],
        },
    ],
    "withheld": [in_every_language("the decision banning Koshe Partiyasy")],
    "src": ["statement"],
}
LATER = dt.date(2022, 12, 1)


def with_reply_comments(folder: Path, reply: bool) -> None:
    if reply:
        edit_yaml(case_file(folder), lambda c: c.update(reply=REPLY))

    def send_comments(r: dict[str, Any]) -> None:
        wgad = next(x for x in r["recipients"] if x["id"] == "un-wgad")
        wgad["documents"] = ["un-communication", "wgad-reply-comments"]

    edit_yaml(folder / "recipients.yaml", send_comments)


def test_the_reply_comments_answer_point_by_point(campaign_copy: Path, tmp_path: Path) -> None:
    with_reply_comments(campaign_copy, reply=True)
    make(campaign_copy, tmp_path, ("un-wgad",), ("wgad-reply-comments",), as_of=LATER)
    text = pdf_text(tmp_path / "un-wgad" / "wgad-reply-comments.en.pdf")
    main = body(text)
    assert REPLY["reference"] in main
    places = []
    for number, point in enumerate(REPLY["points"], start=1):
        heading = main.index(f"Point {number}")
        claim = main.index(point["claim"]["en"], heading)
        comment = main.index(point["comment"]["en"], claim)
        places += [heading, claim, comment]
    assert places == sorted(places)
    withheld = section(main, "Documents the Government did not provide", ("Request",))
    assert REPLY["withheld"][0]["en"] in withheld
    assert re.search(r"adopt its Opinion declaring .* arbitrary under categories II and III\.", main)
    guard = re.search(re.escape(REPLY["points"][1]["comment"]["en"]) + r"(\d+)", main)
    assert guard and "guard charged" in notes(text)[int(guard.group(1))]


def test_without_a_reply_the_comments_are_skipped(campaign_copy: Path, tmp_path: Path) -> None:
    with_reply_comments(campaign_copy, reply=False)
    result = build(
        campaign_copy,
        BuildOptions(out=tmp_path, recipients=("un-wgad",), languages=("en",), formats=("pdf",), jobs=1, as_of=LATER),
    )
    assert not result.failed
    skipped = [o for o in result.skipped if o.job.document == "wgad-reply-comments"]
    assert skipped and skipped[0].skipped == "no government reply is recorded in the case file"
    assert (tmp_path / "un-wgad" / "un-communication.en.pdf").exists()
    assert not (tmp_path / "un-wgad" / "wgad-reply-comments.en.pdf").exists()


# --- admissibility: not resting only on media reports ---------------------------------------------


def media_only(folder: Path) -> list[str]:
    report = load_campaign(folder).report
    return sorted(d.field for d in report.items if d.code == "case.media-only")


def test_sections_resting_only_on_media_reports_are_warned(case: Case) -> None:
    media = {s.id for s in case.sources if s.media}
    assert media  # the RFE/RL reports
    lead = case.lead_defendant
    assert lead.arrest is not None and set(lead.arrest.src) <= media
    warned = media_only(ROOT)
    assert f"defendants[{lead.id}].arrest" in warned
    torture = [
        i for i, v in enumerate(case.violations) if v.category.value == "torture-ill-treatment" and v.date is None
    ]
    assert f"violations[{torture[0]}]" in warned
    assert not any(w.startswith(("proceedings", "acts", f"defendants[{lead.id}].custody")) for w in warned)


def test_another_kind_of_source_lifts_the_warning(campaign_copy: Path, case: Case) -> None:
    arrest = f"defendants[{case.defendants[0].id}].arrest"
    assert arrest in media_only(campaign_copy)
    edit_yaml(case_file(campaign_copy), lambda c: c["defendants"][0]["arrest"]["src"].append("statement"))
    assert arrest not in media_only(campaign_copy)


def test_no_media_warning_without_a_un_communication(campaign_copy: Path) -> None:
    def drop_un(c: dict[str, Any]) -> None:
        c["groups"]["un-procedures"]["documents"] = ["appeal"]

    edit_yaml(campaign_copy / "campaign.yaml", drop_un)
    assert media_only(campaign_copy) == []


def test_a_claim_argues_the_category_it_names(campaign_copy: Path, tmp_path: Path, case: Case) -> None:
    """A claim's own `wgad:` decides its category: the arbitrary-detention claim, which argues
    none by its kind, argues category I once the case file says so, and the request names it."""
    claim = next(v for v in case.violations if v.category.value == "arbitrary-detention")

    def name_category(c: dict[str, Any]) -> None:
        for v in c["violations"]:
            if v["category"] == "arbitrary-detention":
                v["wgad"] = ["I"]

    edit_yaml(case_file(campaign_copy), name_category)
    make(campaign_copy, tmp_path, ("un-wgad",), ("un-communication",))
    text = body(pdf_text(tmp_path / "un-wgad" / "un-communication.en.pdf"))
    argued = section(text, "Category I ", ("Category II ",))
    assert "“when it is clearly impossible to invoke any legal basis" in argued  # quoted, as the reference does
    assert claim.description["en"] in argued
    assert re.search(r"arbitrary under categories I, II and III\.", text)


def test_remedies_are_told_with_their_results(campaign_copy: Path, tmp_path: Path) -> None:
    """Remedies of the case file are told with their result (or as pending); a prosecutor's
    appeal is not the detainee's remedy."""
    complaint = {
        "date": "2021-01-10",
        "kind": in_every_language("Complaint about the beating"),
        "body": in_every_language("Nur-Sultan city police"),
        "result": in_every_language("a guard was charged with abuse of authority"),
        "src": ["rferl-guard-charged"],
    }
    pending = {k: v for k, v in complaint.items() if k != "result"}  # no result yet
    pending.update(date="2021-07-01", kind=in_every_language("Request for a retrial"))

    def change(c: dict[str, Any]) -> None:
        c["remedies"] = [complaint, pending]
        appeal = next(p for p in c["proceedings"] if p["id"] == "appeal")
        appeal["stage"] = "prosecutor-appeal"

    edit_yaml(case_file(campaign_copy), change)
    make(campaign_copy, tmp_path, ("un-wgad",), ("un-communication",))
    text = body(pdf_text(tmp_path / "un-wgad" / "un-communication.en.pdf"))
    remedies = section(text, "V. Domestic remedies", ("VI. Submitter",))
    lines = [item.strip() for item in remedies.split("•")[1:]]
    assert len(lines) == 2, lines
    assert lines[0].startswith("Complaint about the beating:")
    assert "Nur-Sultan city police" in lines[0] and "a guard was charged with abuse of authority" in lines[0]
    assert lines[1].startswith("Request for a retrial:") and "no decision is known yet" in lines[1]
    assert "Prosecutor's appeal" not in remedies
