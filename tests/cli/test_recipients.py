"""`campaign recipients import | export` through the command line, on a copy of the minimal campaign.

Sheets are made by the test (a real .xlsx with openpyxl, CSV bytes written out); what the import
did is read back by loading the campaign, and the file's untouched text is compared line by line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from campaign.app.validate import validate
from campaign.cli import cli
from tests.load.validate_support import copy_minimal

runner = CliRunner()

COMMENTS = (
    "# Recipients of the minimal campaign: this comment must survive every import.\n",
    "  # the Kazakh ministry comes second\n",
)


def invoke(*args: str) -> Any:
    return runner.invoke(cli, ["recipients", *args])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The minimal campaign, its recipients.yaml given comments (at the top, between entries, at a line's end)."""
    copied = copy_minimal(tmp_path / "campaign")
    path = copied / "recipients.yaml"
    text = path.read_text("utf-8")
    text = COMMENTS[0] + text.replace("  - id: kz-mfa\n", COMMENTS[1] + "  - id: kz-mfa\n")
    text = text.replace("    locale: en_GB\n", "    locale: en_GB  # dates as in Britain\n", 1)
    path.write_text(text, "utf-8")
    return copied


def recipients(folder: Path) -> dict[str, Any]:
    return {r.id: r for r in validate(folder).campaign.recipients}


HEADER = [
    "id",
    "jurisdiction",
    "institution.en",
    "institution.ru",
    "office.en",
    "office.ru",
    "languages",
    "locale",
    "channel.address",
    "group",
    "verification.status",
    "verification.checked",
]


def test_import_from_a_real_xlsx_adds_new_ids_and_updates_existing_ones(folder: Path, tmp_path: Path) -> None:
    before = (folder / "recipients.yaml").read_text("utf-8")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(
        [
            "de-aa",
            "DE",
            "Federal Foreign Office",
            "Министерство иностранных дел Германии",
            "Federal Minister",
            "Федеральный министр",
            "en, ru",
            "de_DE",
            "minister@example.de",
            "ministers",
            "verified",
            dt.datetime(2026, 3, 1),  # a date cell, as a spreadsheet program stores it
        ]
    )
    sheet.append(["kz-mfa", None, None, None, None, None, None, None, "new.minister@example.org"])
    xlsx = tmp_path / "people.xlsx"
    workbook.save(xlsx)

    result = invoke("import", str(xlsx), "-c", str(folder))

    assert result.exit_code == 0, result.output
    assert "1 added, 1 updated, 0 unchanged (written)" in result.stdout
    found = recipients(folder)
    assert list(found) == ["uk-fcdo", "kz-mfa", "ch-fdfa", "de-aa"]
    new = found["de-aa"]
    assert new.institution_in("ru") == "Министерство иностранных дел Германии"
    assert new.office_in("en") == "Federal Minister"
    assert new.languages == ("en", "ru")
    assert new.verification.checked == dt.date(2026, 3, 1)
    assert new.channel.address == "minister@example.de"
    assert found["kz-mfa"].channel.address == "new.minister@example.org"
    after = (folder / "recipients.yaml").read_text("utf-8")
    for comment in (*COMMENTS, "    locale: en_GB  # dates as in Britain\n"):
        assert comment in after
    # everything but the changed address is the old text, and the new entry follows it
    old_lines = before.replace("minister@example.org", "new.minister@example.org").splitlines()
    assert after.splitlines()[: len(old_lines)] == old_lines
    assert "    checked: 2026-03-01\n" in after  # a date written as people write it, not quoted


def test_csv_with_bom_and_semicolons(folder: Path, tmp_path: Path) -> None:
    rows = [
        ["id", "jurisdiction", "institution", "office", "languages", "locale", "channel.kind", "postal_address"]
        + ["group", "verification.status"],
        ["fr-mae", "FR", "Ministère de l'Europe; Affaires étrangères", "Ministre", "en", "fr_FR", "postal"]
        + ["37 quai d'Orsay\n75007 Paris", "ministers", "verified"],
    ]
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows(rows)
    path = tmp_path / "people.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))

    result = invoke("import", str(path), "-c", str(folder))

    assert result.exit_code == 0, result.output
    new = recipients(folder)["fr-mae"]
    assert new.institution == "Ministère de l'Europe; Affaires étrangères"
    assert new.postal_address == ("37 quai d'Orsay", "75007 Paris")
    assert new.channel.kind == "postal"


