"""Writers: one document model, four output formats (`pdf`, `docx`, `html`, `text`).

`get_writer(name)` returns a writer object with `write(document) -> bytes` (bytes, so the caller
writes the file atomically) and `warm_up()`. Writers are created once per process and asset
folder set, and reused: the PDF writer keeps its parsed stylesheets and loaded fonts, the DOCX
writer its styled base document. Heavy libraries (WeasyPrint, python-docx) are imported only when
their writer is first requested.

A registry in the manner of Sphinx's: names map to "module:Class" paths, and registering a name
twice is refused with the name of whoever registered it first.
"""

from __future__ import annotations

import atexit
import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from campaign.document.nodes import Document


class Writer(Protocol):
    """What every writer provides."""

    name: str
    extension: str
    """File name extension, without the dot."""
    media_type: str

    def write(self, document: Document) -> bytes:
        """The whole file for `document`; raises `campaign.errors.RenderError` on failure."""
        ...

    def warm_up(self) -> None:
        """Do the per-process preparation (fonts, stylesheets, templates) ahead of the first document."""
        ...


class DuplicateWriterError(ValueError):
    """A writer name was registered twice."""


_REGISTRY: dict[str, str] = {}
_INSTANCES: dict[tuple[str, tuple[Path, ...]], Writer] = {}

# Drop the writers while the interpreter is still whole: WeasyPrint's FontConfiguration.__del__
# calls into modules that are already torn down at exit and prints a traceback after our output.
atexit.register(_INSTANCES.clear)


def register_writer(name: str, target: str) -> None:
    """Register `target` ("package.module:ClassName") under `name`; a name can be registered once.

    The class is imported only when the writer is first requested, then constructed with the
    keyword argument `asset_dirs: Sequence[Path]` (the campaign's image folders).
    """
    if name in _REGISTRY:
        raise DuplicateWriterError(f"writer {name!r} is already registered by {_REGISTRY[name]}; refusing {target}")
    _REGISTRY[name] = target


def writer_names() -> tuple[str, ...]:
    """The registered writer names, sorted."""
    return tuple(sorted(_REGISTRY))


def get_writer(name: str, asset_dirs: Iterable[Path] = ()) -> Writer:
    """The process-wide writer `name` for a campaign whose images live in `asset_dirs`.

    Raises KeyError (with the known names) for an unknown writer.
    """
    if name not in _REGISTRY:
        raise KeyError(f"unknown writer {name!r}; known: {', '.join(writer_names())}")
    dirs = tuple(Path(folder).resolve() for folder in asset_dirs)
    key = (name, dirs)
    if key not in _INSTANCES:
        module_name, class_name = _REGISTRY[name].split(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        _INSTANCES[key] = cls(asset_dirs=dirs)
    return _INSTANCES[key]


register_writer("text", "campaign.writers.text:TextWriter")
register_writer("html", "campaign.writers.html:HtmlWriter")
register_writer("pdf", "campaign.writers.pdf:PdfWriter")
register_writer("docx", "campaign.writers.docx:DocxWriter")

__all__ = ["DuplicateWriterError", "Writer", "get_writer", "register_writer", "writer_names"]
