"""The sanctions criteria the briefs quote are held to the official texts stored beside them.

`src/campaign/letters/regimes/criteria.yaml` names, for each regime, the conduct a regime covers,
who may be listed for it and (Canada's SEMA) the situation that triggers it, each with a quote in
fragments. Every fragment must be verbatim in the text file of its act and language
(`official/<act>.<lang>.txt`, whitespace collapsed), in order; the innermost printed point label
must introduce the last fragment; the letter's citation must name the same points. What no stored
copy showed is listed under `gaps`, and every regime needs either a criterion or a recorded gap.

The checks are plain functions returning problems; the tests run them on the real files and on
broken copies, so each check is shown to catch what it is for.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from campaign.model.case import Violation

REGIMES_DIR = Path(__file__).resolve().parents[2] / "src" / "campaign" / "letters" / "regimes"
CRITERIA = REGIMES_DIR / "criteria.yaml"

HEADER_KEYS = ("act", "language", "title", "source", "publisher", "status", "extract", "read")
STATUSES = {"authentic", "official-consolidation", "reproduction"}
TESTS = {"conduct", "listing", "trigger"}
REGIMES = {"eu-ghr", "us-glomag", "us-7031c", "uk-ghr", "ca-magnitsky"}
EU_LANGUAGES = ("en", "fr", "de", "es")


@dataclass(frozen=True)
class Text:
    """One official text file: its header and its body with whitespace collapsed."""

    header: dict[str, str]
    body: str
    """Lines joined by one space, each line's runs of whitespace collapsed to one space."""
    line_starts: tuple[int, ...]
    """Offsets in `body` where a printed line begins: point labels are looked for there only."""


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse_text(raw: str) -> Text:
    head, sep, body = raw.partition("\n---\n")
    if not sep:
        raise ValueError("no '---' line between header and text")
    header: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if not colon:
            raise ValueError(f"header line without a key: {line!r}")
        header[key.strip()] = value.strip()
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for line in body.splitlines():
        line = collapse(line)
        if not line:
            continue
        starts.append(offset)
        parts.append(line)
        offset += len(line) + 1
    return Text(header, " ".join(parts), tuple(starts))


def load_texts(doc: dict[str, Any]) -> dict[str, Text]:
    """Every text file the acts name, by relative path; a missing file is simply absent."""
    texts: dict[str, Text] = {}
    for act in doc["acts"]:
        for rel in act["texts"].values():
            path = REGIMES_DIR / rel
            if path.is_file():
                texts[rel] = parse_text(path.read_text(encoding="utf-8"))
    return texts


def label_core(label: str) -> str:
    """'Article 1' -> '1', '(1.1)' -> '1.1', 'c)' -> 'c', '1.' -> '1'."""
    label = re.sub(r"^(Article|Artikel|article|Articolo|Artículo)\s+", "", label)
    return label.strip("()").rstrip(".)")


def citation_tokens(provision: str) -> list[str]:
    """The numbers and point letters a citation names, in order ('s. 4(1.1)(c)' -> s, 4, 1.1, c)."""
    return re.findall(r"\d+(?:\.\d+)?|(?<!\w)[^\W\d_]{1,4}(?!\w)", provision)


def find_label(text: Text, label: str, start: int) -> int | None:
    """End offset of the first printed line at or after `start` that begins with `label`."""
    for line_start in text.line_starts:
        if line_start < start:
            continue
        end = line_start + len(label)
        if text.body.startswith(label, line_start) and (end == len(text.body) or text.body[end] == " "):
            return end
    return None


def find_words(body: str, fragment: str, start: int) -> int:
    """Offset of the first occurrence of `fragment` at or after `start` that neither begins nor
    ends inside a word (so "detention" is not found in "detentions"), or -1."""
    at = body.find(fragment, start)
    while at >= 0:
        end = at + len(fragment)
        inside_before = at > 0 and body[at - 1].isalnum() and fragment[:1].isalnum()
        inside_after = end < len(body) and body[end].isalnum() and fragment[-1:].isalnum()
        if not inside_before and not inside_after:
            return at
        at = body.find(fragment, at + 1)
    return -1


def is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(token == item for item in it) for token in needle)


