"""Forms of address: how a letter greets its recipient and how it signs off, per language.

The formulas live in `forms-of-address.yaml` next to this module (a campaign may override it with
its own `letters/forms-of-address.yaml`), keyed by language, the recipient's `title`
and `person.gender`, each with how far it was checked (`status`) and where it comes from, so
the README can list what still needs a native speaker. Lookup order for one letter:

1. the recipient's own `salutation: {lang: ...}` (salutation only);
2. `titles.<lang>.<title>.<gender>`, then `titles.<lang>.<title>.any`;
3. `fallback.<lang>`, a neutral formal formula ("Dear Sir or Madam,", "Madame, Monsieur,").

A language with no fallback is an error, not English. The pseudo-locale `xx` uses the English
formula in pseudo text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from campaign.diagnostics import Diagnostic, SourceSpan
from campaign.errors import InputError
from campaign.i18n.pseudo import PSEUDO_LANG, pseudo_text
from campaign.load.structure import structure
from campaign.load.yaml import load_yaml
from campaign.model.common import Frozen, Lang, Url
from campaign.model.recipients import Recipient, VerificationStatus

FORMS_FILE = "forms-of-address.yaml"
BUNDLED_LETTERS = Path(__file__).resolve().parent
"""Where the default table lives: in the package, so an installed `campaign` has it too."""

GenderKey = Literal["female", "male", "unknown", "any"]
TitleKey = str


class Formula(Frozen):
    """One salutation with its matching closing."""

    salutation: str = Field(min_length=1)
    closing: str = Field(min_length=1)
    status: VerificationStatus
    """verified (official protocol guide), secondary (style guides, derived), unverified (needs a native speaker)."""
    source: Url | None = None
    note: str | None = None


class FormsOfAddress(Frozen):
    """The whole of `forms-of-address.yaml`."""

    fallback: dict[Lang, Formula] = Field(min_length=1)
    """The neutral formal formula of each language, used when no title entry fits."""
    titles: dict[Lang, dict[str, dict[GenderKey, Formula]]] = Field(default_factory=dict)
    """language → title key (as in recipients.yaml) → gender (or `any`) → formula."""

    @model_validator(mode="after")
    def _every_language_has_a_fallback(self) -> FormsOfAddress:
        missing = sorted(set(self.titles) - set(self.fallback))
        if missing:
            raise ValueError(f"languages {', '.join(missing)} have titles but no 'fallback' formula; add one each")
        return self


def load_forms(letters: Path) -> FormsOfAddress:
    """Read and check `<letters>/forms-of-address.yaml`; raise `InputError` listing every problem."""
    path = letters / FORMS_FILE
    stat = path.stat() if path.is_file() else None
    return _load_forms(str(path), stat.st_mtime_ns if stat else 0, f"{letters.name}/{FORMS_FILE}")


@lru_cache(maxsize=8)
def _load_forms(path: str, mtime_ns: int, shown: str) -> FormsOfAddress:
    loaded = load_yaml(Path(path), shown)
    forms, problems = structure(FormsOfAddress, loaded)
    if forms is None:
        raise InputError(f"{shown} is not valid", problems)
    return forms


def forms_for(letters: Path) -> FormsOfAddress:
    """The campaign's own forms of address if its `letters/` has the file, else the bundled ones."""
    return load_forms(letters if (letters / FORMS_FILE).is_file() else BUNDLED_LETTERS)


def formula(recipient: Recipient, lang: str, forms: FormsOfAddress | None = None) -> Formula:
    """The formula for `recipient` in `lang`, by title and gender, else the language's fallback."""
    table = forms or forms_for(BUNDLED_LETTERS)
    if lang == PSEUDO_LANG:
        english = formula(recipient, "en", table)
        return english.model_copy(
            update={"salutation": pseudo_text(english.salutation), "closing": pseudo_text(english.closing)}
        )
    if lang not in table.fallback:
        message = f"no forms of address for '{lang}'; add a 'fallback.{lang}' formula to {FORMS_FILE}"
        raise InputError(message, [Diagnostic(message, "address.no-language", SourceSpan(f"letters/{FORMS_FILE}"))])
    by_gender = table.titles.get(lang, {}).get(recipient.title or "", {})
    gender = recipient.person.gender.value if recipient.person else "unknown"
    return by_gender.get(gender) or by_gender.get("any") or table.fallback[lang]  # type: ignore[call-overload]


def salutation(recipient: Recipient, lang: str, forms: FormsOfAddress | None = None) -> str:
    """The greeting line: the recipient's own for `lang` if given, else by title and gender."""
    own = recipient.salutation.get("en" if lang == PSEUDO_LANG else lang)
    if own:
        return pseudo_text(own) if lang == PSEUDO_LANG else own
    return formula(recipient, lang, forms).salutation


def closing(recipient: Recipient, lang: str, forms: FormsOfAddress | None = None) -> str:
    """The sign-off line matching the title and gender ("Yours sincerely,", "Mit vorzüglicher Hochachtung").

    The recipient's own closing for `lang` wins, as its own salutation does.
    """
    own = recipient.closing.get("en" if lang == PSEUDO_LANG else lang)
    if own:
        return pseudo_text(own) if lang == PSEUDO_LANG else own
    return formula(recipient, lang, forms).closing
