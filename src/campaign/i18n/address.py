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

from campaign.errors import RenderError
from campaign.i18n.pseudo import PSEUDO_LANG, pseudo_text
from campaign.model.forms import FormsOfAddress, Formula
from campaign.model.recipients import Recipient


def formula(recipient: Recipient, lang: str, table: FormsOfAddress) -> Formula:
    """The formula for `recipient` in `lang`, by title and gender, else the language's fallback.

    `campaign validate` has checked that every language a recipient is written in has one; a
    language outside the table (a `--lang` given to build) is a RenderError naming it.
    """
    if lang == PSEUDO_LANG:
        english = formula(recipient, "en", table)
        return english.model_copy(
            update={"salutation": pseudo_text(english.salutation), "closing": pseudo_text(english.closing)}
        )
    if lang not in table.fallback:
        raise RenderError(f"no forms of address for '{lang}'; add a 'fallback.{lang}' formula to forms-of-address.yaml")
    by_gender = table.titles.get(lang, {}).get(recipient.title or "", {})
    gender = recipient.person.gender.value if recipient.person else "unknown"
    return by_gender.get(gender) or by_gender.get("any") or table.fallback[lang]  # type: ignore[call-overload]


def salutation(recipient: Recipient, lang: str, forms: FormsOfAddress) -> str:
    """The greeting line: the recipient's own for `lang` if given, else by title and gender."""
    own = recipient.salutation.get("en" if lang == PSEUDO_LANG else lang)
    if own:
        return pseudo_text(own) if lang == PSEUDO_LANG else own
    return formula(recipient, lang, forms).salutation


def closing(recipient: Recipient, lang: str, forms: FormsOfAddress) -> str:
    """The sign-off line matching the title and gender ("Yours sincerely,", "Mit vorzüglicher Hochachtung").

    The recipient's own closing for `lang` wins, as its own salutation does.
    """
    own = recipient.closing.get("en" if lang == PSEUDO_LANG else lang)
    if own:
        return pseudo_text(own) if lang == PSEUDO_LANG else own
    return formula(recipient, lang, forms).closing
