"""Loading a whole campaign folder and checking that its three files agree with each other."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ValidationError

from campaign.collector import collector_paused
from campaign.diagnostics import Diagnostic, Report, SourceSpan
from campaign.document.scripts import scripts_in
from campaign.errors import InputError
from campaign.load.case import check_case, check_citations, check_glyphs, check_register, check_sources_by
from campaign.load.evidence import evidence_hashes
from campaign.load.filings import check_media_only
from campaign.load.forms import PSEUDO_LANG, check_forms, load_forms
from campaign.load.regimes import check_recipient_regimes, load_regimes
from campaign.load.structure import M, structure
from campaign.load.yaml import LoadedYaml, Path_, format_path, load_yaml, parse_yaml
from campaign.model.campaign import Campaign, CampaignFile
from campaign.model.case import Case
from campaign.model.common import language_script
from campaign.model.loaded import TEMPLATE_SUFFIX, Loaded, letters_folder
from campaign.model.recipients import Recipient, RecipientsFile, VerificationStatus
from campaign.model.regime import RegimesFile
from campaign.text_policy import describe_char, header_problem, identifier_problem

CAMPAIGN_FILE = "campaign.yaml"
RECIPIENTS_FILE = "recipients.yaml"


def document_kinds(folder: Path) -> tuple[str, ...]:
    """Document kinds offered by the campaign: one template `letters/<kind>.md.j2` each."""
    letters = letters_folder(folder)
    if not letters.is_dir():
        return ()
    return tuple(
        sorted(
            p.name.removesuffix(TEMPLATE_SUFFIX)
            for p in letters.glob(f"*{TEMPLATE_SUFFIX}")
            if not p.name.startswith("_")
        )
    )


def load_campaign(folder: Path, as_of: dt.date | None = None, *, texts: Mapping[str, str] | None = None) -> Loaded:
    """Load and cross-check `campaign.yaml`, its case and `recipients.yaml`; with `as_of`, as
    the campaign would be written on that day instead of its own date. `texts` gives files (by
    their name in the campaign, e.g. `recipients.yaml`) as text instead of reading them, so a
    change can be checked before it is written.

    Raises `InputError` with every error in every file; warnings come back in the report. A
    schema error in one place hides no other check that can still be made: the case file is read
    whenever `cases:` is valid, and each valid recipient is cross-checked even when another is not.
    """
    with collector_paused(keeps=True):
        return _load_campaign(folder, as_of, texts or {})


def _load_campaign(folder: Path, as_of: dt.date | None, texts: Mapping[str, str]) -> Loaded:
    report = Report()
    settings_yaml = _load(folder / CAMPAIGN_FILE, CAMPAIGN_FILE, report, texts.get(CAMPAIGN_FILE))
    recipients_yaml = _load(folder / RECIPIENTS_FILE, RECIPIENTS_FILE, report, texts.get(RECIPIENTS_FILE))
    settings, settings_problems = _structure(CampaignFile, settings_yaml, report)
    declared = _declared(settings, settings_yaml, settings_problems)
    recipients, valid_recipients = _structure_recipients(recipients_yaml, report)
    case, case_yaml = _load_case(folder, declared.case_id, settings_yaml, report)
    kinds = document_kinds(folder)
    day = as_of or (settings.date if settings else None)
    if settings and settings_yaml:
        _check_campaign(settings, settings_yaml, folder, kinds, report)
    evidence: dict[str, str] = {}
    if case and case_yaml:
        evidence = _check_case_file(folder, case, case_yaml, settings, declared, day, report)
    if settings and settings_yaml:
        check_glyphs(settings, settings_yaml, report)
    if recipients and recipients_yaml:
        check_glyphs(recipients, recipients_yaml, report)
    if settings and settings_yaml:
        _check_identifiers(settings, settings_yaml, report)
    if case and case_yaml:
        _check_identifiers(case, case_yaml, report)
        _check_defendant_names(case, case_yaml, report)
    if recipients_yaml:
        _check_recipients(valid_recipients, recipients_yaml, declared, kinds, report)
        for index, recipient in valid_recipients:
            _check_identifiers(recipient, recipients_yaml, report, ("recipients", index))
    _check_asset_links(folder, report)
    forms = load_forms(folder, report)
    if forms and recipients and recipients_yaml:
        check_forms(forms, recipients, recipients_yaml, report)
    regimes, regimes_yaml = load_regimes(folder, report)
    if regimes and regimes_yaml and case:
        _check_source_ids(case, regimes, regimes_yaml, report)
    if recipients and recipients_yaml:
        check_recipient_regimes(regimes, recipients, recipients_yaml, case, day, report)
        if settings:
            _check_filings(settings, recipients, recipients_yaml, case, report)
            if case and case_yaml:
                check_media_only(settings, recipients, case, case_yaml, day, report)
    if report.errors or settings is None or case is None or recipients is None or forms is None:
        raise InputError("the campaign has errors", report.items)
    campaign = Campaign(settings=settings, case=case, recipients=recipients.recipients)
    loaded = Loaded(campaign, report, folder, forms, regimes, kinds, evidence)
    return loaded.as_of(as_of) if as_of else loaded


def _check_case_file(
    folder: Path,
    case: Case,
    loaded: LoadedYaml,
    settings: CampaignFile | None,
    declared: _Declared,
    day: dt.date | None,
    report: Report,
) -> dict[str, str]:
    """Every check of the case file; returns the SHA-256 of its sources' local copies."""
    languages = [lang for lang in (declared.languages or ["en"]) if lang != PSEUDO_LANG]
    # without campaign.yaml's `names:`, the default rule: native-script names for non-Latin scripts
    native = [
        lang
        for lang in languages
        if (settings.native_names(lang) if settings is not None else language_script(lang) != "Latn")
    ]
    check_case(case, loaded, languages, native, report)
    check_citations(case, loaded, report)
    check_register(case, loaded, report)
    if day is not None:
        check_sources_by(case, loaded, day, report)
    check_glyphs(case, loaded, report)
    return evidence_hashes(folder, case, loaded, report)


