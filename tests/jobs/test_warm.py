"""The build's worker processes inherit what the parent made before forking them: the DOCX
writer's font cuts that the documents of the build's languages share are made once, in the
parent, not again in each worker."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import docx
import pytest

from campaign.app.build import build
from campaign.fonts.families import Family
from campaign.jobs.job import BuildOptions
from campaign.writers.docx_fonts import FontCutter


def test_docx_workers_make_no_cut_the_parent_made_before_forking(
    campaign_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_by = tmp_path / "cuts"  # one line per cut made, by the process that made it
    cut = FontCutter.cut

    def recording(self: FontCutter, family: Family, file: str, characters: frozenset[str]) -> Any:
        before = self.made
        found = cut(self, family, file, characters)
        if self.made > before:
            with made_by.open("a") as log:
                log.write(f"{os.getpid()} {file}\n")
        return found

    monkeypatch.setattr(FontCutter, "cut", recording)
    out = tmp_path / "out"
    # The appeals: letters in English, French, German and Russian, each in its language's
    # alphabets and the regular and bold faces, spread over two workers.
    options = BuildOptions(out=out, documents=("appeal",), formats=("docx",), jobs=2)
    result = build(campaign_copy, options)

    assert not result.failed
    written = [out / entry.path for entry in result.written]
    assert len(written) >= 4
    assert {entry.language for entry in result.written} >= {"en", "ru"}
    for path in written:
        assert docx.Document(str(path)).paragraphs  # each a DOCX Word can open, with its text
    cuts = [line.split() for line in made_by.read_text().splitlines()]
    assert cuts, "no font was cut at all"
    assert {pid for pid, _ in cuts} == {str(os.getpid())}, f"a worker cut fonts itself: {cuts}"
