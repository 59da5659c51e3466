"""The writer registry: names, reuse, duplicate refusal, lazy heavy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from campaign.writers import (
    Attach,
    DuplicateWriterError,
    Format,
    attached_formats,
    built_formats,
    get_writer,
    output_format,
    register_writer,
    writer_names,
)
from tests.writers.writers_support import letter


def test_the_four_writers_are_registered() -> None:
    assert writer_names() == ("docx", "html", "pdf", "text")
    for name in writer_names():
        data = get_writer(name).write(letter())
        assert isinstance(data, bytes) and data


def test_the_registry_says_what_is_built_and_attached() -> None:
    assert built_formats() == ("pdf", "docx")
    assert attached_formats(on_request=False) == ("pdf",)
    assert attached_formats(on_request=True) == ("pdf", "docx")
    assert output_format("docx").media_type.endswith("wordprocessingml.document")
    assert output_format("text").extension == "txt"


def test_a_writer_is_created_once_per_asset_folders(tmp_path: Path) -> None:
    assert get_writer("pdf") is get_writer("pdf")
    assert get_writer("pdf", asset_dirs=[tmp_path]) is not get_writer("pdf")


def test_registering_a_name_twice_is_refused_naming_the_first() -> None:
    with pytest.raises(DuplicateWriterError, match="campaign.writers.pdf:PdfWriter"):
        register_writer(
            Format("pdf", "somewhere.else:Writer", "pdf", "application/pdf", built=True, attach=Attach.NEVER)
        )


def test_unknown_writer_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="docx, html, pdf, text"):
        get_writer("odt")


def test_importing_the_registry_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, campaign.writers, campaign.writers.text, campaign.writers.html\n"
        "print(sorted(m for m in ('weasyprint', 'docx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def node_classes_in(node: object) -> set[type]:
    """Every node class in a tree (walking dataclass fields and tuples)."""
    import dataclasses

    found = set()
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        found.add(type(node))
        for item in dataclasses.fields(node):
            found |= node_classes_in(getattr(node, item.name))
    elif isinstance(node, tuple):
        for item in node:
            found |= node_classes_in(item)
    return found


def test_the_sample_letter_uses_every_node_class() -> None:
    """So test_the_four_writers_are_registered has each writer render each node type."""
    from campaign.document.visitor import concrete_node_classes

    assert set(concrete_node_classes()) <= node_classes_in(letter().children)
