"""Loading and validating a campaign with 20,000 recipients: is it under the 2-second target?

    .venv/bin/python bench/validate_recipients.py [--count N] [--target SECONDS]

Writes a fresh campaign into bench/work/validate-recipients/ (git-ignored) from the skeleton of
`campaign init` (so it does not depend on the bundled data), with a generated recipients.yaml:
every jurisdiction, channel, language, verification status and gender, names and addresses in
Latin, Cyrillic, Kazakh, Greek, Arabic and Chinese script, IDN email domains. Then times
`campaign.validate` (load, structure, cross-check the whole campaign) in this process,
best of 3 with `time.perf_counter`, and the YAML reading step alone for comparison.

Prints the figures and a JSON line, writes bench/work/validate_recipients.json, and exits 1 if
the best time is over the target.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import campaign
from campaign import InputError, Severity, init_campaign, load_yaml

WORK = Path(__file__).resolve().parent / "work"
FOLDER = WORK / "validate-recipients"
RESULTS = WORK / "validate_recipients.json"
LANGUAGES = ["en", "ru", "kk", "fr", "de", "es"]
JURISDICTIONS = ["EU", "US", "UK", "CA", "UN", "OSCE", "KZ", "CH"]
LOCALES = {"en": ["en_GB", "en_US", "en_CA"], "ru": ["ru", "ru_KZ"], "kk": ["kk_KZ"], "fr": ["fr_FR", "fr_CH"]}
LOCALES |= {"de": ["de_DE", "de_CH"], "es": ["es_ES"]}
NAMES = [
    "Jordan Placeholder",
    "Сауле Жақсылықова",
    "Иван Петров",
    "Zoë Müller-Lüdenscheidt",
    "François Lefèvre",
    "Ιωάννης Παπαδόπουλος",
    "محمد الأمين",
    "王小明",
    "Søren Kierkegård",
    "José Núñez",
]
INSTITUTIONS = [
    "Ministry of Foreign Affairs",
    "Министерство иностранных дел",
    "Сыртқы істер министрлігі",
    "Auswärtiges Amt",
    "Ministère de l'Europe et des Affaires étrangères",
    "Office of the High Commissioner for Human Rights",
]
TITLES = ["minister", "ambassador", "chair", "director", "special-rapporteur", "secretary-of-state", None]
DOMAINS = ["example.org", "example.eu", "пример.қаз", "bücher.example", "example.gov.uk"]
STATUSES = ["verified", "secondary", "unverified"]
GENDERS = ["female", "male", "unknown"]


def recipient(index: int) -> dict[str, Any]:
    """One recipient; `index` picks a different mix of every varied field."""
    languages = [LANGUAGES[index % len(LANGUAGES)]]
    if index % 3 == 0:
        languages.append(LANGUAGES[(index + 1) % len(LANGUAGES)])
    locales = LOCALES[languages[0]]
    entry: dict[str, Any] = {
        "id": f"r{index:05d}-{JURISDICTIONS[index % len(JURISDICTIONS)].lower()}",
        "jurisdiction": JURISDICTIONS[index % len(JURISDICTIONS)],
        "institution": INSTITUTIONS[index % len(INSTITUTIONS)],
        "office": f"Office {index}",
    }
    if index % 4:
        entry["person"] = {"name": NAMES[index % len(NAMES)], "gender": GENDERS[index % len(GENDERS)]}
        if index % 5 == 0:
            entry["person"] |= {"honorific": "The Hon.", "post_nominals": "MP"}
    title = TITLES[index % len(TITLES)]
    if title:
        entry["title"] = title
    if index % 11 == 0:
        entry["salutation"] = {languages[0]: f"{NAMES[index % len(NAMES)]},"}
    entry["languages"] = languages
    entry["locale"] = locales[index % len(locales)]
    match index % 3:
        case 0:
            local = "minister" if index % 2 else "büro" if index % 7 == 0 else "office"
            entry["channel"] = {"kind": "email", "address": f"{local}.{index}@{DOMAINS[index % len(DOMAINS)]}"}
        case 1:
            entry["channel"] = {"kind": "postal"}
        case _:
            entry["channel"] = {"kind": "web-form", "url": f"https://example.org/contact/{index}?lang={languages[0]}"}
    if index % 3 == 1 or index % 2 == 0:
        entry["postal_address"] = [f"{index} Rue de l'Exemple", f"{1000 + index % 9000:04d} Genève", "Schweiz"]
    entry["group"] = "officials"
    if index % 13 == 0:
        entry["documents"] = ["appeal"]
    status = STATUSES[index % len(STATUSES)]
    entry["verification"] = {"status": status}
    if status != "unverified":
        entry["verification"] |= {"source": f"https://example.org/directory/{index}", "checked": "2025-02-01"}
    if index % 6 == 0:
        entry["verification"]["note"] = "Адрес подтверждён по телефону / confirmed by phone"
    return entry


def prepare(count: int) -> Path:
    """A fresh skeleton campaign with every language declared and `count` generated recipients."""
    if FOLDER.exists():
        shutil.rmtree(FOLDER)
    WORK.mkdir(parents=True, exist_ok=True)
    init_campaign(FOLDER)
    settings = FOLDER / "campaign.yaml"
    text = settings.read_text("utf-8")
    if "\nlanguages: [en]\n" not in text:
        raise SystemExit("bench: the skeleton's campaign.yaml no longer has 'languages: [en]'; update this bench")
    settings.write_text(text.replace("\nlanguages: [en]\n", f"\nlanguages: [{', '.join(LANGUAGES)}]\n"), "utf-8")
    recipients = {"recipients": [recipient(i) for i in range(count)]}
    dumped = yaml.safe_dump(recipients, allow_unicode=True, sort_keys=False, width=200)
    (FOLDER / "recipients.yaml").write_text(dumped, "utf-8")
    return FOLDER


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, list[float]]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings), timings


def validate_once(folder: Path) -> tuple[int, int]:
    """Validate; return (recipients, warnings). Errors mean the generator is wrong: show them and stop."""
    try:
        loaded = campaign.validate(folder)
    except InputError as exc:
        for diagnostic in exc.diagnostics[:20]:
            print(diagnostic.format(), file=sys.stderr)
        raise SystemExit(f"bench: the generated campaign is not valid ({len(exc.diagnostics)} problems)") from None
    warnings = sum(1 for d in loaded.report.items if d.severity is Severity.WARNING)
    return len(loaded.campaign.recipients), warnings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=20_000, help="recipients to generate (default 20000)")
    parser.add_argument("--target", type=float, default=2.0, help="seconds the best run must stay under")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    folder = prepare(args.count)
    recipients, warnings = validate_once(folder)  # also warms imports and babel's locale data
    yaml_best, _ = best_of(args.runs, lambda: load_yaml(folder / "recipients.yaml", "recipients.yaml"))
    best, timings = best_of(args.runs, lambda: campaign.validate(folder))
    results = {
        "recipients": recipients,
        "recipients_yaml_bytes": (folder / "recipients.yaml").stat().st_size,
        "warnings": warnings,
        "runs": args.runs,
        "validate_best_s": round(best, 3),
        "validate_runs_s": [round(t, 3) for t in timings],
        "recipients_yaml_read_best_s": round(yaml_best, 3),
        "target_s": args.target,
        "under_target": best < args.target,
    }
    width = max(len(key) for key in results)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    verdict = "under" if best < args.target else "OVER"
    print(f"validate of {recipients} recipients: best {best:.3f} s, {verdict} the {args.target:g} s target")
    print(json.dumps(results))
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    if best >= args.target:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
