"""Typing plain YAML data with the model, turning pydantic's errors into located diagnostics."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from campaign.diagnostics import Diagnostic
from campaign.load.yaml import LoadedYaml, Path_
from campaign.model.common import LANG_PATTERN, LOCALE_PATTERN

M = TypeVar("M", bound=BaseModel)

_FRIENDLY_PATTERNS = {
    r"^[a-z0-9][a-z0-9-]{0,62}$": "must be an id: lower-case letters, digits and hyphens, at most 63",
    r"^https?://[^\s<>\"]+$": "must be a web address starting with https:// or http://",
    LANG_PATTERN: "must be a language tag such as en, ru, fa or zh-Hant (BCP 47: language, then script)",
    LOCALE_PATTERN: "must be a locale such as en_GB, en-US, ru, fa-IR or zh-Hant-TW",
    r"^[A-Z]{3}$": "must be an ISO 4217 currency code in capitals, such as BYN, IRR, EUR or USD",
    r"^[0-9]{1,15}(\.[0-9]{1,2})?$": "must be an amount in digits, such as 185000 or 2500.50",
}


def structure(model: type[M], loaded: LoadedYaml) -> tuple[M | None, list[Diagnostic]]:
    """Validate `loaded.data` as `model`; return the instance or every problem found."""
    if not isinstance(loaded.data, dict):
        span = loaded.span(())
        return None, [Diagnostic("the file must be a YAML mapping of keys to values", "schema.not-a-mapping", span)]
    try:
        return model.model_validate(loaded.data), []
    except ValidationError as exc:
        errors = _without_follow_on_errors(exc.errors(include_url=False))
        return None, [_diagnostic(model, loaded, error) for error in errors]


def _without_follow_on_errors(errors: list[Any]) -> list[Any]:
    """Drop a list's (or mapping's) `too_short` when its entries have errors of their own.

    pydantic counts only the entries that validated, so a list whose every item is wrong is also
    reported as empty; the user then reads "must not be empty" beside the entries they wrote.
    """
    parents = {tuple(error["loc"][:end]) for error in errors for end in range(len(error["loc"]))}
    return [error for error in errors if not (error["type"] == "too_short" and tuple(error["loc"]) in parents)]


def _diagnostic(model: type[BaseModel], loaded: LoadedYaml, error: Any) -> Diagnostic:
    loc: Path_ = _clean_loc(model, tuple(error["loc"]))
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _fields_at(model, loc[:-1])
        guess = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"allowed keys: {', '.join(sorted(allowed))}"
        message = f"unknown key '{key}'; {hint}"
        return Diagnostic(message, "schema.unknown-key", loaded.span(loc, key=True), loaded.field_path(loc))
    if kind == "missing":
        message = f"required field '{loc[-1]}' is missing; add it"
        return Diagnostic(message, "schema.missing", loaded.span(loc[:-1], key=True), loaded.field_path(loc))
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        message = _FRIENDLY_PATTERNS.get(pattern, message)
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = "must be a mapping of keys to values (indented 'key: value' lines)"
    elif kind in ("tuple_type", "list_type"):
        message = "must be a list (lines starting with '- ')"
    elif kind == "string_type":
        message = "must be a single text value, not a list or mapping"
    elif kind == "too_short" and isinstance(error.get("input"), (list, tuple, dict)):
        message = "must not be empty; give at least one entry"
    code = "schema." + kind.replace("_", "-")
    return Diagnostic(message, code, loaded.span(loc), loaded.field_path(loc))


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation may hold (through Optional, tuples, dicts, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list, dict):
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _clean_loc(model: type[BaseModel], loc: Path_) -> Path_:
    """Drop the parts pydantic adds for unions (the discriminator tag, `[key]` markers)."""
    cleaned: list[str | int] = []
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, str) and part.endswith("]") and "[" in part:
            continue
        unknown = isinstance(part, str) and current and not any(part in m.model_fields for m in current)
        if unknown and cleaned and any(str(part) in str(m.model_fields.get("kind", "")) for m in current):
            continue  # the discriminator tag pydantic inserts for tagged unions
        cleaned.append(part)
        if isinstance(part, str):
            nxt = []
            for candidate in current:
                if part in candidate.model_fields:
                    nxt.extend(_unwrap(candidate.model_fields[part].annotation))
            current = nxt or current
    return tuple(cleaned)


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str]:
    """Field names allowed at `loc`, for the 'did you mean' hint."""
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt = []
        for candidate in current:
            if part in candidate.model_fields:
                nxt.extend(_unwrap(candidate.model_fields[part].annotation))
        if nxt:
            current = nxt
    names: list[str] = []
    for candidate in current:
        names.extend(n for n in candidate.model_fields if n not in names)
    return names
