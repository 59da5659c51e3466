"""`campaign init`: a new campaign folder from the bundled skeleton, written whole or not at all.

The skeleton (`campaign/skeleton/`) is a small, clearly fictional campaign whose YAML comments
are the campaigner's documentation: what each key means and which values it takes. It validates
and builds as it is, in English only, so a campaigner starts from something that works and
changes one thing at a time.

Nothing is written over existing work: the target must not exist or must be an empty folder.
The files are first written to a hidden staging folder, then moved into place by renaming, so an
interrupted `init` leaves no half-made campaign behind.
"""

from __future__ import annotations

import os
import secrets
import shutil
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from campaign.diagnostics import Diagnostic, SourceSpan
from campaign.errors import InputError
from campaign.model.loaded import STANDARD_LETTERS

SKELETON_PACKAGE = "campaign"
SKELETON_FOLDER = "skeleton"
_SHOWN_ENTRIES = 5
"""How many entries of a non-empty folder the refusal names."""


def skeleton_files() -> dict[str, bytes]:
    """Every file of a new campaign as relative POSIX path → bytes, sorted by path: the skeleton's
    three files and, in `letters/`, the standard letters (every document kind, their shared
    macros, the catalogs of every language the package ships, the regimes and forms of address)."""
    package = resources.files(SKELETON_PACKAGE)
    files: dict[str, bytes] = {}
    _collect(package.joinpath(STANDARD_LETTERS.name), "letters/", files)
    _collect(package.joinpath(SKELETON_FOLDER), "", files)
    return dict(sorted(files.items()))


def _collect(folder: Traversable, prefix: str, files: dict[str, bytes]) -> None:
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name == "__pycache__" or entry.name.endswith(".mo"):
            continue
        path = f"{prefix}{entry.name}"
        if entry.is_dir():
            _collect(entry, f"{path}/", files)
        else:
            files[path] = entry.read_bytes()


def init_campaign(folder: Path) -> list[str]:
    """Write the skeleton campaign into `folder` and return the relative paths written.

    `folder` must not exist, or be an empty folder; otherwise `InputError` is raised and nothing
    is written. Missing parent folders are created.
    """
    shown = str(folder)
    target = folder.resolve()
    _check_target(target, shown)
    files = skeleton_files()
    if target.is_dir():
        _fill_empty_folder(target, files, shown)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        _create_folder(target, files, shown)
    return list(files)


def _refusal(message: str, code: str, shown: str) -> InputError:
    return InputError(message, [Diagnostic(message, code, SourceSpan(shown))])


def _check_target(target: Path, shown: str) -> None:
    if target.exists() and not target.is_dir():
        raise _refusal("exists and is not a folder; give the name of a new folder", "init.not-a-folder", shown)
    if target.is_dir():
        entries = sorted(p.name for p in target.iterdir())
        if entries:
            listed = ", ".join(entries[:_SHOWN_ENTRIES]) + (", ..." if len(entries) > _SHOWN_ENTRIES else "")
            raise _refusal(
                f"folder is not empty (it holds {listed}); give a new or empty folder, nothing was written",
                "init.not-empty",
                shown,
            )


def _staging_folder(parent: Path, name: str) -> Path:
    """A new hidden folder in `parent`, on the same file system as the target, so renames are atomic."""
    while True:
        candidate = parent / f".{name}.{secrets.token_hex(4)}.init"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate


def _write_tree(root: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _create_folder(target: Path, files: dict[str, bytes], shown: str) -> None:
    """Build the campaign next to `target`, then rename it into place in one step."""
    staging = _staging_folder(target.parent, target.name)
    try:
        _write_tree(staging, files)
        os.rename(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _failure(exc, target, shown) from None


def _fill_empty_folder(target: Path, files: dict[str, bytes], shown: str) -> None:
    """Build the campaign inside `target`, then move its top-level entries up.

    The folder itself is kept, not replaced, because a shell may be sitting in it
    (`mkdir x && cd x && campaign init .`); replacing it would strand that shell in a deleted folder.
    If a move fails, the entries already moved are taken out again.
    """
    staging = _staging_folder(target, "campaign")
    moved: list[Path] = []
    try:
        _write_tree(staging, files)
        for entry in sorted(staging.iterdir()):
            destination = target / entry.name
            if destination.exists():
                raise FileExistsError(f"{entry.name} appeared while writing")
            os.rename(entry, destination)
            moved.append(destination)
        staging.rmdir()
    except OSError as exc:
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise _failure(exc, target, shown) from None


def _failure(exc: OSError, target: Path, shown: str) -> InputError:
    if target.is_dir() and any(p for p in target.iterdir() if not p.name.endswith(".init")):
        return _refusal("folder filled up while the campaign was written; nothing was written", "init.not-empty", shown)
    reason = exc.strerror or str(exc)
    return _refusal(f"cannot create the campaign here ({reason}); nothing was written", "init.cannot-write", shown)
