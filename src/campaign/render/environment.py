"""The Jinja environment letters run in: a sandbox that treats templates and data as untrusted.

- `ImmutableSandboxedEnvironment`: no attribute escapes, no mutation of the case data.
- Autoescaping forced on, with a `finalize` that escapes every printed value for HTML *and*
  Markdown, so a case field such as `<b>`, `[x](file:///etc/passwd)` or `# title` stays text.
- `StrictUndefined`: a misspelt field is an error, never an empty string in a letter.
- `**` and `*` are intercepted: `7**99999999` or `'x' * 10**9` would otherwise hang or exhaust
  memory (and `**` is even folded at compile time); `lipsum` and the other unneeded globals go.
- Templates load only from `letters/`, by names the code chooses; symlinks are refused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

MAX_POWER_EXPONENT = 64
MAX_REPEAT = 10_000

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:])")
_SPACES = re.compile(r"\s*\n\s*")

FOOTNOTE_OPEN = "\ue000"
FOOTNOTE_CLOSE = "\ue001"
"""Private-use characters framing a footnote number; the text policy forbids them in data,
so only `cite()` can produce a footnote reference."""


def escape_text(value: object) -> Markup:
    """Escape a value for HTML and Markdown; newlines inside data become spaces."""
    if isinstance(value, Markup):
        return value
    text = _SPACES.sub(" ", str(value))
    return Markup(escape(_MD_SPECIAL.sub(r"\\\1", text)))


class _SafeLoader(FileSystemLoader):
    """Loads templates from one folder only, refusing symlinks that could lead out of it."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), followlinks=False)
        self.folder = folder.resolve()

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder / template
        if ".." in Path(template).parts or os.path.isabs(template):
            raise TemplateNotFound(template)
        for part in [path, *path.parents]:
            if part == self.folder:
                break
            if part.is_symlink():
                raise TemplateNotFound(f"{template} (symlinks are not followed in letters/)")
        if not path.resolve().is_relative_to(self.folder):
            raise TemplateNotFound(template)
        return super().get_source(environment, template)


class LetterEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with bounded arithmetic; see the module docstring."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > MAX_POWER_EXPONENT:
                raise SecurityError(f"exponent {right} is too large for a letter template")
            return left**right
        if operator == "*":
            for count, other in ((left, right), (right, left)):
                if isinstance(other, (str, list, tuple)) and isinstance(count, int) and count > MAX_REPEAT:
                    raise SecurityError(f"repeating a value {count} times is too much for a letter template")
            return left * right
        return super().call_binop(context, operator, left, right)


def make_environment(letters: Path) -> LetterEnvironment:
    """A fresh sandboxed environment reading templates from `letters`."""
    env = LetterEnvironment(
        loader=_SafeLoader(letters),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=escape_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    for name in ("lipsum", "cycler", "joiner", "dict"):
        env.globals.pop(name, None)
    return env
