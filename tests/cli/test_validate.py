"""`campaign validate` through the real command line: exit codes, output shape, strict mode, and
every broken file of tests/data/invalid/ reported exactly where its markers say."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "load"))  # the loader tests' campaign copy and parser

from validate_support import MINIMAL, copy_minimal, validate  # noqa: E402

from campaign import app  # noqa: E402


def test_minimal_campaign_is_valid() -> None:
    outcome = validate(MINIMAL)
    assert outcome.exit_code == 0, outcome.output
    assert outcome.lines == []
    assert "valid (3 recipients, case dana-example)" in outcome.output


def test_minimal_campaign_loads_its_three_files(tmp_path: Path) -> None:
    loaded = app.validate(copy_minimal(tmp_path))
    assert [r.id for r in loaded.campaign.recipients] == ["uk-fcdo", "kz-mfa", "ch-fdfa"]
    assert loaded.campaign.case.person.name.native == {"ru": "Дана Пример"}
    assert loaded.report.items == []