def test_a_bad_row_is_reported_at_file_row_column_and_nothing_is_written(folder: Path, tmp_path: Path) -> None:
    before = (folder / "recipients.yaml").read_bytes()
    header = ["id", "jurisdiction", "institution", "office", "languages", "locale", "E-mail", "group"]
    header.append("verification.status")
    good = ["nl-mfa", "NL", "Ministry", "Minister", "en", "en_GB", "minister@example.nl", "ministers", "verified"]
    bad = ["be-mfa", "BE", "Ministry", "Minister", "en", "en_GB", "minister.example.be", "ministers", "verified"]
    path = tmp_path / "people.csv"
    path.write_text("\n".join(",".join(r) for r in (header, good, bad)) + "\n", "utf-8")

    result = invoke("import", str(path), "-c", str(folder), "--map", "E-mail=channel.address")

    assert result.exit_code == 1
    column = header.index("E-mail") + 1
    assert f"{path}:3:{column}: E-mail (channel.address): not a valid email address" in result.stderr
    assert f"{path}:2:" not in result.stderr
    assert (folder / "recipients.yaml").read_bytes() == before


def test_a_value_the_schema_refuses_names_its_column(folder: Path, tmp_path: Path) -> None:
    before = (folder / "recipients.yaml").read_bytes()
    path = tmp_path / "people.csv"
    path.write_text("id,person.gender,locale\nuk-fcdo,woman,en_GB\n", "utf-8")
    result = invoke("import", str(path), "-c", str(folder))
    assert result.exit_code == 1
    assert f"{path}:2:2: person.gender: " in result.stderr
    assert (folder / "recipients.yaml").read_bytes() == before


def test_an_unknown_column_is_refused_until_mapped(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,Notes,Telefon\nuk-fcdo,call first,+44 20\n", "utf-8")
    result = invoke("import", str(path), "-c", str(folder))
    assert result.exit_code == 1
    assert f"{path}:1:2: unknown column 'Notes'" in result.stderr
    assert f"{path}:1:3: unknown column 'Telefon'" in result.stderr
    again = invoke("import", str(path), "-c", str(folder), "--map", "Notes=", "--map", "telefon=")
    assert again.exit_code == 0, again.output
    assert "0 added, 0 updated, 1 unchanged (unchanged)" in again.stdout
    wrong = invoke("import", str(path), "-c", str(folder), "--map", "Notes=phone")
    assert wrong.exit_code == 2
    assert "'phone' is not a recipient field" in wrong.stderr


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_import_of_the_export_keeps_the_file_and_an_edit_changes_one_line(
    folder: Path, tmp_path: Path, suffix: str
) -> None:
    before = (folder / "recipients.yaml").read_text("utf-8")
    sheet = tmp_path / f"people.{suffix}"
    exported = invoke("export", str(sheet), "-c", str(folder))
    assert exported.exit_code == 0, exported.output

    again = invoke("import", str(sheet), "-c", str(folder))
    assert again.exit_code == 0, again.output
    assert (folder / "recipients.yaml").read_text("utf-8") == before

    header, rows = _read_back(sheet)
    assert header[0] == "id" and [r[0] for r in rows] == ["uk-fcdo", "kz-mfa", "ch-fdfa"]
    rows[2][header.index("office")] = "Head of the Department"
    _write(sheet, header, rows)
    edited = invoke("import", str(sheet), "-c", str(folder))
    assert edited.exit_code == 0, edited.output
    after = (folder / "recipients.yaml").read_text("utf-8")
    assert after == before.replace("office: Head of Department", "office: Head of the Department")
    assert recipients(folder)["ch-fdfa"].office == "Head of the Department"


def _read_back(path: Path) -> tuple[list[str], list[list[str]]]:
    if path.suffix == ".csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # so that spreadsheet programs read UTF-8
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    else:
        workbook = load_workbook(path)
        sheet = workbook.worksheets[0]
        table = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return table[0], table[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    if path.suffix == ".csv":
        text = io.StringIO()
        csv.writer(text).writerows([header, *rows])
        path.write_text(text.getvalue(), "utf-8")
        return
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [header, *rows]:
        sheet.append([cell or None for cell in row])
    workbook.save(path)


def test_export_without_a_file_prints_csv(folder: Path) -> None:
    result = invoke("export", "-c", str(folder))
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout)))
    header = table[0]
    kz = next(r for r in table[1:] if r[0] == "kz-mfa")
    assert kz[header.index("institution.ru")] == "Министерство примеров"
    assert kz[header.index("languages")] == "ru, en"
    ch = next(r for r in table[1:] if r[0] == "ch-fdfa")
    assert ch[header.index("postal_address")].splitlines() == [
        "Example Federal Department",
        "1 Example Square",
        "3000 Exampleton",
    ]