UN_DOCUMENTS = {"un-communication", "wgad-reply-comments"}
"""Documents for a UN special procedure: their recipient must say which one (`mandate:`)."""


def _check_filings(
    settings: CampaignFile, recipients: RecipientsFile, loaded: LoadedYaml, case: Case | None, report: Report
) -> None:
    """A UN communication needs its recipient's mandate; comments on a reply go to the Working
    Group only, and need the reply in the case file."""
    for index, recipient in enumerate(recipients.recipients):
        group = settings.groups.get(recipient.group)
        documents = set(recipient.documents or (group.documents if group else ()))
        path = ("recipients", index)
        if documents & UN_DOCUMENTS and recipient.mandate is None:
            report.error(
                "a UN communication needs the recipient's mandate: add 'mandate:' (wgad, special-procedures, "
                "sr-expression, sr-assembly-association, sr-defenders, sr-torture, sr-executions, wgeid, "
                "sr-judges-lawyers, sr-religion)",
                "recipient.no-mandate",
                loaded.span(path, key=False),
                format_path(path),
            )
        if "wgad-reply-comments" in documents and recipient.mandate is not None and recipient.mandate.value != "wgad":
            report.error(
                "comments on a government's reply go to the Working Group on Arbitrary Detention only (mandate: wgad)",
                "recipient.reply-comments",
                loaded.span((*path, "mandate")),
                format_path((*path, "mandate")),
            )


@dataclass(frozen=True)
class _Declared:
    """What campaign.yaml declares that the other files are checked against; None where unknown."""

    case_id: str | None
    groups: list[str] | None
    languages: list[str] | None


def _declared(settings: CampaignFile | None, loaded: LoadedYaml | None, problems: list[Diagnostic]) -> _Declared:
    """The case id, groups and languages, from the model or, if campaign.yaml has schema errors
    elsewhere, from the fields that passed their checks (read raw: they were validated)."""
    if settings is not None:
        return _Declared(settings.cases[0], list(settings.groups), list(settings.languages))
    if loaded is None or not isinstance(loaded.data, dict):
        return _Declared(None, None, None)

    def valid(name: str) -> Any:
        broken = any(d.field == name or d.field.startswith((f"{name}.", f"{name}[")) for d in problems)
        return None if broken or name not in loaded.data else loaded.data[name]

    cases, groups, languages = valid("cases"), valid("groups"), valid("languages")
    return _Declared(
        cases[0].strip() if cases else None,
        [key.strip() for key in groups] if groups else None,
        [lang.strip() for lang in languages] if languages else None,
    )


