"""The loaded campaign as a value: shifting its date keeps everything else."""

from __future__ import annotations

import datetime as dt

from campaign.load.campaign import load_campaign
from tests.campaign_support import ROOT


def test_as_of_changes_the_date_only() -> None:
    loaded = load_campaign(ROOT)
    later = loaded.as_of(dt.date(2026, 12, 6))
    assert later.campaign.settings.date == dt.date(2026, 12, 6)
    assert loaded.campaign.settings.date == dt.date(2021, 9, 6), "the original is unchanged"
    assert later.regimes is loaded.regimes and later.regimes is not None
    assert later.forms is loaded.forms
    assert (
        later.kinds
        == loaded.kinds
        == (
            "appeal",
            "cover-email",
            "sanctions-brief",
            "un-communication",
            "wgad-reply-comments",
        )
    )
    assert later.campaign.case == loaded.campaign.case
