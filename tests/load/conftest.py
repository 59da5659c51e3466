"""Fixtures for the loader tests: a private copy of tests/data/minimal that each test may break."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.load.validate_support import copy_minimal


@pytest.fixture
def campaign_dir(tmp_path: Path) -> Path:
    """A copy of the minimal valid campaign; break one thing in it and validate."""
    return copy_minimal(tmp_path)