def _load_case(
    folder: Path, case_id: str | None, settings_yaml: LoadedYaml | None, report: Report
) -> tuple[Case | None, LoadedYaml | None]:
    """The case campaign.yaml names; a missing file is reported where campaign.yaml names it."""
    if case_id is None:
        return None, None
    name = f"cases/{case_id}.yaml"
    path = folder / name
    if settings_yaml is not None and not path.exists() and not path.is_symlink():
        report.error(
            f"the case file {name} does not exist; create it or correct the case id",
            "file.missing",
            settings_yaml.span(("cases", 0)),
            "cases[0]",
        )
        return None, None
    case_yaml = _load(path, name, report)
    case, _ = _structure(Case, case_yaml, report)
    return case, case_yaml


def _structure_recipients(
    loaded: LoadedYaml | None, report: Report
) -> tuple[RecipientsFile | None, list[tuple[int, Recipient]]]:
    """The recipients file, and each recipient that is valid on its own with its index.

    When one recipient has a schema error the file is not valid, but the others can still be
    checked against campaign.yaml, so the user sees every error in one run.
    """
    recipients, _ = _structure(RecipientsFile, loaded, report)
    if recipients is not None:
        return recipients, list(enumerate(recipients.recipients))
    raw = loaded.data.get("recipients") if loaded is not None and isinstance(loaded.data, dict) else None
    if not isinstance(raw, list):
        return None, []
    valid: list[tuple[int, Recipient]] = []
    for index, item in enumerate(raw):
        try:
            valid.append((index, Recipient.model_validate(item)))
        except ValidationError:
            continue  # reported above, with the whole file
    return None, valid


def _check_source_ids(case: Case, regimes: RegimesFile, loaded: LoadedYaml, report: Report) -> None:
    """Briefs cite case and regime sources in one list of notes, so their ids must not collide."""
    case_ids = {s.id for s in case.sources}
    for index, source in enumerate(regimes.sources):
        if source.id in case_ids:
            report.error(
                f"source id '{source.id}' is also used in the case file; rename one of them",
                "regimes.duplicate-source",
                loaded.span(("sources", index, "id")),
                f"sources[{index}].id",
            )


def _load(path: Path, display: str, report: Report, text: str | None = None) -> LoadedYaml | None:
    try:
        return load_yaml(path, display) if text is None else parse_yaml(text, display)
    except InputError as exc:
        report.extend(exc.diagnostics)
        return None


def _structure(model: type[M], loaded: LoadedYaml | None, report: Report) -> tuple[M | None, list[Diagnostic]]:
    """The model instance, or None; the problems go into `report` and are also returned."""
    if loaded is None:
        return None, []
    instance, problems = structure(model, loaded)
    report.extend(problems)
    return instance, problems


IDENTIFIER_FIELDS = frozenset(
    {
        "name",
        "latin",
        "native",
        "variants",
        "article",
        "parts",
        "number",
        "reference",
        "address",
        "postal_address",
        "email",
        "reply_to",
        "website",
        "url",
        "source",
        "id",
    }
)
"""Fields that hold names, numbers and addresses: bidi marks are refused in them (and anything
under them), as `text_policy.identifier_problem` says why."""


def _check_identifiers(model: BaseModel, loaded: LoadedYaml, report: Report, base: Path_ = ()) -> None:
    """Every name, number and address in `model` (a file's model, or one recipient at `base`)."""

    def visit(value: Any, path: Path_, inside: bool) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                visit(getattr(value, name), (*path, name), inside or name in IDENTIFIER_FIELDS)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                visit(item, (*path, index), inside)
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(item, (*path, key), inside)
        elif isinstance(value, str) and inside:
            problem = identifier_problem(value)
            if problem:
                report.error(problem, "text.bidi-mark", loaded.span(path), format_path(path))

    visit(model, base, False)


