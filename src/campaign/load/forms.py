"""Reading the forms of address and checking that every letter the campaign writes has one.

The campaign's own `letters/forms-of-address.yaml` is used when it exists, else the table bundled
with the package. Read here, at load time, so `validate` reports a broken table, or a letter
language with no formula, before any document is rendered.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from campaign.diagnostics import Report
from campaign.errors import InputError
from campaign.load.structure import structure
from campaign.load.yaml import LoadedYaml, load_yaml
from campaign.model.forms import FORMS_FILE, FormsOfAddress
from campaign.model.loaded import STANDARD_LETTERS, shown_letters
from campaign.model.recipients import RecipientsFile

BUNDLED_FORMS = STANDARD_LETTERS / FORMS_FILE
"""The standard letters' table; an installed `campaign` has it too (package data)."""
PSEUDO_LANG = "xx"
"""The pseudo-locale borrows the English formulas (see `campaign.i18n.pseudo`)."""


def forms_path(folder: Path) -> tuple[Path, str]:
    """The table a campaign uses and how to show its name: its own if it has one, else the bundled one."""
    own = folder / "letters" / FORMS_FILE
    if own.is_file() or own.is_symlink():
        return own, f"letters/{FORMS_FILE}"
    return BUNDLED_FORMS, f"{shown_letters(STANDARD_LETTERS, folder)}/{FORMS_FILE}"


def load_forms(folder: Path, report: Report) -> FormsOfAddress | None:
    """The campaign's forms of address, or None with the problems in `report`."""
    path, shown = forms_path(folder)
    try:
        return _read(str(path), path.stat().st_mtime_ns, shown)
    except InputError as exc:
        report.extend(exc.diagnostics)
        return None


@lru_cache(maxsize=8)
def _read(path: str, mtime_ns: int, shown: str) -> FormsOfAddress:
    """Read and check one table; cached per file and modification time (workers and tests reload)."""
    loaded = load_yaml(Path(path), shown)
    forms, problems = structure(FormsOfAddress, loaded)
    if forms is None:
        raise InputError(f"{shown} is not valid", problems)
    return forms


def check_forms(forms: FormsOfAddress, recipients: RecipientsFile, loaded: LoadedYaml, report: Report) -> None:
    """Every language a recipient is written in has a formula (at least the language's fallback)."""
    for index, recipient in enumerate(recipients.recipients):
        for lang_index, lang in enumerate(recipient.languages):
            if (
                lang in forms.fallback
                or lang == PSEUDO_LANG
                or lang in recipient.salutation
                and lang in recipient.closing
            ):
                continue
            path = ("recipients", index, "languages", lang_index)
            report.error(
                f"no form of address for '{lang}': add a 'fallback.{lang}' formula to letters/{FORMS_FILE}, "
                f"or give this recipient 'salutation' and 'closing' in '{lang}'",
                "address.no-language",
                loaded.span(path),
                loaded.field_path(path),
            )
