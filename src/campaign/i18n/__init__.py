"""Letters in every language: catalogs, the pseudo-locale, locale formatting and forms of address.

- `catalogs`: read `.po` files strictly, judge them (`check_catalog`), build gettext objects
  (`load_translations`), and the build gate (`first_missing`);
- `extract`: messages from the templates (and from Python code) for the `.pot`;
- `workflow`: what `campaign i18n extract | update | compile | status` does;
- `pseudo`: the `xx` pseudo-locale;
- `formatting`: dates, durations, lists, numbers and names per locale;
- `address`: salutations and closings per language, title and gender.

Nothing here installs translations globally or calls `locale.setlocale`: each letter gets its
language's catalog and locale passed explicitly.
"""

from campaign.i18n.address import closing, salutation
from campaign.i18n.catalogs import CatalogStatus, check_catalog, first_missing, load_translations
from campaign.i18n.formatting import format_date, format_duration, format_list, format_number, person_name

__all__ = [
    "CatalogStatus",
    "check_catalog",
    "closing",
    "first_missing",
    "format_date",
    "format_duration",
    "format_list",
    "format_number",
    "load_translations",
    "person_name",
    "salutation",
]