def check_headers(doc: dict[str, Any], texts: dict[str, Text]) -> list[str]:
    problems: list[str] = []
    for act in doc["acts"]:
        for lang, rel in act["texts"].items():
            if rel not in texts:
                problems.append(f"{act['id']}: text file {rel} does not exist")
                continue
            header = texts[rel].header
            if tuple(header) != HEADER_KEYS:
                problems.append(f"{rel}: header keys {list(header)} are not {list(HEADER_KEYS)}")
            if header.get("act") != act["id"] or header.get("language") != lang:
                problems.append(f"{rel}: header says {header.get('act')}/{header.get('language')}")
            if header.get("status") not in STATUSES:
                problems.append(f"{rel}: status {header.get('status')!r} is not one of {sorted(STATUSES)}")
            if not header.get("source", "").startswith(("http://", "https://")):
                problems.append(f"{rel}: source is not the address of a stored copy")
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", header.get("read", "")):
                problems.append(f"{rel}: read is not a date")
            if act.get("title", {}).get(lang) != header.get("title"):
                problems.append(f"{act['id']}: title[{lang}] differs from the header of {rel}")
            if rel != f"official/{act['id']}.{lang}.txt":
                problems.append(f"{act['id']}: {rel} is not named official/<act>.<lang>.txt")
        for lang in act.get("title", {}):
            if lang not in act["texts"]:
                problems.append(f"{act['id']}: title in {lang} without a text file to take it from")
    return problems


def check_criterion(criterion: dict[str, Any], acts: dict[str, Any], texts: dict[str, Text]) -> list[str]:
    cid = criterion["id"]
    problems: list[str] = []
    act = acts.get(criterion["act"])
    if act is None:
        return [f"{cid}: unknown act {criterion['act']}"]
    if criterion["regime"] != act["regime"] or criterion["regime"] not in REGIMES:
        problems.append(f"{cid}: regime {criterion['regime']} does not fit act {act['id']}")
    if criterion["test"] not in TESTS:
        problems.append(f"{cid}: test {criterion['test']!r} is not one of {sorted(TESTS)}")
    known = {v.value for v in Violation}
    problems += [f"{cid}: covers unknown violation {c!r}" for c in criterion["covers"] if c not in known]
    if not criterion["quote"]:
        problems.append(f"{cid}: no quote")
    for lang, fragments in criterion["quote"].items():
        rel = act["texts"].get(lang)
        if rel is None or rel not in texts:
            problems.append(f"{cid}: quote in {lang} but {act['id']} has no text in {lang}")
            continue
        text = texts[rel]
        labels = criterion.get("labels", {}).get(lang)
        provision = criterion.get("provision", {}).get(lang)
        if labels is None or provision is None:
            problems.append(f"{cid}: no labels or provision in {lang}")
            continue
        if not labels and not criterion.get("unlabelled"):
            problems.append(f"{cid}: no labels in {lang} and no `unlabelled` reason")
        # The labels, in order, each at the start of a printed line.
        start = 0
        label_end = 0
        for n, label in enumerate(labels):
            found = find_label(text, label, label_end)
            if found is None:
                problems.append(f"{cid}: label {label!r} not found in {rel} after {labels[:n]}")
                break
            if n == 0:
                start = found - len(label)
            label_end = found
        # The fragments, verbatim and in order, after the outermost label.
        position = start
        last_at = -1
        for fragment in fragments:
            at = find_words(text.body, collapse(fragment), position)
            if at < 0:
                problems.append(f"{cid}: fragment not found verbatim (in order) in {rel}: {fragment!r}")
                break
            last_at = at
            position = at + len(collapse(fragment))
        if labels and last_at >= 0 and last_at != label_end + 1:
            problems.append(f"{cid}: the last fragment in {lang} does not follow label {labels[-1]!r} in {rel}")
        # The citation names the same points as the printed labels.
        cores = [label_core(label) for label in labels]
        tokens = citation_tokens(provision)
        if cores and (not is_subsequence(cores, tokens) or tokens[-1] != cores[-1]):
            problems.append(f"{cid}: provision {provision!r} does not name the points {labels}")
    return problems