def _check_defendant_names(case: Case, loaded: LoadedYaml, report: Report) -> None:
    """Defendants' names go into the cover email's Subject: each must be safe in a mail header."""
    for index, defendant in enumerate(case.defendants):
        base: Path_ = ("defendants", index, "name")
        _check_header_text(defendant.name.latin, (*base, "latin"), loaded, report)
        for lang, native in defendant.name.native.items():
            _check_header_text(native, (*base, "native", lang), loaded, report)


def _check_asset_links(folder: Path, report: Report) -> None:
    """letters/, letters/assets and everything in it must stay inside the campaign folder: a symlink
    out of it would put any readable file of the machine into the letters (and the emails)."""
    root = folder.resolve()
    letters = folder / "letters"
    candidates = [letters, letters / "assets"]
    assets = letters / "assets"
    if assets.is_dir() and assets.resolve().is_relative_to(root):
        candidates += sorted(assets.rglob("*"))
    for path in candidates:
        if not (path.exists() or path.is_symlink()):
            continue
        if path.resolve().is_relative_to(root):
            continue
        shown = path.relative_to(folder).as_posix()
        report.error(
            f"{shown} is, or passes through, a symbolic link that leads out of the campaign folder "
            f"(to {path.resolve()}); copy the files into the campaign instead",
            "assets.outside",
            SourceSpan(shown),
            shown,
        )
        return


def _mixed_script(address: str) -> str | None:
    """Why an address mixes scripts within one part (a Cyrillic 'а' in `exаmple.org`), or None."""
    local, _, domain = address.rpartition("@")
    for part in (local, *domain.split(".")):
        scripts = scripts_in(part)
        if len(scripts) < 2:
            continue
        counts = {script: sum(1 for c in part if scripts_in(c) == {script}) for script in scripts}
        main = max(counts, key=lambda s: (counts[s], s == "Latn"))
        odd = next(c for c in part if scripts_in(c) and scripts_in(c) != {main})
        return (
            f"'{part}' mixes scripts: {describe_char(odd)} among {main} letters; "
            "retype the address (a look-alike letter sends the mail elsewhere)"
        )
    return None


def _check_email(address: str, path: Path_, loaded: LoadedYaml, report: Report) -> None:
    field = format_path(path)
    mixed = _mixed_script(address)
    if mixed:
        report.error(mixed, "email.mixed-script", loaded.span(path), field)
        return
    if "=?" in address:
        report.error(
            "contains '=?' (an encoded-word marker); write the address plainly",
            "email.header-injection",
            loaded.span(path),
            field,
        )
        return
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        report.error(
            f"not a valid email address ({exc}); write it as name@example.org, one address only",
            "email.invalid",
            loaded.span(path),
            field,
        )


def _check_header_text(text: str, path: Path_, loaded: LoadedYaml, report: Report) -> None:
    """Text that ends up in a mail header must pass the very check the mail builder makes."""
    problem = header_problem(text)
    if problem is None:
        return
    code = "header.encoded-word" if "'=?'" in problem else "header.unsafe-character"
    report.error(
        f"{problem}; remove it (this text is used in email headers)", code, loaded.span(path), format_path(path)
    )


def _check_campaign(
    settings: CampaignFile, loaded: LoadedYaml, folder: Path, kinds: tuple[str, ...], report: Report
) -> None:
    org = settings.organisation
    _check_email(org.email, ("organisation", "email"), loaded, report)
    if org.reply_to:
        _check_email(org.reply_to, ("organisation", "reply_to"), loaded, report)
    _check_header_text(org.name, ("organisation", "name"), loaded, report)
    _check_header_text(settings.name, ("name",), loaded, report)
    _check_header_text(settings.signatory.name, ("signatory", "name"), loaded, report)
    title = settings.signatory.title
    missing = [lang for lang in settings.languages if lang != PSEUDO_LANG and lang not in title]
    if missing:
        example = next(iter(title.items()), ("en", "..."))
        report.error(
            f"no title in {', '.join(missing)} (letters are written in it); add '{missing[0]}: ...' "
            f"next to '{example[0]}: {example[1]}'",
            "campaign.text-missing-language",
            loaded.span(("signatory", "title")),
            "signatory.title",
        )
    if org.logo:
        assets = (folder / "letters" / "assets").resolve()
        logo = (folder / org.logo).resolve()
        if not logo.is_relative_to(assets) or not logo.is_file() or (folder / org.logo).is_symlink():
            report.error(
                "logo must be an existing image file in letters/assets/ (no links out of it)",
                "campaign.logo",
                loaded.span(("organisation", "logo")),
                "organisation.logo",
            )
    for group_id, group in settings.groups.items():
        for index, document in enumerate(group.documents):
            if kinds and document not in kinds:
                path = ("groups", group_id, "documents", index)
                report.error(
                    f"no document '{document}' exists (letters/{document}{TEMPLATE_SUFFIX}); known: {', '.join(kinds)}",
                    "campaign.unknown-document",
                    loaded.span(path),
                    format_path(path),
                )


