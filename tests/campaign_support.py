"""Helpers shared by the end-to-end tests: where the bundled campaign is, and private copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository root, which is also the bundled example campaign."""

CAMPAIGN_PARTS = ("campaign.yaml", "recipients.yaml", "cases", "evidence")
LETTERS = ROOT / "src" / "campaign" / "letters"
"""The standard letters the bundled campaign writes with (it has no letters/ of its own)."""


def copy_campaign(target: Path) -> Path:
    """A private copy of the bundled campaign that a test may change, with the standard letters
    copied into its own letters/ so the test can change those too."""
    target.mkdir(parents=True, exist_ok=True)
    for part in CAMPAIGN_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        else:
            shutil.copy2(source, target / part)
    shutil.copytree(LETTERS, target / "letters", ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    return target


def keep_languages(folder: Path, languages: list[str]) -> None:
    """Declare only `languages` in the campaign at `folder`: texts a test adds (an invented second
    defendant) need not be written in every script of the bundled campaign."""
    settings = folder / "campaign.yaml"
    text = settings.read_text("utf-8")
    lines = [line for line in text.splitlines() if line.startswith("languages: [")]
    assert len(lines) == 1, "campaign.yaml declares its languages on one line"
    settings.write_text(text.replace(lines[0], f"languages: [{', '.join(languages)}]"), "utf-8")
