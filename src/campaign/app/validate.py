"""`campaign validate` and `campaign schema`: check a campaign, describe its files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from campaign.diagnostics import Diagnostic, SourceSpan
from campaign.errors import InputError
from campaign.jobs.job import SECONDS_PER_DOCUMENT
from campaign.jobs.pool import render_covers
from campaign.load.campaign import load_campaign
from campaign.model.campaign import CampaignFile
from campaign.model.case import Case
from campaign.model.loaded import COVER_DOCUMENT, TEMPLATE_SUFFIX, Loaded
from campaign.model.recipients import EmailChannel, RecipientsFile

SCHEMAS: dict[str, type[Any]] = {
    "campaign": CampaignFile,
    "case": Case,
    "recipients": RecipientsFile,
}


def validate(folder: Path, *, seconds_per_document: int = SECONDS_PER_DOCUMENT) -> Loaded:
    """Load and cross-check the campaign in `folder`, and render its cover email; raises InputError
    listing every error.

    The cover email is rendered as `campaign email build` renders it (in a worker, under the
    documents' time and memory limits), once for each group and first language among the email
    recipients, so a broken or runaway template is found here and not first when building the outbox.
    """
    loaded = load_campaign(folder)
    template = f"letters/{COVER_DOCUMENT}{TEMPLATE_SUFFIX}"
    if not (folder / template).is_file():
        return loaded
    sample: dict[tuple[str, str], str] = {}
    for recipient in loaded.campaign.recipients:
        if isinstance(recipient.channel, EmailChannel):
            sample.setdefault((recipient.group, recipient.languages[0]), recipient.id)
    wanted = [(recipient, lang) for (_, lang), recipient in sample.items()]
    covers = render_covers(folder, loaded, wanted, seconds_per_document)
    problems = [
        Diagnostic(f"the cover email {why}", "render.cover-email", SourceSpan(template), f"{recipient} ({lang})")
        for (recipient, lang), why in covers.items()
        if isinstance(why, str)
    ]
    if problems:
        raise InputError("the cover email cannot be rendered", [*problems, *loaded.report.items])
    return loaded


def json_schema(name: str) -> str:
    """The JSON Schema of one of the three files, for editor completion and inline errors."""
    schema = SCHEMAS[name].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"campaign {name} file"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
