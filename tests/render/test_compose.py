"""Template errors are reported at `letters/FILE:LINE`, whatever kind of error it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from campaign.cli import cli
from campaign.errors import InputError
from campaign.load.campaign import load_campaign
from campaign.render.compose import Renderer

BROKEN = {
    "syntax error": "{% if case %}\n{{ _('x') }}\n",  # the if is never closed
    "unknown filter": "{{ case.id | no_such_filter }}\n",
    "missing field": "{{ case.person.no_such_field }}\n",
    "missing function": "{{ no_such_function() }}\n",
}


def break_appeal(campaign: Path, snippet: str) -> int:
    """Put `snippet` at the end of the appeal template; return the line it starts on."""
    template = campaign / "letters" / "appeal.md.j2"
    lines = template.read_text("utf-8").splitlines()
    template.write_text("\n".join(lines) + "\n" + snippet, "utf-8")
    return len(lines) + 1


@pytest.mark.parametrize("snippet", BROKEN.values(), ids=BROKEN.keys())
def test_template_error_names_file_and_line(campaign_copy: Path, snippet: str) -> None:
    line = break_appeal(campaign_copy, snippet)
    loaded = load_campaign(campaign_copy)
    recipient = next(r for r in loaded.campaign.recipients if r.id == "uk-fs")
    with pytest.raises(InputError) as raised:
        Renderer(loaded).render(recipient, "appeal", "en")
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.span is not None and diagnostic.span.file == "letters/appeal.md.j2"
    if snippet == BROKEN["syntax error"]:
        # Found where the parser gives up: the end of the file, for a block never closed.
        assert line <= diagnostic.span.line <= line + 2
    else:
        assert diagnostic.span.line == line


def test_build_reports_the_template_line_and_exits_1(campaign_copy: Path, tmp_path: Path) -> None:
    line = break_appeal(campaign_copy, BROKEN["unknown filter"])
    args = ["build", "-c", str(campaign_copy), "--out", str(tmp_path), "--recipient", "uk-fs", "--lang", "en"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert f"letters/appeal.md.j2:{line}" in result.output
    assert "no_such_filter" in result.output
    assert "Traceback" not in result.output
