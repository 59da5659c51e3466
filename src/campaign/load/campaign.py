"""Loading a whole campaign folder and checking that its three files agree with each other."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel

from campaign.diagnostics import Report
from campaign.errors import InputError
from campaign.load.regimes import check_recipient_regimes, load_regimes
from campaign.load.structure import structure
from campaign.load.yaml import LoadedYaml, Path_, format_path, load_yaml
from campaign.model.campaign import Campaign, CampaignFile
from campaign.model.case import Case
from campaign.model.recipients import RecipientsFile, VerificationStatus
from campaign.model.regime import RegimesFile

CAMPAIGN_FILE = "campaign.yaml"
RECIPIENTS_FILE = "recipients.yaml"
TEMPLATE_SUFFIX = ".md.j2"


@dataclass(frozen=True)
class Loaded:
    """A campaign with the report of what was found wrong or doubtful while loading it."""

    campaign: Campaign
    report: Report
    folder: Path
    regimes: RegimesFile | None = None
    """Sanctions regimes from `letters/regimes.yaml`, when the campaign has one."""


def document_kinds(folder: Path) -> list[str]:
    """Document kinds offered by the campaign: one template `letters/<kind>.md.j2` each."""
    letters = folder / "letters"
    if not letters.is_dir():
        return []
    return sorted(
        p.name.removesuffix(TEMPLATE_SUFFIX) for p in letters.glob(f"*{TEMPLATE_SUFFIX}") if not p.name.startswith("_")
    )


def load_campaign(folder: Path) -> Loaded:
    """Load and cross-check `campaign.yaml`, its case and `recipients.yaml`.

    Raises `InputError` with every error in every file; warnings come back in the report.
    """
    report = Report()
    settings_yaml = _load(folder / CAMPAIGN_FILE, CAMPAIGN_FILE, report)
    recipients_yaml = _load(folder / RECIPIENTS_FILE, RECIPIENTS_FILE, report)
    settings = _structure(CampaignFile, settings_yaml, report)
    recipients = _structure(RecipientsFile, recipients_yaml, report)
    case = None
    case_yaml = None
    if settings is not None:
        case_name = f"cases/{settings.cases[0]}.yaml"
        case_yaml = _load(folder / case_name, case_name, report)
        case = _structure(Case, case_yaml, report)
    if settings and settings_yaml:
        _check_campaign(settings, settings_yaml, folder, report)
    if case and case_yaml:
        _check_case(case, case_yaml, report)
    if recipients and recipients_yaml:
        _check_recipients(recipients, recipients_yaml, settings, document_kinds(folder), report)
    regimes, regimes_yaml = load_regimes(folder, report)
    if regimes and regimes_yaml and case:
        _check_source_ids(case, regimes, regimes_yaml, report)
    if recipients and recipients_yaml:
        as_of = settings.date if settings else None
        check_recipient_regimes(regimes, recipients, recipients_yaml, case, as_of, report)
    if report.errors or settings is None or case is None or recipients is None:
        raise InputError("the campaign has errors", report.items)
    campaign = Campaign(settings=settings, case=case, recipients=recipients.recipients)
    return Loaded(campaign, report, folder, regimes)


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


def _load(path: Path, display: str, report: Report) -> LoadedYaml | None:
    try:
        return load_yaml(path, display)
    except InputError as exc:
        report.extend(exc.diagnostics)
        return None


def _structure(model: type[Any], loaded: LoadedYaml | None, report: Report) -> Any:
    if loaded is None:
        return None
    instance, problems = structure(model, loaded)
    report.extend(problems)
    return instance


def _walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str, Any]]:
    """Every (path, field name, value) in a model tree, for checks that span the whole file."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            yield (*path, name), name, item
            yield from _walk(item, (*path, name))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))


def _check_email(address: str, path: Path_, loaded: LoadedYaml, report: Report) -> None:
    field = format_path(path)
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
    """Text that ends up in a mail header must pass the very check the mail builder makes.

    Asking `mail.headers` itself keeps validate and send from disagreeing (they once did on
    U+2028 and U+2029). Imported here, not at the top, because `mail` imports this module.
    """
    from campaign.mail.headers import header_problem

    problem = header_problem(text)
    if problem is None:
        return
    code = "header.encoded-word" if "'=?'" in problem else "header.unsafe-character"
    report.error(
        f"{problem}; remove it (this text is used in email headers)", code, loaded.span(path), format_path(path)
    )


def _check_campaign(settings: CampaignFile, loaded: LoadedYaml, folder: Path, report: Report) -> None:
    org = settings.organisation
    _check_email(org.email, ("organisation", "email"), loaded, report)
    if org.reply_to:
        _check_email(org.reply_to, ("organisation", "reply_to"), loaded, report)
    _check_header_text(org.name, ("organisation", "name"), loaded, report)
    _check_header_text(settings.name, ("name",), loaded, report)
    _check_header_text(settings.signatory.name, ("signatory", "name"), loaded, report)
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
    kinds = document_kinds(folder)
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


def _check_case(case: Case, loaded: LoadedYaml, report: Report) -> None:
    source_ids = [s.id for s in case.sources]
    for dup in _duplicates(source_ids):
        index = source_ids.index(dup, source_ids.index(dup) + 1)
        report.error(
            f"source id '{dup}' is used twice; ids must be unique",
            "case.duplicate-id",
            loaded.span(("sources", index, "id")),
            f"sources[{index}].id",
        )
    known = set(source_ids)
    cited: set[str] = set()
    official_ids = {o.id for o in case.officials}
    for path, name, value in _walk(case):
        if name == "src":
            for index, ref in enumerate(value):
                cited.add(ref)
                if ref not in known:
                    guess = next((s for s in known if ref in s or s in ref), None)
                    hint = f"; did you mean '{guess}'?" if guess else "; add it under 'sources' or fix the id"
                    report.error(
                        f"source '{ref}' is not listed in 'sources'{hint}",
                        "case.unknown-source",
                        loaded.span((*path, index)),
                        format_path((*path, index)),
                    )
        elif name == "targets":
            for index, ref in enumerate(value):
                if ref not in official_ids:
                    report.error(
                        f"official '{ref}' is not listed under 'officials'",
                        "case.unknown-official",
                        loaded.span((*path, index)),
                        format_path((*path, index)),
                    )
    for index, source in enumerate(case.sources):
        if source.id not in cited:
            report.warning(
                f"source '{source.id}' is not cited by any fact",
                "case.uncited-source",
                loaded.span(("sources", index)),
                f"sources[{index}]",
            )
    for index, request in enumerate(case.requests):
        if not request.src:
            report.warning(
                "request has no 'src'; add the source that supports it",
                "case.fact-without-source",
                loaded.span(("requests", index)),
                f"requests[{index}]",
            )


def _check_recipients(
    recipients: RecipientsFile, loaded: LoadedYaml, settings: CampaignFile | None, kinds: list[str], report: Report
) -> None:
    ids = [r.id for r in recipients.recipients]
    seen: set[str] = set()
    for index, recipient in enumerate(recipients.recipients):
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
            _check_header_text(getattr(recipient, key), (*base, key), loaded, report)
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
        if settings is None:
            continue
        if recipient.group not in settings.groups:
            report.error(
                f"group '{recipient.group}' is not defined in campaign.yaml; known: {', '.join(settings.groups)}",
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
            if lang not in settings.languages:
                path = (*base, "languages", lang_index)
                report.error(
                    f"language '{lang}' is not declared in campaign.yaml 'languages'; add it there",
                    "recipient.undeclared-language",
                    loaded.span(path),
                    format_path(path),
                )
    del ids
