"""Acceptance: the DOCX and the PDF of the same document carry the same text, in the same order."""

from __future__ import annotations

import re

import pytest

from campaign.document import nodes as n
from campaign.document.nodes import Document
from campaign.writers import get_writer
from tests.writers.writers_support import brief, docx_text, letter, pdf_body_text, squash


@pytest.mark.parametrize("make", [letter, brief], ids=["letter", "brief"])
def test_docx_text_equals_pdf_text(make: type[Document]) -> None:
    document = make()
    pdf = get_writer("pdf").write(document)
    docx = get_writer("docx").write(document)
    tables = [block for block in document.children if isinstance(block, n.Table)]
    headers = tuple("".join(n.plain_text(cell) for cell in table.header) for table in tables)
    pdf_text = squash(pdf_body_text(pdf, document.meta.page_label, repeated=headers))
    docx_text_ = squash(docx_text(docx))
    assert pdf_text == docx_text_
    # and the text is really there (not two empty strings): facts from every kind of block
    for fact in ("ӘҒҚҢӨҰҮҺІ", "әғқңөұүһі", "2годаи2месяца", "•СудьяҒалым", "3.Third", "02.09.2021", "1.Постановление"):
        assert fact in pdf_text


def test_plain_text_has_the_same_words() -> None:
    """The email's plain text says what the documents say; only numbers' punctuation and link
    targets (written out as <url> in plain text) differ."""
    document = letter()
    text = get_writer("text").write(document).decode().replace(" <https://example.org/mamay?x=1&y=2>", "")
    words = re.compile(r"[^\W\d_]+")
    assert words.findall(text) == words.findall(docx_text(get_writer("docx").write(document)))
    assert "[1]" in text and "[2] European Parliament" in text