def _duplicates(ids: list[str]) -> set[str]:
    return {item for item, count in Counter(ids).items() if count > 1}


def _check_recipients(
    recipients: list[tuple[int, Recipient]],
    loaded: LoadedYaml,
    declared: _Declared,
    kinds: tuple[str, ...],
    report: Report,
) -> None:
    """Checks each recipient on its own and against campaign.yaml, where that declares enough."""
    seen: set[str] = set()
    for index, recipient in recipients:
        base: Path_ = ("recipients", index)
        if recipient.id in seen:
            report.error(
                f"recipient id '{recipient.id}' is used twice; ids must be unique",
                "recipient.duplicate-id",
                loaded.span((*base, "id")),
                format_path((*base, "id")),
            )
        seen.add(recipient.id)
        if recipient.channel.kind == "email":
            _check_email(recipient.channel.address, (*base, "channel", "address"), loaded, report)
        if recipient.channel.kind == "postal" and not recipient.postal_address:
            report.error(
                "postal recipients need 'postal_address' lines",
                "recipient.postal-address",
                loaded.span(base, key=False),
                format_path(base),
            )
        for key in ("institution", "office"):
            value = getattr(recipient, key)
            for lang, text in value.items() if isinstance(value, dict) else [("", value)]:
                _check_header_text(text, (*base, key, lang) if lang else (*base, key), loaded, report)
        missing = recipient.missing_address_languages()
        if missing:
            report.error(
                f"letters in {', '.join(missing)} need the institution and office in that language for the "
                f"address block; give them per language ({{{missing[0]}: ...}} beside the others), or "
                "keep one language in every letter with address_language (e.g. address_language: en)",
                "recipient.address-language",
                loaded.span((*base, "institution")),
                format_path((*base, "institution")),
            )
        if recipient.person:
            _check_header_text(recipient.person.name, (*base, "person", "name"), loaded, report)
        status = recipient.verification.status
        if status is not VerificationStatus.VERIFIED:
            report.warning(
                f"contact is {status.value}; check it before sending "
                "(email send refuses it without --allow-unverified)",
                "recipient.unverified",
                loaded.span((*base, "verification", "status")),
                format_path((*base, "verification", "status")),
            )
        _check_against_campaign(recipient, base, loaded, declared, kinds, report)


def _check_against_campaign(
    recipient: Recipient, base: Path_, loaded: LoadedYaml, declared: _Declared, kinds: tuple[str, ...], report: Report
) -> None:
    """The recipient's group, documents and languages must be ones campaign.yaml offers."""
    if declared.groups is not None and recipient.group not in declared.groups:
        report.error(
            f"group '{recipient.group}' is not defined in campaign.yaml; known: {', '.join(declared.groups)}",
            "recipient.unknown-group",
            loaded.span((*base, "group")),
            format_path((*base, "group")),
        )
    for doc_index, document in enumerate(recipient.documents):
        if kinds and document not in kinds:
            path = (*base, "documents", doc_index)
            report.error(
                f"no document '{document}' exists; known: {', '.join(kinds)}",
                "recipient.unknown-document",
                loaded.span(path),
                format_path(path),
            )
    for lang_index, lang in enumerate(recipient.languages):
        if declared.languages is not None and lang not in declared.languages:
            path = (*base, "languages", lang_index)
            report.error(
                f"language '{lang}' is not declared in campaign.yaml 'languages'; add it there",
                "recipient.undeclared-language",
                loaded.span(path),
                format_path(path),
            )
