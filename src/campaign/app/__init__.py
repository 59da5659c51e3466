"""Use cases behind the CLI commands: no printing, no exiting, just results and errors.

One module per command group: `validate` (validate, schema), `build`, `email` (build, send,
status, export), `i18n` (extract, update, sync, compile, status), `recipients` (import from and
export to a spreadsheet; `sheets` reads and writes CSV and XLSX) and `init`. The CLI parses
arguments, calls one of these, prints what it returns and maps errors to exit codes; anything a
script or a test wants to do with a campaign, it does through the same functions.
"""
