"""Planning a build: every job the options ask for, the hash of each job's inputs, and what an
earlier build already made from the same inputs.

A job's inputs hash covers everything its files depend on (the code, campaign.yaml, the case, the
templates and assets, the recipient, the catalogs of its language and fallback, the formats and
the date), so an unchanged hash means the file on disk can be reused as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from campaign.errors import InputError, RenderError
from campaign.i18n.catalogs import SOURCE_LANG, first_missing, reference_catalog
from campaign.i18n.pseudo import PSEUDO_LANG
from campaign.jobs.job import BuildOptions, Job, Outcome
from campaign.manifest import Entry, Manifest, skip_key
from campaign.model.loaded import COVER_DOCUMENT, Loaded
from campaign.version import __version__

PACKAGE = Path(__file__).resolve().parents[1]


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _files_digest(paths: Iterable[Path], root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def input_hashes(loaded: Loaded) -> dict[str, str]:
    """Hashes of everything every document depends on, so unchanged outputs can be reused."""
    letters = loaded.letters
    campaign = loaded.campaign
    code = [*PACKAGE.rglob("*.py"), *PACKAGE.glob("assets/*"), *PACKAGE.glob("fonts/*")]
    return {
        "code": _digest(__version__, _files_digest(code, PACKAGE)),
        "settings": _digest(campaign.settings.model_dump_json()),
        "case": _digest(campaign.case.model_dump_json()),
        "templates": _files_digest(
            [p for p in letters.rglob("*") if p.is_file() and "locale" not in p.relative_to(letters).parts]
            + list((loaded.folder / "letters" / "assets").glob("*")),
            letters.parent,
        ),
        "evidence": _digest(*(f"{path}={sha}" for path, sha in sorted(loaded.evidence.items()))),
    }


def _catalog_hash(letters: Path, lang: str) -> str:
    po = letters / "locale" / lang / "LC_MESSAGES" / "letters.po"
    return _digest(po.read_bytes()) if po.is_file() else "none"


def plan_build(
    loaded: Loaded,
    options: BuildOptions,
    hashes: dict[str, str],
    incomplete: frozenset[str] = frozenset(),
    held_back: frozenset[str] = frozenset(),
) -> list[Job]:
    """Every job the options ask for, each with the hash of its inputs (`hashes`: `input_hashes(loaded)`).

    Only jobs in an `incomplete` language use `options.fallback` (and record it in the manifest);
    languages `held_back` (incomplete, no fallback) get no jobs.
    The cover email is no file of its own: `campaign email build` renders it into each message.
    """
    campaign = loaded.campaign
    base = _digest(*hashes.values(), options.as_of.isoformat() if options.as_of else "")
    catalogs: dict[str, str] = {}
    jobs = []
    known = {r.id for r in campaign.recipients}
    for wanted in options.recipients:
        if wanted not in known:
            raise InputError(f"unknown recipient '{wanted}'; see recipients.yaml")
    for recipient in campaign.recipients:
        if options.recipients and recipient.id not in options.recipients:
            continue
        documents = [d for d in campaign.documents_for(recipient) if not options.documents or d in options.documents]
        languages = tuple(lang for lang in options.languages or recipient.languages if lang not in held_back)
        for lang in languages:
            if lang != PSEUDO_LANG and not recipient.has_address_in(lang):  # xx borrows the English data
                raise InputError(
                    f"recipients[{recipient.id}]: a letter in '{lang}' needs the institution and office in "
                    f"'{lang}'; add them in recipients.yaml (institution: {{{lang}: ...}}, office: {{{lang}: ...}}) "
                    "or keep one language with address_language"
                )
        recipient_hash = _digest(recipient.model_dump_json())
        for document in documents:
            if document == COVER_DOCUMENT:
                continue
            for lang in languages:
                fallback = options.fallback if lang in incomplete else None
                for code in (lang, fallback or ""):
                    if code and code not in catalogs:
                        catalogs[code] = _catalog_hash(loaded.letters, code)
                # Not the formats: a file's bytes do not depend on which other formats were built.
                inputs = _digest(base, recipient_hash, document, lang, catalogs[lang], catalogs.get(fallback or "", ""))
                jobs.append(Job(recipient.id, document, lang, tuple(options.formats), fallback, inputs))
    return jobs


def incomplete_languages(loaded: Loaded, options: BuildOptions) -> dict[str, str]:
    """The chosen languages whose catalog is incomplete, each with why (its first missing message).

    Without a fallback their letters are held back and the others built; with one, they are built
    message by message in the fallback language (and the manifest says so)."""
    letters = loaded.letters
    chosen = [r for r in loaded.campaign.recipients if not options.recipients or r.id in options.recipients]
    languages = set(options.languages) or {lang for r in chosen for lang in r.languages}
    reference = reference_catalog(letters) if languages - {SOURCE_LANG, PSEUDO_LANG} else None
    incomplete: dict[str, str] = {}
    for lang in sorted(languages):
        missing = first_missing(letters, lang, reference=reference)
        if missing:
            incomplete[lang] = (
                f"the '{lang}' catalog is incomplete (first missing message: {missing!r}); "
                f"translate it (campaign i18n status) or build with --fallback LANG"
            )
    return incomplete


def output_path(out: Path, job: Job, fmt: str) -> Path:
    """OUT/<recipient>/<document>.<lang>.<fmt>, refusing anything that would leave OUT."""
    for part in (job.recipient, job.document, job.language, fmt):
        if not part or "/" in part or "\\" in part or part in (".", "..") or len(part) > 64 or part.startswith("."):
            raise RenderError(f"'{part}' cannot be used in a file name")
    path = (out / job.recipient / f"{job.document}.{job.language}.{fmt}").resolve()
    if not path.is_relative_to(out.resolve()):
        raise RenderError(f"output path {path} would leave the output folder")
    return path


def reusable(job: Job, out: Path, previous: Manifest | None) -> Outcome | None:
    """The outcome of an earlier build of `job` from the same inputs, if its files are still there."""
    if previous is None:
        return None
    skip = previous.skipped.get(skip_key(job.recipient, job.document, job.language))
    if skip is not None and skip.inputs == job.inputs_hash:
        return Outcome(job, skipped=skip.reason, reused=True)
    entries = {e.key: e for e in previous.entries}
    outputs: list[Entry] = []
    for fmt in job.formats:
        entry = entries.get((job.recipient, job.document, job.language, fmt))
        if entry is None or entry.inputs != job.inputs_hash:
            return None
        try:
            if (out / entry.path).stat().st_size != entry.bytes:
                return None
        except OSError:
            return None
        outputs.append(entry)
    return Outcome(job, tuple(outputs), reused=True)
