"""`DocxWriter.warm`: the font cuts a language's documents share, made ahead (in the build's parent
process, before the workers fork) under the very keys, and so with the very bytes, a document
would have them made with."""

from __future__ import annotations

import io
import zipfile

import pytest

from campaign.load.campaign import load_campaign
from campaign.render.compose import Rendered, Renderer
from campaign.writers.docx import DocxWriter
from tests.campaign_support import ROOT

LETTERS = [("eu-hrvp", "appeal", "en"), ("ch-fdfa", "appeal", "de"), ("osce-odihr", "appeal", "ru")]
"""Letters of the bundled campaign in Latin and in Cyrillic whose characters are all in the
common signs and their language's alphabets, set in regular and bold faces only."""


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(load_campaign(ROOT, None))


@pytest.mark.parametrize(("recipient", "kind", "lang"), LETTERS)
def test_a_warmed_writer_makes_no_cut_for_a_letter_of_the_language_and_the_same_bytes(
    renderer: Renderer, recipient: str, kind: str, lang: str
) -> None:
    recipients = {r.id: r for r in renderer.loaded.campaign.recipients}
    rendered = renderer.render(recipients[recipient], kind, lang)
    assert isinstance(rendered, Rendered)
    cold = DocxWriter(renderer.asset_dirs)
    expected = cold.write(rendered.document)
    assert cold.fonts.made >= 2  # the letter embeds its regular and bold faces

    warm = DocxWriter(renderer.asset_dirs)
    warm.warm([lang])
    made = warm.fonts.made
    assert made >= 2
    data = warm.write(rendered.document)
    assert warm.fonts.made == made, "the letter needed a cut the warm-up did not make"
    assert data == expected
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        fonts = [name for name in package.namelist() if name.startswith("word/fonts/")]
    assert len(fonts) == cold.fonts.made


def test_warming_a_language_twice_cuts_once() -> None:
    writer = DocxWriter()
    writer.warm(["fr", "en", "fr"])  # French and English share their cuts: one script
    made = writer.fonts.made
    writer.warm(["en"])
    assert writer.fonts.made == made == 2
