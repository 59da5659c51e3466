"""A translated title of an offence is not put in quotation marks; the law's own wording is.

The bundled charge's title is the advocacy statement's rendering of Article 405, not the Criminal
Code's heading in any language, so no letter quotes it; marked `official` in a language, it is
quoted in letters in that language.
"""

from __future__ import annotations

import re
from pathlib import Path

from campaign.app.build import build
from campaign.jobs.job import BuildOptions
from campaign.load.campaign import load_campaign
from tests.campaign_support import copy_campaign, pdf_text


def appeal_text(folder: Path, out: Path) -> str:
    options = BuildOptions(out=out, recipients=("uk-fs",), documents=("appeal",), formats=("pdf",), jobs=1)
    result = build(folder, options)
    assert not result.failed, [o.error for o in result.failed]
    return pdf_text(out / "uk-fs" / "appeal.en.pdf")


def test_a_translated_title_is_not_quoted_and_an_official_one_is(tmp_path: Path) -> None:
    folder = copy_campaign(tmp_path / "campaign")
    title = load_campaign(folder).campaign.case.defendants[0].charges[0].title
    assert title is not None
    words = re.escape(title["en"][:40])
    plain = appeal_text(folder, tmp_path / "plain")
    assert re.search(rf"\({words}", plain) and not re.search(rf"“{words}", plain)
    case = folder / "cases" / "askar-kaiyrbek.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(
        text.replace('provision: {number: "405"', 'official: [en]\n        provision: {number: "405"', 1),
        encoding="utf-8",
    )
    quoted = appeal_text(folder, tmp_path / "quoted")
    assert re.search(rf"\(“{words}", quoted)