def check_coverage(doc: dict[str, Any]) -> list[str]:
    """Every regime has a conduct and a listing criterion or a recorded gap; EU per language."""
    problems: list[str] = []
    criteria = doc["criteria"]
    gaps = doc.get("gaps", [])
    acts = {act["id"]: act for act in doc["acts"]}

    def has_criterion(regime: str, test: str, lang: str | None = None) -> bool:
        return any(
            c["regime"] == regime and c["test"] == test and (lang is None or lang in c["quote"]) for c in criteria
        )

    def has_gap(regime: str, test: str, lang: str | None = None) -> bool:
        return any(
            g["regime"] == regime and g["test"] == test and (lang is None or g.get("language") in (None, lang))
            for g in gaps
        )

    for regime in sorted(REGIMES):
        for test in ("conduct", "listing"):
            if not has_criterion(regime, test) and not has_gap(regime, test):
                problems.append(f"{regime}: no {test} criterion and no recorded gap")
    for test in ("conduct", "listing"):
        for lang in EU_LANGUAGES:
            if not has_criterion("eu-ghr", test, lang) and not has_gap("eu-ghr", test, lang):
                problems.append(f"eu-ghr: no {test} criterion in {lang} and no recorded gap")
    # A gap must not hide a criterion that exists.
    for gap in gaps:
        if gap["regime"] not in REGIMES or gap["test"] not in TESTS or not gap.get("searched"):
            problems.append(f"gap {gap}: unknown regime or test, or nothing said of what was searched")
        for act_id in gap["acts"]:
            if act_id in acts and acts[act_id]["regime"] != gap["regime"]:
                problems.append(f"gap for {act_id}: act belongs to {acts[act_id]['regime']}")
            for c in criteria:
                lang = gap.get("language")
                if c["act"] == act_id and c["test"] == gap["test"] and (lang is None or lang in c["quote"]):
                    problems.append(f"gap for {act_id} {gap['test']} {lang or ''} but criterion {c['id']} exists")
    return problems


