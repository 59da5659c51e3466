"""A newcomer's first campaign, end to end, through the command line only: `init`, a French
version of the case's texts, recipients imported from a spreadsheet, `i18n sync`, `validate`,
`build`, `preview` and `email build`. Every command exits 0 and what it wrote is read back."""

from __future__ import annotations

import json
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import openpyxl
from pypdf import PdfReader
from typer.testing import CliRunner

from campaign.cli import cli

runner = CliRunner()

SHEET = [
    [
        "id",
        "jurisdiction",
        "institution.en",
        "institution.fr",
        "office.en",
        "office.fr",
        "person.name",
        "person.gender",
        "title",
        "languages",
        "locale",
        "channel.address",
        "group",
        "verification.status",
    ],
    [
        "fr-mfa",
        "FR",
        "Ministry for Europe and Foreign Affairs",
        "Ministère de l'Europe et des Affaires étrangères",
        "Minister",
        "Ministre",
        "Camille Exemple",
        "female",
        "minister",
        "fr, en",
        "fr_FR",
        "ministre@example.fr",
        "officials",
        "verified",
    ],
    [
        "de-aa",
        "DE",
        "Federal Foreign Office",
        "Office fédéral des affaires étrangères",
        "Minister",
        "Ministre",
        "Alex Beispiel",
        "male",
        "minister",
        "en",
        "en_DE",
        "poststelle@example.de",
        "officials",
        "verified",
    ],
    [
        "ie-dfa",
        "IE",
        "Department of Foreign Affairs",
        "Ministère des affaires étrangères",
        "Minister",
        "Ministre",
        "Ciara Sample",
        "female",
        "minister",
        "en",
        "en_IE",
        "minister@example.ie",
        "officials",
        "verified",
    ],
]


def run(*args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.output


def add_french(folder: Path) -> None:
    """French beside every English text of the case and of campaign.yaml, as a campaigner adds them
    (here the English marked as French, so the test can find each text in the French letter)."""
    for path in (folder / "cases" / "example.yaml", folder / "campaign.yaml"):
        text = path.read_text("utf-8")
        text = re.sub(
            r"^(\s+(?:- )?)en: (.+)$",
            lambda m: f"{m.group(0)}\n{m.group(1).replace('- ', '  ')}fr: (fr) {m.group(2)}",
            text,
            flags=re.MULTILINE,
        )
        path.write_text(text, "utf-8")
    settings = folder / "campaign.yaml"
    text = settings.read_text("utf-8")
    assert text.count("languages: [en]") == 1
    settings.write_text(text.replace("languages: [en]", "languages: [en, fr]"), "utf-8")


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def test_a_new_campaign_from_init_to_the_outbox(tmp_path: Path) -> None:
    folder = tmp_path / "mycase"
    run("init", str(folder))
    sheet = tmp_path / "people.xlsx"
    book = openpyxl.Workbook()
    for row in SHEET:
        book.active.append(row)
    book.save(sheet)
    add_french(folder)
    run("recipients", "import", str(sheet), "--campaign", str(folder))
    run("i18n", "sync", "--campaign", str(folder))
    run("validate", "--campaign", str(folder))
    out = folder / "out"
    run("build", "--campaign", str(folder))
    run("preview", "--campaign", str(folder))
    run("email", "build", "--campaign", str(folder))

    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    built = {(e["recipient"], e["language"], e["format"]) for e in manifest["entries"]}
    for row in SHEET[1:]:
        for lang in row[9].split(", "):
            assert {(row[0], lang, "pdf"), (row[0], lang, "docx")} <= built, row[0]
    french = pdf_text(out / "fr-mfa" / "appeal.fr.pdf")
    assert "Ministère de l'Europe et des Affaires étrangères" in french
    assert "(fr) teacher and local journalist" in french  # the case's French text, not the English
    assert "14 mars 2025" in french  # the campaign's date as French writes it
    index = (out / "preview" / "index.html").read_text("utf-8")
    assert all(row[0] in index for row in SHEET[1:])
    for row in SHEET[1:]:
        message = BytesParser(policy=policy.default).parsebytes((out / "outbox" / f"{row[0]}.eml").read_bytes())
        assert message["To"].addresses[0].addr_spec == row[11]
        names = sorted(part.get_filename() for part in message.iter_attachments())
        assert names == sorted(f"appeal.{lang}.pdf" for lang in row[9].split(", ")), names
