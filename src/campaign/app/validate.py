"""`campaign validate` and `campaign schema`: check a campaign the way a build would, describe its files.

Validate is the build's dry run: besides the three files, it checks the catalogs of every
language the letters are written in and renders every document of every recipient (as data,
without laying out a PDF), so a template typo (`{{ case.nmae }}`), a missing translation or a
form of address that does not exist is reported at its file and line before anything is built.
If validate passes, build writes every document, or skips one for a stated reason.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from campaign.diagnostics import Diagnostic, Report, SourceSpan
from campaign.errors import CampaignError, InputError
from campaign.i18n.catalogs import SOURCE_LANG, check_catalog, check_language, read_catalog, reference_catalog
from campaign.i18n.pseudo import PSEUDO_LANG
from campaign.jobs.job import SECONDS_PER_DOCUMENT
from campaign.jobs.pool import render_covers
from campaign.load.campaign import load_campaign
from campaign.model.campaign import CampaignFile
from campaign.model.case import Case
from campaign.model.loaded import COVER_DOCUMENT, TEMPLATE_SUFFIX, Loaded
from campaign.model.recipients import EmailChannel, Recipient, RecipientsFile
from campaign.render.compose import Renderer

SCHEMAS: dict[str, type[Any]] = {
    "campaign": CampaignFile,
    "case": Case,
    "recipients": RecipientsFile,
}
MAX_RENDERED_PER_SHAPE = 1
"""Recipients that would get the very same letters (same documents, languages, regime, form of
address and locale) are rendered once: a campaign of thousands validates in seconds."""


def validate(
    folder: Path,
    as_of: dt.date | None = None,
    *,
    seconds_per_document: int = SECONDS_PER_DOCUMENT,
    texts: Mapping[str, str] | None = None,
) -> Loaded:
    """Load and cross-check the campaign in `folder` and render every document it would build.

    Raises InputError listing every error in the files, the catalogs and the documents; warnings
    come back in the report. `as_of` checks the campaign as written on another day; `texts` gives
    files as text instead of reading them (`recipients import` checks what it would write). The
    cover email is rendered as `campaign email build` renders it (in a worker, under the
    documents' time and memory limits), so a broken or runaway template is found here.
    """
    loaded = load_campaign(folder, as_of, texts=texts)
    report = loaded.report
    complete = check_catalogs(loaded, report)
    dry_run(loaded, complete, report)
    check_cover_email(folder, loaded, complete, seconds_per_document, report)
    if report.errors:
        raise InputError("the campaign has errors", report.items)
    return loaded


def letter_languages(loaded: Loaded) -> list[str]:
    """Every language some recipient is written to in, in a stable order."""
    return sorted({lang for r in loaded.campaign.recipients for lang in r.languages})


def check_catalogs(loaded: Loaded, report: Report) -> set[str]:
    """Report every problem of the catalogs of the letter languages; return the complete ones."""
    letters = loaded.letters
    complete = {SOURCE_LANG, PSEUDO_LANG}
    languages = [lang for lang in letter_languages(loaded) if lang not in complete]
    if not languages or not letters.is_dir():
        return complete
    try:
        reference = reference_catalog(letters)
    except CampaignError as exc:
        report.extend(exc.diagnostics or [Diagnostic(exc.message, "catalog.template", SourceSpan("letters/"))])
        return complete
    for lang in languages:
        try:
            check_language(lang)
            status = check_catalog(reference, read_catalog(letters, lang))
        except CampaignError as exc:
            report.extend(exc.diagnostics or [Diagnostic(exc.message, "catalog.missing", SourceSpan("letters/"))])
            continue
        if status.complete:
            complete.add(lang)
        else:
            report.extend(status.problems)
    return complete


def dry_run(loaded: Loaded, languages: set[str], report: Report) -> None:
    """Render each document each recipient would get (once per shape of recipient); every error
    goes into `report`. Languages whose catalog is incomplete are left to the catalog check."""
    renderer = Renderer(loaded)
    seen: set[str] = set()
    for recipient in loaded.campaign.recipients:
        shape = _shape(loaded, recipient)
        if shape in seen:
            continue
        seen.add(shape)
        documents = [d for d in loaded.campaign.documents_for(recipient) if d != COVER_DOCUMENT]
        for lang in recipient.languages:
            if lang not in languages:
                continue
            for kind in documents:
                _render(renderer, recipient, kind, lang, report)


def check_cover_email(folder: Path, loaded: Loaded, languages: set[str], seconds: int, report: Report) -> None:
    """Render the cover email once for each group and first language among the email recipients,
    in a worker under the documents' limits; each failure goes into `report`."""
    if COVER_DOCUMENT not in loaded.kinds:
        return
    sample: dict[tuple[str, str], str] = {}
    for recipient in loaded.campaign.recipients:
        first = recipient.languages[0]
        if isinstance(recipient.channel, EmailChannel) and first in languages:
            sample.setdefault((recipient.group, first), recipient.id)
    wanted = [(recipient_id, lang) for (_, lang), recipient_id in sample.items()]
    template = f"letters/{COVER_DOCUMENT}{TEMPLATE_SUFFIX}"
    for (recipient_id, lang), why in render_covers(folder, loaded, wanted, seconds).items():
        if isinstance(why, str):
            report.error(
                f"the cover email {why}", "render.cover-email", SourceSpan(template), f"{recipient_id} ({lang})"
            )


def _shape(loaded: Loaded, recipient: Recipient) -> str:
    """What decides a recipient's letters, but their name and address."""
    kept = recipient.model_dump(
        mode="json", include={"jurisdiction", "title", "languages", "locale", "regime", "salutation", "closing"}
    )
    kept["documents"] = loaded.campaign.documents_for(recipient)
    kept["gender"] = recipient.person.gender.value if recipient.person else ""
    kept["channel"] = recipient.channel.kind
    return json.dumps(kept, sort_keys=True)


def _render(renderer: Renderer, recipient: Recipient, kind: str, lang: str, report: Report) -> None:
    try:
        renderer.render(recipient, kind, lang)
    except CampaignError as exc:
        where = f"letters/{kind}{TEMPLATE_SUFFIX}"
        if exc.diagnostics:
            report.extend(exc.diagnostics)
        else:
            report.error(
                f"{exc.message} (the {kind} for {recipient.id} in '{lang}')",
                "document.render",
                SourceSpan(where),
                f"recipients[{recipient.id}]",
            )


def json_schema(name: str) -> str:
    """The JSON Schema of one of the three files, for editor completion and inline errors."""
    schema = SCHEMAS[name].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"campaign {name} file"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
