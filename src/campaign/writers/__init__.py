"""Writers: one document model, four output formats (`pdf`, `docx`, `html`, `text`).

The registry is the single source of what each format is: its file extension and media type,
whether `campaign build` writes it as a file per document (and by default), and whether it is
attached to email. The CLI's `--format`, the build's defaults, the mail builder's content types and
its choice of attachments all read it, so a new format is declared once, here.

`get_writer(name)` returns a writer object with `write(document) -> bytes` (bytes, so the caller
writes the file atomically) and `warm_up()`. Writers are created once per process and asset
folder set, and reused: the PDF writer keeps its parsed stylesheets and loaded fonts, the DOCX
writer its styled base document. Heavy libraries (WeasyPrint, python-docx) are imported only when
their writer is first requested.

Registering a name twice is refused with the name of whoever registered it first (as Sphinx does).
"""

from __future__ import annotations

import atexit
import enum
import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from campaign.document.nodes import Document


class Writer(Protocol):
    """What every writer provides."""

    def write(self, document: Document) -> bytes:
        """The whole file for `document`; raises `campaign.errors.RenderError` on failure."""
        ...

    def warm_up(self) -> None:
        """Do the per-process preparation (fonts, stylesheets, templates) ahead of the first document."""
        ...


class Attach(enum.Enum):
    """Whether a format's files go out as email attachments."""

    ALWAYS = "always"
    """Every email carries the recipient's files in this format (PDF: what an official can open)."""
    ON_REQUEST = "on-request"
    """Only when campaign.yaml asks (`email: {attach_docx: true}`), e.g. an editable DOCX."""
    NEVER = "never"
    """Not a document file (the HTML and text bodies of the email itself)."""


@dataclass(frozen=True)
class Format:
    """One output format, as the rest of the program knows it."""

    name: str
    target: str
    """`package.module:ClassName` of the writer, imported when the format is first used."""
    extension: str
    """File name extension, without the dot."""
    media_type: str
    built: bool
    """`campaign build` writes one file per document in this format (it is a `--format` choice)."""
    attach: Attach


class DuplicateWriterError(ValueError):
    """A writer name was registered twice."""


_REGISTRY: dict[str, Format] = {}
_INSTANCES: dict[tuple[str, tuple[Path, ...]], Writer] = {}

# Drop the writers while the interpreter is still whole: WeasyPrint's FontConfiguration.__del__
# calls into modules that are already torn down at exit and prints a traceback after our output.
atexit.register(_INSTANCES.clear)


def register_writer(spec: Format) -> None:
    """Register a format; a name can be registered once.

    The writer class is imported only when the writer is first requested, then constructed with
    the keyword argument `asset_dirs: Sequence[Path]` (the campaign's image folders).
    """
    if spec.name in _REGISTRY:
        first = _REGISTRY[spec.name].target
        raise DuplicateWriterError(f"writer {spec.name!r} is already registered by {first}; refusing {spec.target}")
    _REGISTRY[spec.name] = spec


def writer_names() -> tuple[str, ...]:
    """The registered writer names, sorted."""
    return tuple(sorted(_REGISTRY))


def output_format(name: str) -> Format:
    """The registered format `name`; KeyError (with the known names) for an unknown one."""
    if name not in _REGISTRY:
        raise KeyError(f"unknown writer {name!r}; known: {', '.join(writer_names())}")
    return _REGISTRY[name]


def built_formats() -> tuple[str, ...]:
    """The formats `campaign build` writes (and offers to `--format`), in registration order."""
    return tuple(name for name, spec in _REGISTRY.items() if spec.built)


def attached_formats(*, on_request: bool) -> tuple[str, ...]:
    """The formats attached to email: those always attached, and with `on_request` the optional ones."""
    wanted = {Attach.ALWAYS, Attach.ON_REQUEST} if on_request else {Attach.ALWAYS}
    return tuple(name for name, spec in _REGISTRY.items() if spec.attach in wanted)


@dataclass(frozen=True)
class PrintPage:
    """What the PDF writer gives WeasyPrint for one document, for anyone who lays it out themselves
    (the benchmarks' naive baseline): the HTML, the stylesheet files, and the base URL they use."""

    html: str
    stylesheets: tuple[Path, ...]
    base_url: str


def print_page(document: Document, asset_dirs: Iterable[Path] = ()) -> PrintPage:
    """The HTML and stylesheets the PDF writer lays out for `document` (see `PrintPage`)."""
    writer: Any = get_writer("pdf", asset_dirs)
    page: PrintPage = writer.print_page(document)
    return page


def get_writer(name: str, asset_dirs: Iterable[Path] = ()) -> Writer:
    """The process-wide writer `name` for a campaign whose images live in `asset_dirs`.

    Raises KeyError (with the known names) for an unknown writer.
    """
    spec = output_format(name)
    dirs = tuple(Path(folder).resolve() for folder in asset_dirs)
    key = (name, dirs)
    if key not in _INSTANCES:
        module_name, class_name = spec.target.split(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        _INSTANCES[key] = cls(asset_dirs=dirs)
    return _INSTANCES[key]


register_writer(
    Format("pdf", "campaign.writers.pdf:PdfWriter", "pdf", "application/pdf", built=True, attach=Attach.ALWAYS)
)
register_writer(
    Format(
        "docx",
        "campaign.writers.docx:DocxWriter",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        built=True,
        attach=Attach.ON_REQUEST,
    )
)
register_writer(
    Format(
        "html", "campaign.writers.html:HtmlWriter", "html", "text/html; charset=utf-8", built=False, attach=Attach.NEVER
    )
)
register_writer(
    Format(
        "text", "campaign.writers.text:TextWriter", "txt", "text/plain; charset=utf-8", built=False, attach=Attach.NEVER
    )
)

__all__ = [
    "Attach",
    "DuplicateWriterError",
    "Format",
    "PrintPage",
    "Writer",
    "attached_formats",
    "built_formats",
    "get_writer",
    "output_format",
    "print_page",
    "register_writer",
    "writer_names",
]
