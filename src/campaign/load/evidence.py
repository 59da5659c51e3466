"""The campaign's local copies of its sources (`evidence/`), fingerprinted for the evidence annex.

A brief lists each source with the SHA-256 of the copy the campaign keeps, so a ministry can tell
that the document it is shown is the one the brief relied on. The case file names the copies;
they are untrusted input like the rest: only regular files inside the campaign's own `evidence/`
folder are read (no symlink, no path that leaves it), and each has a size cap.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from campaign.diagnostics import Report
from campaign.load.yaml import LoadedYaml
from campaign.model.case import Case

EVIDENCE_FOLDER = "evidence"
MAX_EVIDENCE_BYTES = 200 * 1024 * 1024
"""A video of a trial is large; anything larger is not a document to fingerprint on every load."""
_CHUNK = 1024 * 1024


def evidence_hashes(folder: Path, case: Case, loaded: LoadedYaml, report: Report) -> dict[str, str]:
    """`{local_copy: sha256}` for every source that names a local copy; each copy that is
    missing, not a regular file, outside `evidence/` or too large is an error at its source."""
    hashes: dict[str, str] = {}
    root = (folder / EVIDENCE_FOLDER).resolve()
    for index, source in enumerate(case.sources):
        if source.local_copy is None:
            continue
        path = ("sources", index, "local_copy")
        problem = _problem(folder, root, source.local_copy)
        if problem:
            report.error(problem, "case.local-copy", loaded.span(path), loaded.field_path(path))
            continue
        hashes[source.local_copy] = _sha256(folder / source.local_copy)
    return hashes


def _problem(folder: Path, root: Path, relative: str) -> str | None:
    """Why the copy cannot be read, or None."""
    candidate = folder / relative
    parts = Path(relative).parts
    if ".." in parts:
        return f"'{relative}' leaves the evidence folder; keep copies inside {EVIDENCE_FOLDER}/"
    walked = folder
    for part in parts:
        walked = walked / part
        if walked.is_symlink():
            return f"'{relative}' goes through a symbolic link; copy the file into {EVIDENCE_FOLDER}/ instead"
    if not candidate.exists():
        return f"'{relative}' does not exist; put the copy there or remove local_copy"
    if not candidate.is_file():
        return f"'{relative}' is not a regular file"
    if root not in candidate.resolve().parents:
        return f"'{relative}' is not inside {EVIDENCE_FOLDER}/"
    size = candidate.stat().st_size
    if size > MAX_EVIDENCE_BYTES:
        return f"'{relative}' is {size // (1024 * 1024)} MB; the limit is {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB"
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))  # no link swapped in since the check
    with os.fdopen(descriptor, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