def all_problems(doc: dict[str, Any], texts: dict[str, Text]) -> list[str]:
    acts = {act["id"]: act for act in doc["acts"]}
    problems = check_headers(doc, texts)
    ids = [c["id"] for c in doc["criteria"]]
    problems += [f"criterion id {i} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for criterion in doc["criteria"]:
        problems += check_criterion(criterion, acts, texts)
    problems += check_coverage(doc)
    return problems


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    loaded = yaml.safe_load(CRITERIA.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def texts(doc: dict[str, Any]) -> dict[str, Text]:
    return load_texts(doc)


def test_every_text_file_in_official_is_named_by_an_act(doc: dict[str, Any]) -> None:
    named = {rel for act in doc["acts"] for rel in act["texts"].values()}
    on_disk = {f"official/{p.name}" for p in (REGIMES_DIR / "official").glob("*.txt")}
    assert on_disk == named


def test_criteria_hold_to_the_official_texts(doc: dict[str, Any], texts: dict[str, Text]) -> None:
    assert all_problems(doc, texts) == []


def test_the_eu_criteria_cover_the_cases_violations(doc: dict[str, Any]) -> None:
    """Arbitrary detention and the freedoms the bundled case alleges are quoted for the EU."""
    eu_covers = {v for c in doc["criteria"] if c["regime"] == "eu-ghr" for v in c["covers"]}
    assert {
        "arbitrary-detention",
        "torture-ill-treatment",
        "freedom-of-expression",
        "freedom-of-association",
        "freedom-of-assembly",
    } <= eu_covers


# --- Each check catches a broken copy ---------------------------------------------------------


def broken(doc: dict[str, Any], criterion_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A deep copy of the data and the named criterion in it, to break."""
    copied = copy.deepcopy(doc)
    return copied, next(c for c in copied["criteria"] if c["id"] == criterion_id)


def test_a_changed_letter_in_a_quote_is_caught(doc: dict[str, Any], texts: dict[str, Text]) -> None:
    data, criterion = broken(doc, "eu-dec-arbitrary-detention")
    criterion["quote"]["en"] = ["arbitrary arrests or retentions"]
    assert (
        "eu-dec-arbitrary-detention: fragment not found verbatim (in order) in official/"
        "eu-dec-2020-1999.en.txt: 'arbitrary arrests or retentions'" in all_problems(data, texts)
    )
    criterion["quote"]["en"] = ["arbitrary arrests or detention"]  # the text says "detentions"
    assert any("eu-dec-arbitrary-detention: fragment not found" in p for p in all_problems(data, texts))


def test_a_spliced_quote_without_the_limiting_words_in_order_is_caught(
    doc: dict[str, Any], texts: dict[str, Text]
) -> None:
    data, criterion = broken(doc, "eu-dec-expression")
    criterion["quote"]["en"] = list(reversed(criterion["quote"]["en"]))
    assert any("eu-dec-expression" in p and "in order" in p for p in all_problems(data, texts))


def test_a_quote_of_another_point_than_its_label_is_caught(doc: dict[str, Any], texts: dict[str, Text]) -> None:
    data, criterion = broken(doc, "eu-dec-arbitrary-detention")
    criterion["quote"]["en"] = ["enforced disappearance of persons"]  # (iv), labelled (v)
    assert any("does not follow label '(v)'" in p for p in all_problems(data, texts))


def test_a_citation_naming_other_points_is_caught(doc: dict[str, Any], texts: dict[str, Text]) -> None:
    data, criterion = broken(doc, "eu-reg-arbitrary-detention")
    criterion["provision"]["de"] = "Artikel 2 Absatz 1 Buchstabe c Ziffer iv"
    assert any("does not name the points" in p for p in all_problems(data, texts))
    data, criterion = broken(doc, "ca-sema-gross-systematic")
    criterion["labels"]["fr"] = ["(1.1)", "b)"]
    problems = all_problems(data, texts)
    assert any("does not follow label 'b)'" in p for p in problems)


def test_an_unknown_violation_is_caught(doc: dict[str, Any], texts: dict[str, Text]) -> None:
    data, criterion = broken(doc, "eu-dec-torture")
    criterion["covers"] = ["torture"]
    assert any("covers unknown violation 'torture'" in p for p in all_problems(data, texts))


def test_a_quote_in_a_language_without_a_text_is_caught(doc: dict[str, Any], texts: dict[str, Text]) -> None:
    data, criterion = broken(doc, "eu-dec-torture")
    criterion["quote"]["ru"] = ["пытки"]
    assert any("quote in ru but eu-dec-2020-1999 has no text in ru" in p for p in all_problems(data, texts))


def test_a_header_that_does_not_match_is_caught(doc: dict[str, Any], texts: dict[str, Text]) -> None:
    rel = "official/ca-sema.fr.txt"
    bad = dict(texts)
    header = dict(texts[rel].header, language="en")
    del header["publisher"]
    bad[rel] = Text(header, texts[rel].body, texts[rel].line_starts)
    problems = all_problems(doc, bad)
    assert any(p.startswith(f"{rel}: header keys") for p in problems)
    assert any(p == f"{rel}: header says ca-sema/en" for p in problems)


def test_a_missing_text_file_is_caught(doc: dict[str, Any], texts: dict[str, Text]) -> None:
    bad = {rel: text for rel, text in texts.items() if rel != "official/eu-reg-2020-1998.de.txt"}
    assert "eu-reg-2020-1998: text file official/eu-reg-2020-1998.de.txt does not exist" in all_problems(doc, bad)


def test_a_regime_with_neither_criterion_nor_gap_is_caught(doc: dict[str, Any], texts: dict[str, Text]) -> None:
    data = copy.deepcopy(doc)
    data["gaps"] = [g for g in data["gaps"] if g["regime"] != "uk-ghr"]
    problems = all_problems(data, texts)
    assert "uk-ghr: no conduct criterion and no recorded gap" in problems
    data = copy.deepcopy(doc)
    data["gaps"] = [g for g in data["gaps"] if not (g["regime"] == "eu-ghr" and g.get("language") == "fr")]
    assert "eu-ghr: no conduct criterion in fr and no recorded gap" in all_problems(data, texts)


def test_a_gap_hiding_a_criterion_is_caught(doc: dict[str, Any], texts: dict[str, Text]) -> None:
    data = copy.deepcopy(doc)
    data["gaps"].append(
        {"regime": "ca-magnitsky", "test": "trigger", "language": "fr", "acts": ["ca-sema"], "searched": "x"}
    )
    assert any("but criterion ca-sema-gross-systematic exists" in p for p in all_problems(data, texts))


def test_parse_text_reads_header_and_collapses_whitespace() -> None:
    text = parse_text("act: a\nlanguage: en\n---\n(a)  one\n\n   two\tthree\n")
    assert text.header == {"act": "a", "language": "en"}
    assert text.body == "(a) one two three"
    assert text.line_starts == (0, 8)
    assert find_words(text.body, "on", 0) == -1
    assert find_words(text.body, "one two", 0) == 4
    assert find_label(text, "(a)", 0) == 3
    assert find_label(text, "two", 1) == 11
    assert find_label(text, "one", 0) is None
