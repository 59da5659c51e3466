"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.campaign_support import copy_campaign


@pytest.fixture
def campaign_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled campaign that the test may change."""
    return copy_campaign(tmp_path / "campaign")
