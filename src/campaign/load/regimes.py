"""Loading `letters/regimes.yaml` and checking recipients and the case against it.

The regimes file is legal reference data, kept with the letters because it is shared by every
case; its own `sources` are cited in the briefs' footnotes next to the case's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from campaign.diagnostics import Report
from campaign.errors import InputError
from campaign.load.structure import structure
from campaign.load.yaml import LoadedYaml, Path_, format_path, load_yaml
from campaign.model.asof import case_as_of, sanction_targets
from campaign.model.case import Case
from campaign.model.loaded import letters_folder, shown_letters
from campaign.model.recipients import RecipientsFile
from campaign.model.regime import RegimesFile

REGIMES_FILE = "regimes.yaml"


def load_regimes(folder: Path, report: Report) -> tuple[RegimesFile | None, LoadedYaml | None]:
    """The regimes of the letters the campaign writes with, or None when they have none."""
    letters = letters_folder(folder)
    path = letters / REGIMES_FILE
    if not path.exists() and not path.is_symlink():
        return None, None
    try:
        loaded = load_yaml(path, f"{shown_letters(letters, folder)}/{REGIMES_FILE}")
    except InputError as exc:
        report.extend(exc.diagnostics)
        return None, None
    regimes, problems = structure(RegimesFile, loaded)
    report.extend(problems)
    if regimes is not None:
        _check_sources(regimes, loaded, report)
    return regimes, loaded


def _check_sources(regimes: RegimesFile, loaded: LoadedYaml, report: Report) -> None:
    known = {s.id for s in regimes.sources}
    for r_index, regime in enumerate(regimes.regimes):
        refs: list[tuple[Path_, tuple[str, ...]]] = [(("regimes", r_index, "src"), regime.src)]
        refs += [(("regimes", r_index, "legal_basis", i, "src"), a.src) for i, a in enumerate(regime.legal_basis)]
        refs += [(("regimes", r_index, "grounds", i, "src"), g.src) for i, g in enumerate(regime.grounds)]
        for path, ids in refs:
            for index, ref in enumerate(ids):
                if ref not in known:
                    report.error(
                        f"source '{ref}' is not listed in this file's 'sources'; add it or fix the id",
                        "regimes.unknown-source",
                        loaded.span((*path, index)),
                        format_path((*path, index)),
                    )


def check_recipient_regimes(
    regimes: RegimesFile | None,
    recipients: RecipientsFile,
    recipients_yaml: LoadedYaml,
    case: Case | None,
    as_of: dt.date | None,
    report: Report,
) -> None:
    """Every `regime:` must exist; warn where the case gives the regime nothing to act on."""
    by_id = {r.id: r for r in regimes.regimes} if regimes else {}
    then = case_as_of(case, as_of) if case is not None and as_of is not None else None
    supported = {r.id: bool(sanction_targets(then, r)) for r in by_id.values()} if then is not None else {}
    for index, recipient in enumerate(recipients.recipients):
        if recipient.regime is None:
            continue
        path = ("recipients", index, "regime")
        regime = by_id.get(recipient.regime)
        if regime is None:
            known = ", ".join(sorted(by_id)) or f"none: {REGIMES_FILE} is missing"
            report.error(
                f"unknown sanctions regime '{recipient.regime}'; known: {known}",
                "recipient.unknown-regime",
                recipients_yaml.span(path),
                format_path(path),
            )
            continue
        if as_of is not None and supported.get(regime.id) is False:
            covered = ", ".join(sorted(v.value for v in regime.categories))
            report.warning(
                f"no official in the case meets a ground of {regime.id} as of {as_of.isoformat()} "
                f"(it covers {covered}); the sanctions brief will be skipped",
                "recipient.regime-unsupported",
                recipients_yaml.span(path),
                format_path(path),
            )
