"""The curated public API: what `import campaign` offers, and that the benchmarks use nothing else."""

from __future__ import annotations

import ast
from pathlib import Path

import campaign
from tests.campaign_support import ROOT


def test_every_public_name_exists_and_the_list_is_sorted() -> None:
    assert campaign.__all__ == sorted(campaign.__all__)
    for name in campaign.__all__:
        assert getattr(campaign, name) is not None, name


def test_the_use_cases_are_public() -> None:
    for name in ("validate", "build", "email_build", "email_send", "email_status", "email_export", "init_campaign"):
        assert callable(getattr(campaign, name)), name


def imports_of(path: Path) -> list[str]:
    """Every module a Python file imports, at module level or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
    return found


def test_the_benchmarks_import_only_the_public_api_and_no_test_code() -> None:
    scripts = sorted((ROOT / "bench").glob("*.py"))
    assert scripts
    for script in scripts:
        for module in imports_of(script):
            assert not module.startswith("campaign.") and not module.startswith("tests"), f"{script.name}: {module}"
            assert module not in ("campaign_support", "writers_support", "mail_support"), f"{script.name}: {module}"


def test_tests_import_their_support_as_a_package() -> None:
    for path in (ROOT / "tests").rglob("*.py"):
        if path.resolve() == Path(__file__).resolve():
            continue
        text = path.read_text("utf-8")
        assert "sys.path.insert" not in text, path
