"""`campaign validate` and `campaign schema`: check a campaign, describe its files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from campaign.load.campaign import load_campaign
from campaign.model.campaign import CampaignFile
from campaign.model.case import Case
from campaign.model.loaded import Loaded
from campaign.model.recipients import RecipientsFile

SCHEMAS: dict[str, type[Any]] = {
    "campaign": CampaignFile,
    "case": Case,
    "recipients": RecipientsFile,
}


def validate(folder: Path) -> Loaded:
    """Load and cross-check the campaign in `folder`; raises InputError listing every error."""
    return load_campaign(folder)


def json_schema(name: str) -> str:
    """The JSON Schema of one of the three files, for editor completion and inline errors."""
    schema = SCHEMAS[name].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"campaign {name} file"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
