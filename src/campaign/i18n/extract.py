"""Finding every translatable message: the letter templates, plus the few messages Python code owns.

Extraction uses Jinja2's own babel extractor (`jinja2.ext.babel_extract`) with `silent=False`, so a
template with a syntax error is an error instead of being skipped with exit code 0 (pybabel's
default). A call whose message is not a string literal (`_(name)`, `_("Hi " ~ name)`,
`_("%s items" % n)`) can never be translated, and babel drops it without a word; here it is an
error at the call's line.

Messages used from Python (duration units and their join, the frame's "Sources" and page label)
are not in any template: `campaign.i18n.messages` declares them and they are always added;
any others come in as `extra`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from jinja2 import Environment, TemplateSyntaxError
from jinja2.ext import babel_extract

from campaign.diagnostics import Diagnostic, SourceSpan
from campaign.errors import InputError
from campaign.i18n.messages import CODE_MESSAGES, SourceMessage

TEMPLATE_GLOB = "*.md.j2"
"""Letter templates and their partials (`_*.md.j2`), directly in `letters/`."""
KEYWORDS = {"_": 1, "gettext": 1, "ngettext": 2, "gendered": 1, "gendered_all": 1}
"""Function name → how many leading arguments are message strings (singular, plural).

`gendered(who, "message", ...)` is a message about one person whose words agree with the
person's grammatical gender in many languages ("he was born", "elle est détenue"): it is
extracted once per gender, as the contexts in `GENDERS`, so each language can word it for a man,
a woman, and a person whose gender is not known (an organisation too), without agreement."""
GENDERS = ("male", "female", "unknown")
"""The message contexts (`msgctxt`) of a gendered message."""
GENDER_COMMENT = (
    "Said of one person. msgctxt: 'male' = a man, 'female' = a woman, 'unknown' = gender not known or an "
    "organisation: word it so that nothing agrees with a gender."
)
GROUP_GENDERS = (*GENDERS, "plural", "plural-female")
"""`gendered_all(defendants, "message", ...)`: the same for a message about one or several
defendants, so the words agree in number too ("sa famille" / "leurs familles")."""
GROUP_COMMENT = (
    "Said of one or several defendants. msgctxt: 'male', 'female', 'unknown' (gender not known or an "
    "organisation: nothing agrees with a gender) = one; 'plural' = several (mixed or not known); "
    "'plural-female' = several, all women."
)
COMMENT_TAGS = ("Translators:",)
"""`{# Translators: ... #}` before a call reaches the translator as a comment in the catalog."""
_JINJA_OPTIONS = {
    "silent": "false",
    # The same whitespace rules as the letter environment (campaign.render.environment), so
    # `{% trans %}` blocks, were any used, would extract exactly the text that renders.
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "keep_trailing_newline": "true",
}


def template_files(letters: Path) -> list[Path]:
    """Every template whose messages belong in the catalog, in a stable order."""
    return sorted(letters.glob(TEMPLATE_GLOB))


def extract_messages(letters: Path, extra: Iterable[SourceMessage] = ()) -> Catalog:
    """The template catalog (.pot contents) for `letters/`: template messages, code messages, `extra`.

    Raises `InputError` listing every template syntax error and every call that cannot be
    extracted, each at `letters/<file>:<line>`.
    """
    catalog = Catalog(domain="letters", project="campaign letters", fuzzy=True)
    problems: list[Diagnostic] = []
    for path in template_files(letters):
        shown = f"{letters.name}/{path.name}"
        for line, func, msgid, comments in _template_messages(path, shown, problems):
            if func in ("gendered", "gendered_all"):
                genders, note = (GENDERS, GENDER_COMMENT) if func == "gendered" else (GROUP_GENDERS, GROUP_COMMENT)
                for gender in genders:
                    notes = [*comments, note]
                    catalog.add(msgid, locations=[(path.name, line)], auto_comments=notes, context=gender)
            else:
                catalog.add(msgid, locations=[(path.name, line)], auto_comments=comments)
    for message in (*CODE_MESSAGES, *extra):
        catalog.add(
            message.id, locations=[(message.location, 0)], auto_comments=[message.comment] * bool(message.comment)
        )
    if problems:
        raise InputError("the letter templates cannot be extracted", problems)
    return catalog


def _template_messages(
    path: Path, shown: str, problems: list[Diagnostic]
) -> Iterator[tuple[int, str, str | tuple[str, str], list[str]]]:
    try:
        source = path.read_bytes()
        found = list(babel_extract(io.BytesIO(source), list(KEYWORDS), list(COMMENT_TAGS), dict(_JINJA_OPTIONS)))
    except TemplateSyntaxError as exc:
        message = f"template syntax error: {exc.message}; its messages cannot be extracted"
        problems.append(Diagnostic(message, "template.syntax", SourceSpan(shown, exc.lineno or 0)))
        return
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Diagnostic(f"cannot be read: {exc}", "template.unreadable", SourceSpan(shown)))
        return
    for line, func, strings, comments in found:
        msgid = _msgid(func, strings)
        if msgid is None:
            problems.append(Diagnostic(_dynamic_message(func), "i18n.not-a-literal", SourceSpan(shown, line)))
            continue
        yield line, func, msgid, list(comments)


def _msgid(func: str, strings: object) -> str | tuple[str, str] | None:
    """The msgid of one call, or None if its message arguments are not all non-empty literals."""
    args = strings if isinstance(strings, tuple) else (strings,)
    if func in ("gendered", "gendered_all"):
        args = args[1:]  # the first argument is who the message is about
    count = KEYWORDS[func]
    texts = args[:count]
    if len(texts) < count or not all(isinstance(t, str) and t for t in texts):
        return None
    if count == 2:
        return (str(texts[0]), str(texts[1]))
    return str(texts[0])


def _dynamic_message(func: str) -> str:
    what = "its first two arguments" if KEYWORDS[func] == 2 else "its first argument"
    return (
        f"{func}() needs {what} to be a plain, non-empty string literal, or the text can never be "
        f'translated; pass values as named placeholders: {func}("Dear %(name)s", name=...)'
    )


_WORD = re.compile(r"[^\W\d_]{2,}")
"""Two letters in a row: the start of a word (Markdown's own marks are not letters)."""


def literal_text(letters: Path) -> list[Diagnostic]:
    """Words typed into a template outside `_()`: they would reach every language untranslated.

    Each is reported at its template and line. Text inside `{{ }}`, `{% %}` and `{# #}` is code or a
    comment; everything between is the letter's own text, and may hold only Markdown and punctuation.
    """
    problems = []
    environment = Environment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    for path in template_files(letters):
        shown = f"{letters.name}/{path.name}"
        try:
            tokens = list(environment.lex(path.read_text(encoding="utf-8")))
        except (TemplateSyntaxError, OSError, UnicodeDecodeError):
            continue  # reported by extract_messages
        for line, kind, value in tokens:
            if kind != "data":
                continue
            for offset, text in enumerate(value.split("\n")):
                word = _WORD.search(text)
                if word:
                    message = (
                        f"the words '{text.strip()[:40]}' are outside _(): no language would translate them; "
                        'wrap the sentence in _("...")'
                    )
                    problems.append(Diagnostic(message, "i18n.literal-text", SourceSpan(shown, line + offset)))
    return problems
