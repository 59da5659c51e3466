"""The fast event reader and the composing loader agree on every plain file.

`parse_yaml` reads a plain file in one pass over libyaml's events and leaves anything unusual to
the composing loader. Both must give the same data and the same position for every value and key,
or a message would point at a different line depending on which path read the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.load import yaml as loader
from campaign.load.yaml import LoadedYaml, parse_yaml
from campaign_support import ROOT

PLAIN_FILES = sorted(
    p
    for p in [
        *ROOT.glob("*.yaml"),
        *ROOT.glob("cases/*.yaml"),
        *ROOT.glob("letters/*.yaml"),
        *ROOT.glob("tests/**/*.yaml"),
        *ROOT.glob("src/campaign/**/*.yaml"),
    ]
    if "invalid" not in p.parts
)


def composed(text: str, monkeypatch: pytest.MonkeyPatch) -> LoadedYaml:
    with monkeypatch.context() as patch:
        patch.setattr(loader, "read_lines", lambda *args: None)
        patch.setattr(loader, "_parse_events", lambda *args: None)
        return parse_yaml(text, "file.yaml")


def by_events(text: str, monkeypatch: pytest.MonkeyPatch) -> LoadedYaml:
    """The file as the event reader gives it (the line reader, tried first, switched off)."""
    with monkeypatch.context() as patch:
        patch.setattr(loader, "read_lines", lambda *args: None)
        return parse_yaml(text, "file.yaml")


def paths(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*path, index))
    return found


@pytest.mark.parametrize("path", PLAIN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_event_reader_matches_the_composing_loader(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text("utf-8")
    fast = by_events(text, monkeypatch)
    slow = composed(text, monkeypatch)
    assert fast.data == slow.data
    for where in paths(slow.data):
        assert fast.span(where) == slow.span(where), where
        assert fast.span(where, key=True) == slow.span(where, key=True), where


def test_event_reader_is_the_path_plain_files_take(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard for the test above: a file the line reader leaves (the skeleton case has an empty
    list, `[]`) really is read by the event reader."""
    text = (ROOT / "src/campaign/skeleton/cases/example.yaml").read_text("utf-8")
    calls = []
    original = loader._parse_events
    monkeypatch.setattr(loader, "_parse_events", lambda *args: calls.append(1) or original(*args))
    monkeypatch.setattr(loader.yaml, "CBaseLoader", None)  # the composing loader would fail
    assert parse_yaml(text, "example.yaml").data["statements"] == []
    assert calls == [1]
