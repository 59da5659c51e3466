"""`campaign build`: every document each recipient is owed, written once, recorded in the manifest.

A build of part of the campaign merges into the manifest (`merge_manifest`); the files of
recipients no longer in recipients.yaml are removed, and with them their folders when nothing else
is left in them: only files the manifest says a build wrote are ever removed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from campaign.errors import InputError, InputMissingError
from campaign.jobs.job import BuildOptions, BuildResult, Outcome
from campaign.jobs.plan import incomplete_languages, input_hashes, plan_build, reusable
from campaign.jobs.pool import load_as_of, run_jobs
from campaign.manifest import Manifest, Skip, merge_manifest, previous_manifest, skip_key, write_manifest

Progress = Callable[[Outcome, int, int], None]
"""Called after each job with its outcome, the number done and the total."""


def build(folder: Path, options: BuildOptions, on_outcome: Progress | None = None) -> BuildResult:
    """Build every document; return the outcomes.

    Raises InputError before writing anything if the campaign is not fit to build from, or if
    every language asked for has an incomplete catalog. A language with an incomplete catalog (and
    no --fallback) is held back: its letters are not written, the others are, and the result says
    why. Outputs whose inputs did not change since the last build are reused, not rendered again.
    """
    loaded = load_as_of(folder, options.as_of)
    incomplete = incomplete_languages(loaded, options)
    held = {} if options.fallback else incomplete
    hashes = input_hashes(loaded)  # once: the jobs and the manifest name the same inputs
    jobs = plan_build(loaded, options, hashes, frozenset(incomplete), frozenset(held))
    if held and not jobs:
        raise InputError("; ".join(held.values()))
    out = options.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputMissingError(
            f"cannot create the output folder {out} ({exc.strerror}); choose another with --out"
        ) from None
    previous = previous_manifest(out)
    result = BuildResult(held_back=held)
    todo = []
    for job in jobs:
        earlier = reusable(job, out, previous)
        if earlier:
            result.outcomes.append(earlier)
        else:
            todo.append(job)
    done = len(result.outcomes)
    for outcome in run_jobs(folder, todo, options, loaded):
        result.outcomes.append(outcome)
        done += 1
        if on_outcome:
            on_outcome(outcome, done, len(jobs))
    settings = loaded.campaign.settings
    as_of = options.as_of.isoformat() if options.as_of else None
    manifest = Manifest(
        campaign=settings.name,
        date=settings.date.isoformat(),
        inputs=hashes,
        entries=tuple(
            dataclasses.replace(entry, as_of=as_of) for outcome in result.outcomes for entry in outcome.outputs
        ),
        skipped={
            skip_key(o.job.recipient, o.job.document, o.job.language): _skip(o, as_of)
            for o in result.outcomes
            if o.skipped
        },
    )
    keep = {r.id for r in loaded.campaign.recipients}
    if previous is not None:
        result.removed = remove_departed(out, previous, keep)
    write_manifest(out, merge_manifest(previous, manifest, keep))
    return result


def _skip(outcome: Outcome, as_of: str | None) -> Skip:
    return Skip(outcome.skipped or "", outcome.job.inputs_hash, outcome.job.fallback, as_of)


def remove_departed(out: Path, previous: Manifest, keep: set[str]) -> list[str]:
    """Remove the files an earlier build wrote for recipients no longer in the campaign.

    Only files the manifest lists, each a plain file inside its recipient's folder of `out` (never
    through a symlink), then the folder if that left it empty. Returns the folders emptied and removed
    (or, where something else is left in one, the files removed).
    """
    root = out.resolve()
    removed: list[str] = []
    gone = sorted({entry.recipient for entry in previous.entries} - keep)
    for recipient in gone:
        folder = out / recipient
        if folder.is_symlink() or not folder.is_dir() or folder.resolve().parent != root:
            continue
        files = []
        for entry in previous.for_recipient(recipient):
            path = out / entry.path
            if path.parent == folder and path.is_file() and not path.is_symlink():
                path.unlink()
                files.append(entry.path)
        try:
            folder.rmdir()
            removed.append(f"{recipient}/")
        except OSError:  # something not ours is left in it: keep it
            removed.extend(files)
    return removed
