"""Letters in every language: catalogs, the pseudo-locale, locale formatting and forms of address.

- `catalogs`: read `.po` files strictly, judge them (`check_catalog`), build gettext objects
  (`load_translations`), and the build gate (`first_missing`);
- `extract`: messages from the templates (and from Python code) for the `.pot`;
- `pseudo`: the `xx` pseudo-locale;
- `formatting`: dates, durations, lists, numbers, names and writing direction per locale;
- `address`: the salutation and closing of one letter, from the table `campaign.load.forms` read.

What `campaign i18n extract | update | compile | status` does is the use case `campaign.app.i18n`.
Nothing here installs translations globally or calls `locale.setlocale`: each letter gets its
language's catalog and locale passed explicitly.
"""
