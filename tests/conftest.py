"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.campaign_support import copy_campaign

pytest_plugins = ("tests.mail.fixtures",)

# No test may read or write the machine's keyring (`email send` asks it for the SMTP password):
# keyring's null backend answers "no password" to everything. Set before anything imports keyring,
# inherited by the CLI subprocesses; a test that needs a password sets an in-memory backend.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"


@pytest.fixture
def campaign_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled campaign that the test may change."""
    return copy_campaign(tmp_path / "campaign")
