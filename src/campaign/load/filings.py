"""Admissibility checks of the facts a UN communication states (`submission-requirements.md` 2.5).

The special procedures set aside a communication that rests exclusively on media reports. A
campaign that sends a `un-communication` is warned, section by section of the facts it states
(the arrest, the custody history, the proceedings, the claims of each kind, the acts), where
every source of that section is a media report (`media: true`): the cure is a source of another
kind (the family, the lawyer, a court document, an organisation's own documentation), not a
change of wording. The check reads only the facts known by the letters' date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from campaign.diagnostics import Report
from campaign.load.yaml import LoadedYaml, Path_
from campaign.model.asof import happened
from campaign.model.campaign import CampaignFile
from campaign.model.case import Case
from campaign.model.dates import When
from campaign.model.recipients import RecipientsFile

COMMUNICATION = "un-communication"


def sends_communication(settings: CampaignFile, recipients: RecipientsFile) -> bool:
    """Some recipient receives a UN communication."""
    for recipient in recipients.recipients:
        group = settings.groups.get(recipient.group)
        if COMMUNICATION in (recipient.documents or (group.documents if group else ())):
            return True
    return False


def check_media_only(
    settings: CampaignFile,
    recipients: RecipientsFile,
    case: Case,
    loaded: LoadedYaml,
    day: dt.date | None,
    report: Report,
) -> None:
    """Warn (`case.media-only`) for each section of facts a UN communication states whose every
    source is a media report; nothing when the campaign sends no UN communication."""
    if not sends_communication(settings, recipients):
        return
    media = {s.id for s in case.sources if s.media}

    def known(when: When | None) -> bool:
        return day is None or happened(when, day)

    def check(what: str, path: Path_, refs: Iterable[str]) -> None:
        cited = set(refs)
        if cited and cited <= media:
            report.warning(
                f"every source of {what} is a media report; a UN communication resting exclusively "
                "on media reports may be found inadmissible: add a source of another kind (the "
                "family, the lawyer, a court document, an organisation's own documentation)",
                "case.media-only",
                loaded.span(path),
                loaded.field_path(path),
            )

    for index, defendant in enumerate(case.defendants):
        base: Path_ = ("defendants", index)
        if defendant.arrest is not None and known(defendant.arrest.date):
            check(f"the arrest of {defendant.id}", (*base, "arrest"), defendant.arrest.src)
        periods = [p for p in defendant.custody if known(p.since)]
        check(f"the custody history of {defendant.id}", (*base, "custody"), (r for p in periods for r in p.src))
    proceedings = [p for p in case.proceedings if known(p.date)]
    check("the proceedings", ("proceedings",), (r for p in proceedings for r in p.src))
    kinds: dict[str, list[int]] = {}
    for index, claim in enumerate(case.violations):
        if known(claim.date):
            kinds.setdefault(claim.category.value, []).append(index)
    for kind, indices in kinds.items():
        refs = (r for i in indices for r in case.violations[i].src)
        check(f"the claims of {kind}", ("violations", indices[0]), refs)
    acts = [a for a in case.acts if known(a.date)]
    check("the acts", ("acts",), (r for a in acts for r in a.src))
