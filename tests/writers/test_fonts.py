"""The bundled PDF fonts: DejaVu Serif cut to a fixed character set (campaign.fonts.subset).

Checked by reading back: the text of PDFs (pypdf), the fonts embedded in them and the font files
(fontTools), and page images (pdftoppm, installed by setup.sh with poppler-utils).
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

import campaign.writers.pdf as pdf_module
from campaign.document.nodes import Document, Emphasis, Paragraph, Strong, Text
from campaign.errors import RenderError
from campaign.fonts.subset import CHARACTER_SET, FACES, FONTS_DIR, make_subset
from campaign.writers import get_writer
from campaign.writers.pdf import PdfWriter
from tests.writers.writers_support import KAZAKH_LOWER, KAZAKH_UPPER, brief, letter, meta, pdf_page_texts, pdf_reader

LINES = (
    f"{KAZAKH_UPPER} {KAZAKH_LOWER}",
    "Қазақстан Республикасы: Жанболат Мамай ісі бойынша өтініш",
    "Приговор от 2 сентября 2021 года, ст. 405 УК РК — отменить.",
    "Ёлка, подъезд, щётка, ЭЮЯ эюя",
    "Crème brûlée à Ærøskøbing, Łódź, Dvořák, Şanlıurfa, Ōsaka, Straße",
    "Office affiliation «Көше» „Zitat“ ‘single’ … № 7 § 3 € 5 ₸ 100",
)
"""Each a paragraph of its own; 'ffi' checks that a ligature glyph reads back as its letters."""


def text_document(*lines: str) -> Document:
    return Document(meta(), tuple(Paragraph((Text(line),)) for line in lines))


def embedded_fonts(data: bytes) -> list[TTFont]:
    """The font programs embedded in a PDF (each once, whatever number of pages use it), parsed."""
    programs: dict[str, bytes] = {}
    for page in pdf_reader(data).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            programs[descriptor["/FontName"]] = descriptor["/FontFile2"].get_object().get_data()
    return [TTFont(io.BytesIO(program)) for program in programs.values()]


def test_kazakh_russian_and_accented_latin_read_back_exactly() -> None:
    data = get_writer("pdf").write(text_document(*LINES))
    lines = [line.strip() for text in pdf_page_texts(data) for line in text.splitlines() if line.strip()]
    assert lines == list(LINES)


def test_bold_and_italic_faces_read_back_exactly() -> None:
    line = f"{KAZAKH_UPPER}{KAZAKH_LOWER} Жанболат Łódź"
    document = Document(
        meta(),
        (
            Paragraph(
                (
                    Strong((Text(line),)),
                    Text(" "),
                    Emphasis((Text(line),)),
                    Text(" "),
                    Strong((Emphasis((Text(line),)),)),
                )
            ),
        ),
    )
    data = get_writer("pdf").write(document)
    assert " ".join(pdf_page_texts(data)[0].split()) == f"{line} {line} {line}"


def test_the_embedded_fonts_are_the_bundled_subsets() -> None:
    data = get_writer("pdf").write(letter())
    fonts = embedded_fonts(data)
    assert len(fonts) == 4  # regular, bold, italic, bold italic: the letter uses each
    for font in fonts:
        names = font["name"]
        assert names.getDebugName(1) == "Campaign Serif"
        assert "subset 2 of DejaVu Serif" in (names.getDebugName(3) or "")
    styles = {font["name"].getDebugName(2) for font in fonts}
    assert styles == {"Regular", "Bold", "Italic", "Bold Italic"}


@pytest.mark.parametrize(
    ("char", "message"),
    [
        # DejaVu Sans (fonts-dejavu-core, installed by setup.sh) has Greek: Pango would use it silently
        ("α", r'the bundled font has no "α" \(U\+03B1\); it would print in the machine\'s font "DejaVu Sans"'),
        ("Ω", r"U\+03A9.*campaign/fonts/subset\.py"),
        # no font on the machine has these: WeasyPrint would print a box
        ("中", r'no font has the character "中" \(U\+4E2D\)'),
        ("\U0001f600", r"U\+1F600"),
    ],
    ids=["greek-system-font", "greek-capital", "cjk-no-font", "emoji-no-font"],
)
def test_a_character_outside_the_subset_fails_naming_it(char: str, message: str) -> None:
    with pytest.raises(RenderError, match=message):
        get_writer("pdf").write(text_document(f"Қазақ {char} мәтін"))


def test_the_fonts_hold_exactly_the_documented_set_that_dejavu_has() -> None:
    for face in FACES:
        source = set(TTFont(FONTS_DIR / face.source).getBestCmap())
        subset = set(TTFont(FONTS_DIR / face.target).getBestCmap())
        assert subset == CHARACTER_SET & source, face.target
        assert {ord(c) for c in KAZAKH_UPPER + KAZAKH_LOWER + "«»„“‘’…№§€₸\u00a0\u00ad–—"} <= subset
        assert ord("α") not in subset


def test_glyphs_and_advances_are_those_of_the_full_fonts() -> None:
    for face in FACES:
        full, cut = TTFont(FONTS_DIR / face.source), TTFont(FONTS_DIR / face.target)
        full_cmap, cut_cmap = full.getBestCmap(), cut.getBestCmap()
        full_glyphs, cut_glyphs = full.getGlyphSet(), cut.getGlyphSet()
        for point, name in cut_cmap.items():
            expected, got = DecomposingRecordingPen(full_glyphs), DecomposingRecordingPen(cut_glyphs)
            full_glyphs[full_cmap[point]].draw(expected)
            cut_glyphs[name].draw(got)
            assert got.value == expected.value, f"{face.target}: U+{point:04X}"
            assert cut["hmtx"][name] == full["hmtx"][full_cmap[point]], f"{face.target}: U+{point:04X}"
        # rasterisers read these flags: a recalculated value shifted anti-aliasing by a pixel shade
        assert cut["head"].flags == full["head"].flags
        assert cut["head"].unitsPerEm == full["head"].unitsPerEm


def test_the_subset_is_deterministic(tmp_path: Path) -> None:
    face = FACES[0]
    first = make_subset(FONTS_DIR / face.source, face.style)
    second = make_subset(FONTS_DIR / face.source, face.style)
    assert first == second
    (tmp_path / "again.ttf").write_bytes(first)
    assert TTFont(tmp_path / "again.ttf").getBestCmap().keys() == TTFont(FONTS_DIR / face.target).getBestCmap().keys()


def page_images(data: bytes, folder: Path, name: str) -> list[bytes]:
    (folder / f"{name}.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "120", "-png", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    return [path.read_bytes() for path in sorted(folder.glob(f"{name}-*.png"))]


def test_pages_look_the_same_as_with_the_full_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full_css = tmp_path / "fonts-full.css"
    full_css.write_text(
        "\n".join(
            f'@font-face {{ font-family: "Campaign Serif"; src: url({(FONTS_DIR / face.source).as_uri()}); '
            f"font-weight: {'bold' if 'Bold' in face.style else 'normal'}; "
            f"font-style: {'italic' if 'Italic' in face.style else 'normal'}; }}"
            for face in FACES
        ),
        "utf-8",
    )
    document = brief(1)
    with_subset = PdfWriter().write(document)
    monkeypatch.setattr(pdf_module, "COMMON_CSS", (str(full_css), *pdf_module.COMMON_CSS[1:]))
    with_full = PdfWriter().write(document)
    assert {f["name"].getDebugName(1) for f in embedded_fonts(with_full)} == {"DejaVu Serif"}  # really the full fonts
    subset_pages = page_images(with_subset, tmp_path, "subset")
    full_pages = page_images(with_full, tmp_path, "full")
    assert len(subset_pages) == len(full_pages) >= 2
    assert subset_pages == full_pages
