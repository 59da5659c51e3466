"""Loading `letters/regimes.yaml` and checking recipients and the case against it.

The regimes file is legal reference data, kept with the letters because it is shared by every
case; its own `sources` are cited in the briefs' footnotes next to the case's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from campaign.diagnostics import Report
from campaign.errors import InputError
from campaign.load.structure import structure
from campaign.load.yaml import LoadedYaml, Path_, load_yaml
from campaign.model.asof import case_as_of, sanction_targets
from campaign.model.case import Case, Source
from campaign.model.loaded import letters_folder, shown_letters
from campaign.model.recipients import RecipientsFile
from campaign.model.regime import CriteriaFile, Criterion, RegimesFile, official_source_id

REGIMES_FILE = "regimes.yaml"
CRITERIA_FILE = "regimes/criteria.yaml"


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
    if regimes is None:
        return None, loaded
    _check_sources(regimes, loaded, report)
    criteria, texts = _load_criteria(letters, shown_letters(letters, folder), regimes, report)
    return _joined(regimes, criteria, texts), loaded


def _load_criteria(
    letters: Path, shown: str, regimes: RegimesFile, report: Report
) -> tuple[CriteriaFile, tuple[Source, ...]]:
    """`regimes/criteria.yaml`, each quote checked against its stored official text, and a source
    for each stored text (a brief's note on a quote cites the text it is quoted from)."""
    path = letters / CRITERIA_FILE
    if not path.is_file():
        return CriteriaFile(), ()
    try:
        loaded = load_yaml(path, f"{shown}/{CRITERIA_FILE}")
    except InputError as exc:
        report.extend(exc.diagnostics)
        return CriteriaFile(), ()
    criteria, problems = structure(CriteriaFile, loaded)
    report.extend(problems)
    if criteria is None:
        return CriteriaFile(), ()
    texts = _official_texts(letters / "regimes", criteria, loaded, report)
    _check_criteria(criteria, texts, {r.id for r in regimes.regimes}, loaded, report)
    return criteria, tuple(text.source for text in texts.values())


@dataclass(frozen=True)
class _Official:
    """One stored official text: its words (whitespace collapsed) and where they come from."""

    body: str
    source: Source


def _official_texts(
    root: Path, data: CriteriaFile, loaded: LoadedYaml, report: Report
) -> dict[tuple[str, str], _Official]:
    texts: dict[tuple[str, str], _Official] = {}
    for a_index, instrument in enumerate(data.acts):
        for lang, relative in instrument.texts.items():
            path = ("acts", a_index, "texts", lang)
            try:
                text = _read_official(root, relative, instrument.id, lang)
            except ValueError as exc:
                report.error(str(exc), "regimes.official-text", loaded.span(path), loaded.field_path(path))
                continue
            texts[instrument.id, lang] = text
    return texts


def _read_official(root: Path, relative: str, act: str, lang: str) -> _Official:
    """A text file inside `regimes/`: a header of `key: value` lines, `---`, then the law's words."""
    path = root / relative
    if ".." in Path(relative).parts or path.is_symlink() or not path.is_file():
        raise ValueError(f"'{relative}' is not a text file inside regimes/")
    head, separator, body = path.read_text(encoding="utf-8").partition("\n---\n")
    header = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    missing = [key for key in ("title", "source", "publisher") if not header.get(key)]
    if not separator or missing:
        raise ValueError(f"'{relative}' needs a header with title, source and publisher, then a line '---'")
    source = Source.model_validate(
        {
            "id": official_source_id(act, lang),
            "organisation": header["publisher"],
            "title": header["title"],
            "url": header["source"],
            "language": lang,
            **({"accessed": header["read"]} if header.get("read") else {}),
        }
    )
    return _Official(" ".join(body.split()), source)


def _check_criteria(
    data: CriteriaFile, texts: dict[tuple[str, str], _Official], regimes: set[str], loaded: LoadedYaml, report: Report
) -> None:
    """Every criterion belongs to a regime and an act, and each quote fragment is verbatim in the
    act's stored text of its language, in order: what a brief quotes is the law's own words."""

    def error(path: Path_, message: str) -> None:
        report.error(message, "regimes.criterion", loaded.span(path), loaded.field_path(path))

    acts = {a.id for a in data.acts}
    for c_index, criterion in enumerate(data.criteria):
        if criterion.regime not in regimes:
            error(("criteria", c_index, "regime"), f"no regime '{criterion.regime}' in {REGIMES_FILE}")
        if criterion.quote and (criterion.act or "") not in acts:
            error(("criteria", c_index, "act"), f"no act '{criterion.act}' under 'acts'")
            continue
        for lang, fragments in criterion.quote.items():
            text = texts.get((criterion.act or "", lang))
            missing = _first_missing(text.body if text else "", fragments)
            if text is None or missing is not None:
                what = f"'{missing}'" if missing is not None else "the quote"
                error(
                    ("criteria", c_index, "quote", lang),
                    f"{what} is not in the stored official text in this order; quote the law's own words",
                )


def _first_missing(text: str, fragments: tuple[str, ...]) -> str | None:
    """The first fragment not found in `text` after the previous one, or None."""
    position = 0
    for fragment in fragments:
        wanted = " ".join(fragment.split())
        found = text.find(wanted, position)
        if found < 0:
            return fragment
        position = found + len(wanted)
    return None


def _joined(regimes: RegimesFile, data: CriteriaFile, texts: tuple[Source, ...]) -> RegimesFile:
    """Each regime with its quoted criteria and stored acts, then its grounds as summaries."""
    joined = []
    for regime in regimes.regimes:
        summaries = tuple(
            Criterion(
                id=f"{regime.id}-ground-{index + 1}",
                regime=regime.id,
                test=ground.test,
                provision={"en": ground.provision},
                covers=ground.covers,
                summary=ground.text,
                src=tuple(ground.src),
            )
            for index, ground in enumerate(regime.grounds)
        )
        quoted = tuple(c for c in data.criteria if c.regime == regime.id)
        instruments = tuple(a for a in data.acts if a.regime == regime.id)
        joined.append(regime.model_copy(update={"criteria": quoted + summaries, "instruments": instruments}))
    return regimes.model_copy(update={"regimes": tuple(joined), "sources": (*regimes.sources, *texts)})


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
                        loaded.field_path((*path, index)),
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
                recipients_yaml.field_path(path),
            )
            continue
        if as_of is not None and supported.get(regime.id) is False:
            covered = ", ".join(sorted(v.value for v in regime.categories))
            report.warning(
                f"no official in the case meets a ground of {regime.id} as of {as_of.isoformat()} "
                f"(it covers {covered}); the sanctions brief will be skipped",
                "recipient.regime-unsupported",
                recipients_yaml.span(path),
                recipients_yaml.field_path(path),
            )
