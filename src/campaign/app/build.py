"""`campaign build`: every document each recipient is owed, written once, recorded in the manifest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from campaign.jobs.job import BuildOptions, BuildResult, Outcome
from campaign.jobs.plan import incomplete_languages, input_hashes, plan_build, reusable
from campaign.jobs.pool import load_as_of, run_jobs
from campaign.manifest import Manifest, Skip, previous_manifest, skip_key, write_manifest

Progress = Callable[[Outcome, int, int], None]
"""Called after each job with its outcome, the number done and the total."""


def build(folder: Path, options: BuildOptions, on_outcome: Progress | None = None) -> BuildResult:
    """Build every document; return the outcomes.

    Raises InputError before writing anything if the campaign or a catalog is not fit to build
    from. Outputs whose inputs did not change since the last build are reused, not rendered again.
    """
    loaded = load_as_of(folder, options.as_of)
    incomplete = incomplete_languages(loaded, options)
    hashes = input_hashes(loaded)  # once: the jobs and the manifest name the same inputs
    jobs = plan_build(loaded, options, hashes, incomplete)
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    previous = previous_manifest(out)
    result = BuildResult()
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
    manifest = Manifest(
        campaign=settings.name,
        date=settings.date.isoformat(),
        inputs=hashes,
        entries=tuple(entry for outcome in result.outcomes for entry in outcome.outputs),
        skipped={
            skip_key(o.job.recipient, o.job.document, o.job.language): _skip(o) for o in result.outcomes if o.skipped
        },
    )
    write_manifest(out, manifest)
    return result


def _skip(outcome: Outcome) -> Skip:
    return Skip(outcome.skipped or "", outcome.job.inputs_hash)
