"""Checks of a case file that its schema alone cannot make: references between its parts, the
order of its dated facts, and texts and names in every language the campaign writes in.

Each problem is reported at the line the user must change, with what to do about it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from campaign.diagnostics import Report
from campaign.fonts.coverage import uncovered
from campaign.load.yaml import LoadedYaml, Path_
from campaign.model.asof import chronological, happened
from campaign.model.case import NEW_SENTENCE, Case, ChargeEvent, Decision, DefendantKind, Name
from campaign.model.common import INTERGOVERNMENTAL, Cited
from campaign.model.dates import When
from campaign.text_policy import describe_char

SEQUEL = frozenset({Decision.UPHELD, Decision.INCREASED, Decision.REDUCED, Decision.COMMUTED})
"""Decisions that change an earlier sentence, so they need one before them."""


class _Checker:
    """Reports problems of one case file at their place."""

    def __init__(self, case: Case, loaded: LoadedYaml, report: Report) -> None:
        self.case = case
        self.loaded = loaded
        self.report = report

    def error(self, path: Path_, message: str, code: str, *, key: bool = False) -> None:
        self.report.error(message, code, self.loaded.span(path, key=key), self.loaded.field_path(path))

    def warning(self, path: Path_, message: str, code: str) -> None:
        self.report.warning(message, code, self.loaded.span(path), self.loaded.field_path(path))

    def unique(self, items: Iterable[Any], base: Path_, what: str) -> None:
        ids = [item.id for item in items]
        for dup, count in Counter(ids).items():
            if count > 1:
                index = [i for i, x in enumerate(ids) if x == dup][1]
                self.error(
                    (*base, index, "id"), f"{what} id '{dup}' is used twice; ids must be unique", "case.duplicate-id"
                )


def check_case(case: Case, loaded: LoadedYaml, languages: Iterable[str], native: Iterable[str], report: Report) -> None:
    """Every check of the case file; `languages` are those its letters are written in, `native`
    those that name people in another script than Latin (they need `native` forms)."""
    check = _Checker(case, loaded, report)
    _check_sources(check)
    _check_defendants(check)
    _check_proceedings(check)
    _check_references(check)
    _check_officials(check)
    _check_languages(check, tuple(languages), tuple(native))


def check_sources_by(case: Case, loaded: LoadedYaml, day: dt.date, report: Report) -> None:
    """Warn where a dated fact the letters of `day` state rests only on sources published after `day`:
    the letter still cites them (a footnote must not vanish), but a letter of 2022 cannot rest on
    a report of 2023; add an earlier source, or date the letters later."""
    check = _Checker(case, loaded, report)
    published = {s.id: s.date for s in case.sources}

    def later(ref: str) -> bool:
        date = published.get(ref)
        return date is not None and date.earliest is not None and date.earliest > day

    for path, _name, value in walk(case):
        refs = getattr(value, "src", None) if isinstance(value, BaseModel) else None
        if not refs or path[:1] == ("sources",):
            continue
        fact_date = getattr(value, "date", None) or getattr(value, "since", None)
        if not isinstance(fact_date, When) or not happened(fact_date, day):
            continue  # undated (a name, a role), or not yet in a letter of that day
        if all(later(ref) for ref in refs):
            check.warning(
                (*path, "src"),
                f"every source of this fact was published after {day.isoformat()}, the letters' date; "
                "they are cited anyway: add a source from before that day, or date the letters later",
                "case.sources-after-date",
            )


def check_citations(case: Case, loaded: LoadedYaml, report: Report) -> None:
    """A footnote supports the sentence it is on only if the source says that fact: warn where a
    source is cited with neither `at` (where it says it) nor `quote` (what it says)."""
    check = _Checker(case, loaded, report)
    for path, name, value in walk(case):
        if name != "src" or path[:1] == ("sources",):
            continue
        for index, ref in enumerate(value):
            if isinstance(ref, Cited) and not ref.recorded:
                check.warning(
                    (*path, index),
                    f"'{ref}' is cited without saying where it supports this fact; write "
                    f"{{id: {ref}, at: <page or paragraph>}} or {{id: {ref}, quote: <the passage>}}",
                    "case.src-unrecorded",
                )


LOADED_WORDS = {
    "en": re.compile(r"\b(dictator\w*|tyran\w*|puppets?|thugs?|henchm[ae]n|butchers?|kangaroo courts?|sham trials?)\b"),
    "fr": re.compile(r"\b(dictat\w*|tyran\w*|fantoches?|sbires?|bourreaux?|simulacres? de procès)\b"),
    "es": re.compile(r"\b(dictad\w*|tiran\w*|títeres?|esbirros?|verdugos?|farsas? judicial\w*)\b"),
    "de": re.compile(r"\b(diktat\w*|tyrann\w*|marionett\w*|scherge\w*|henker\w*|scheinprozess\w*)\b"),
    "ru": re.compile(r"\b(диктат\w*|тиран\w*|марионет\w*|приспешни\w*|палач\w*|судилищ\w*)\b"),
}
"""Words the UN's Code of Conduct would read as abusive or political (art. 9: communications must
not use abusive language or be politically motivated). A heuristic: a warning to reword, not a ban."""


def check_register(case: Case, loaded: LoadedYaml, report: Report) -> None:
    """Warn where a case text that a UN communication quotes uses abusive or political words."""
    check = _Checker(case, loaded, report)
    for path, _name, value in walk(case):
        if not _is_text(value) or path[:1] == ("sources",):
            continue
        for lang, text in value.items():
            pattern = LOADED_WORDS.get(lang)
            found = pattern.search(text.lower()) if pattern else None
            if found is not None:
                word = found.group()
                check.warning(
                    (*path, lang),
                    f"'{word}' reads as abusive or political language, which makes a UN communication "
                    "inadmissible; state the facts in neutral words",
                    "case.register",
                )
                break


def _check_sources(check: _Checker) -> None:
    case = check.case
    check.unique(case.sources, ("sources",), "source")
    known = {s.id for s in case.sources}
    cited: set[str] = set()
    for path, name, value in walk(case):
        if name != "src":
            continue
        for index, ref in enumerate(value):
            cited.add(ref)
            if ref not in known:
                guess = next((s for s in sorted(known) if ref in s or s in ref), None)
                hint = f"; did you mean '{guess}'?" if guess else "; add it under 'sources' or fix the id"
                check.error((*path, index), f"source '{ref}' is not listed in 'sources'{hint}", "case.unknown-source")
    for index, source in enumerate(case.sources):
        if source.id not in cited:
            check.warning(("sources", index), f"source '{source.id}' is not cited by any fact", "case.uncited-source")


def _check_defendants(check: _Checker) -> None:
    case = check.case
    check.unique(case.defendants, ("defendants",), "defendant")
    if case.lead is not None:
        lead = next((d for d in case.defendants if d.id == case.lead), None)
        if lead is None:
            known = ", ".join(d.id for d in case.defendants)
            check.error(("lead",), f"'{case.lead}' is not a defendant; choose one of {known}", "case.unknown-defendant")
        elif not lead.subject:
            check.error(("lead",), f"the lead '{case.lead}' must be a subject of the campaign", "case.lead-not-subject")
    if not any(d.subject for d in case.defendants):
        check.error(
            ("defendants",), "no defendant is a subject of the campaign; set 'subject: true' on one", "case.no-subject"
        )
    for d_index, defendant in enumerate(case.defendants):
        base: Path_ = ("defendants", d_index)
        if defendant.kind is DefendantKind.ORGANISATION and defendant.gender.value != "unknown":
            check.error((*base, "gender"), "an organisation has no gender; remove 'gender'", "case.organisation-gender")
        _in_order(
            check, [(p.since, (*base, "custody", i, "since")) for i, p in enumerate(defendant.custody)], "custody"
        )
        charges = {c.id for c in defendant.charges}
        check.unique(defendant.charges, (*base, "charges"), "charge")
        for c_index, charge in enumerate(defendant.charges):
            for h_index, change in enumerate(charge.history):
                path = (*base, "charges", c_index, "history", h_index)
                if change.event is ChargeEvent.REQUALIFIED and (change.into not in charges or change.into == charge.id):
                    check.error(
                        (*path, "into"),
                        f"'requalified' needs 'into': the id of another charge of {defendant.id}",
                        "case.requalified-into",
                        key=change.into is None,
                    )
                if change.event is not ChargeEvent.REQUALIFIED and change.into is not None:
                    check.error((*path, "into"), "'into' goes with 'requalified' only", "case.into-without-requalified")


def _in_order(check: _Checker, dated: list[tuple[When, Path_]], what: str) -> None:
    """Dated entries listed in the order they happened (each may start no earlier than the last)."""
    last: When | None = None
    for when, path in dated:
        if not when.known:
            continue
        if last is not None and when.latest is not None and last.earliest is not None and when.latest < last.earliest:
            check.error(
                path, f"{when} is before the {what} entry above it ({last}); list them in order", "case.out-of-order"
            )
        last = when


def _check_proceedings(check: _Checker) -> None:
    case = check.case
    check.unique(case.proceedings, ("proceedings",), "proceeding")
    ordered = chronological(list(enumerate(case.proceedings)), [p.date for p in case.proceedings])
    decided: set[str] = set()
    for index, proceeding in ordered:
        for o_index, outcome in enumerate(proceeding.outcomes):
            path = ("proceedings", index, "outcomes", o_index)
            if outcome.decision in SEQUEL and outcome.defendant not in decided:
                check.error(
                    (*path, "decision"),
                    f"'{outcome.decision.value}' changes a sentence, but no earlier proceeding convicted "
                    f"'{outcome.defendant}'; add the verdict it changes, or use 'convicted'",
                    "case.decision-without-verdict",
                )
            if outcome.decision in NEW_SENTENCE:
                decided.add(outcome.defendant)
        outcome_ids = [o.defendant for o in proceeding.outcomes]
        for dup, count in Counter(outcome_ids).items():
            if count > 1:
                check.error(
                    ("proceedings", index, "outcomes"),
                    f"'{dup}' has two outcomes here; give one",
                    "case.duplicate-outcome",
                )


def _check_references(check: _Checker) -> None:
    """Every defendant named by an outcome, act, statement, violation or condition exists."""
    case = check.case
    known = {d.id for d in case.defendants}

    def refer(path: Path_, ref: str) -> None:
        if ref not in known:
            choices = ", ".join(sorted(known))
            check.error(path, f"'{ref}' is not a defendant; choose one of {choices}", "case.unknown-defendant")

    for p_index, proceeding in enumerate(case.proceedings):
        for o_index, outcome in enumerate(proceeding.outcomes):
            refer(("proceedings", p_index, "outcomes", o_index, "defendant"), outcome.defendant)
    for a_index, act in enumerate(case.acts):
        for index, ref in enumerate(act.by):
            refer(("acts", a_index, "by", index), ref)
    for s_index, statement in enumerate(case.statements):
        for index, ref in enumerate(statement.names):
            refer(("statements", s_index, "names", index), ref)
    for v_index, violation in enumerate(case.violations):
        for index, ref in enumerate(violation.defendants):
            refer(("violations", v_index, "defendants", index), ref)
    for r_index, remedy in enumerate(case.remedies):
        for index, ref in enumerate(remedy.defendants):
            refer(("remedies", r_index, "defendants", index), ref)
    officials = {o.id for o in case.officials}
    for o_index, official in enumerate(case.officials):
        for a_index, deed in enumerate(official.acts):
            for index, ref in enumerate(deed.victims):
                refer(("officials", o_index, "acts", a_index, "victims", index), ref)
        for index, ref in enumerate(official.reports_to):
            if ref not in officials or ref == official.id:
                path = ("officials", o_index, "reports_to", index)
                choices = ", ".join(sorted(officials - {official.id})) or "none"
                check.error(
                    path,
                    f"'{ref}' is not another official of the case; choose one of {choices}",
                    "case.unknown-official",
                )
    for c_index, condition in enumerate(case.conditions):
        refer(("conditions", c_index, "defendant"), condition.defendant)
        if condition.until is not None and condition.until.known and condition.since.known:
            assert condition.until.latest is not None and condition.since.earliest is not None
            if condition.until.latest < condition.since.earliest:
                check.error(("conditions", c_index, "until"), "'until' is before 'since'", "case.out-of-order")
    for r_index, request in enumerate(case.requests):
        for index, code in enumerate(request.to):
            if len(code) != 2 and code not in INTERGOVERNMENTAL:
                check.error(
                    ("requests", r_index, "to", index),
                    f"'{code}' is not a jurisdiction code",
                    "case.unknown-jurisdiction",
                )


def _check_officials(check: _Checker) -> None:
    case = check.case
    check.unique(case.officials, ("officials",), "official")
    for o_index, official in enumerate(case.officials):
        if official.target and not official.acts:
            check.warning(
                ("officials", o_index, "target"),
                f"'{official.id}' is proposed for sanctions without any dated act; the dossier can only "
                "show their post and role: add 'acts:' (date, what they did, violations, src)",
                "case.target-without-acts",
            )
        for p_index, position in enumerate(official.positions):
            since, until = position.since, position.until
            if since and until and since.known and until.known:
                assert since.earliest is not None and until.latest is not None
                if until.latest < since.earliest:
                    path = ("officials", o_index, "positions", p_index, "until")
                    check.error(path, f"the post ends ({until}) before it starts ({since})", "case.out-of-order")


def _check_languages(check: _Checker, languages: tuple[str, ...], native: tuple[str, ...]) -> None:
    """Every text in every letter language, and every name in the script each language needs."""
    for path, _name, value in walk(check.case):
        if isinstance(value, Name):
            for lang in native:
                if lang not in value.native:
                    check.error(
                        (*path, "native"),
                        f"the name '{value.latin}' has no '{lang}' form, which letters in '{lang}' need; "
                        f"add it under 'native: {{{lang}: ...}}' (or set names: {{{lang}: latin}} in campaign.yaml)",
                        "case.name-missing-script",
                        key=True,
                    )
        elif _is_text(value):
            missing = [lang for lang in languages if lang not in value]
            if missing:
                check.error(
                    path,
                    f"no text in {', '.join(missing)} (letters are written in it); add '{missing[0]}: ...' "
                    f"next to 'en: {_preview(value['en'])}'",
                    "case.text-missing-language",
                )


def check_glyphs(model: BaseModel, loaded: LoadedYaml, report: Report) -> None:
    """Every text of a file in characters the PDF fonts can print; each other character is an
    error at its field, naming it (the PDF would fail on it at build time)."""
    seen: dict[str, list[str]] = {}
    for path, _name, value in walk(model):
        for text in _strings(value):
            if text.isascii():
                continue
            if text not in seen:
                seen[text] = uncovered(text)
            for char in seen[text]:
                shown = f" ('{char}')" if char.isprintable() else ""  # a line separator would break the report's line
                report.error(
                    f"contains {describe_char(char)}{shown}, which no bundled PDF font has; "
                    "replace it or write the text in another script",
                    "text.no-glyph",
                    loaded.span(path),
                    loaded.field_path(path),
                )


def _strings(value: Any) -> Iterator[str]:
    """The strings a field holds directly (a text, a list of texts, a text per language)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from (v for v in value.values() if isinstance(v, str))
    elif isinstance(value, tuple):
        yield from (v for v in value if isinstance(v, str))


def _is_text(value: Any) -> bool:
    return isinstance(value, dict) and "en" in value and all(isinstance(v, str) for v in value.values())


def _preview(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str, Any]]:
    """Every (path, field name, value) in a model tree, for checks that span the whole file."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            yield (*path, name), name, item
            yield from walk(item, (*path, name))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            if isinstance(item, (BaseModel, dict)):
                yield (*path, index), "", item  # a name among the judges, a text among the context
            yield from walk(item, (*path, index))
    elif isinstance(value, dict) and not _is_text(value):
        for key, item in value.items():
            yield from walk(item, (*path, key))
