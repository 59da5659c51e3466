"""The bundled PDF fonts: Noto families cut to fixed character sets (campaign.fonts.subset).

Checked by reading back: the text of PDFs (pypdf), the fonts embedded in them and the font files
(fontTools), and page images (pdftoppm, installed by setup.sh with poppler-utils). The cuts are
compared with the Noto fonts they come from, Debian's fonts-noto-core and fonts-noto-cjk
(installed by `setup.sh --test`).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fontTools.pens.boundsPen import BoundsPen  # type: ignore[import-untyped]
from fontTools.pens.recordingPen import DecomposingRecordingPen  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

import campaign.writers.pdf as pdf_module
from campaign.document.nodes import Document, Emphasis, Paragraph, Strong, Subject, Text
from campaign.document.scripts import scripts_of
from campaign.errors import RenderError
from campaign.fonts.coverage import printable, uncovered
from campaign.fonts.families import CJK, CJK_SUPPLEMENT, FAMILIES, FONTS_DIR, SERIF, font_stack, language_script
from campaign.fonts.subset import FACES, SET_VERSION, character_set, make_subset
from campaign.writers import get_writer
from campaign.writers.pdf import PdfWriter
from tests.writers.writers_support import (
    KAZAKH_LOWER,
    KAZAKH_UPPER,
    brief,
    letter,
    meta,
    pdf_page_texts,
    pdf_reader,
)

LINES = (
    f"{KAZAKH_UPPER} {KAZAKH_LOWER}",
    "Қазақстан Республикасы: Жанболат Мамай ісі бойынша өтініш",
    "Приговор от 2 сентября 2021 года, ст. 405 УК РК — отменить.",
    "Ёлка, подъезд, щётка, ЭЮЯ эюя",
    "Crème brûlée à Ærøskøbing, Łódź, Dvořák, Şanlıurfa, Ōsaka, Straße",
    "Office affiliation «Көше» „Zitat“ ‘single’ … № 7 § 3 € 5 ₸ 100",
)
"""Each a paragraph of its own; 'ffi' checks that a ligature glyph reads back as its letters."""


SCRIPT_SAMPLES = {
    "Campaign Serif": "Ελλάδα, ὁ λόγος; Жанболат Мамай; Łódź",
    "Campaign Naskh Arabic": "توماج صالحی، پژوهش گچ؛ علاء عبد الفتاح؛ پاکستان ٹ ڈ ڑ ں ہ ے",
    "Campaign Serif Hebrew": "עברית",
    "Campaign Serif Armenian": "Հայաստան",
    "Campaign Serif Georgian": "საქართველო",
    "Campaign Serif CJK": "黎智英 李家超 黃之鋒 周庭 ひらがな カタカナ 한국어",
    "Campaign Serif CJK Supplement": "丌亓",
}
"""Text in each family's scripts: Persian and Urdu letters in the Arabic one, simplified and
traditional Chinese, kana and Hangul in the CJK one, two rarer (GB 2312 level 2) hanzi in its supplement."""


def text_document(*lines: str, language: str = "kk") -> Document:
    blocks = tuple(Paragraph((Text(line),)) for line in lines)
    return Document(meta(language=language, scripts=scripts_of(blocks)), blocks)


def font_programs(data: bytes) -> dict[str, bytes]:
    """The font programs embedded in a PDF by font name (each once, whatever number of pages use it)."""
    programs: dict[str, bytes] = {}
    for page in pdf_reader(data).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            programs[descriptor["/FontName"]] = descriptor["/FontFile2"].get_object().get_data()
    return programs


def embedded_fonts(data: bytes) -> list[TTFont]:
    """The font programs embedded in a PDF, parsed."""
    return [TTFont(io.BytesIO(program)) for program in font_programs(data).values()]


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
        assert f"subset {SET_VERSION} of Noto Serif" in (names.getDebugName(3) or "")
    styles = {font["name"].getDebugName(2) for font in fonts}
    assert styles == {"Regular", "Bold", "Italic", "Bold Italic"}


@pytest.mark.parametrize(
    ("char", "message"),
    [
        # Noto fonts of the machine (fonts-noto-core, fonts-noto-cjk, installed by setup.sh --test)
        # have these: Pango would use them silently
        ("ก", r'the bundled fonts have no "ก" \(U\+0E01\); it would print in the machine\'s font "Noto S'),
        ("堃", r'"堃" \(U\+5803\).*"Noto S[a-z]+ CJK [A-Z]+".*campaign/fonts/subset\.py'),
        # no font on the machine has these: WeasyPrint would print a box
        ("\u0d80", r'no font has the character "\u0d80" \(U\+0D80\); it would print as a box'),
        # DejaVu Sans (fonts-dejavu-core) has this one; either way it is named
        ("\U0001f600", r"U\+1F600"),
    ],
    ids=["thai-system-font", "rare-hanzi-system-font", "unassigned-no-font", "emoji"],
)
def test_a_character_outside_the_sets_fails_naming_it(char: str, message: str) -> None:
    with pytest.raises(RenderError, match=message):
        get_writer("pdf").write(text_document(f"Қазақ {char} мәтін"))


@pytest.mark.parametrize("family", list(SCRIPT_SAMPLES))
def test_each_script_is_set_in_its_own_bundled_family(family: str) -> None:
    data = get_writer("pdf").write(text_document(SCRIPT_SAMPLES[family], "Latin."))
    fonts = {font["name"].getDebugName(1) for font in embedded_fonts(data)}
    assert fonts == {family, "Campaign Serif"}
    text = " ".join(pdf_page_texts(data)[0].split())
    assert SCRIPT_SAMPLES[family].replace(" ", "") in text.replace(" ", "")


def test_validate_and_the_pdf_agree_on_every_character() -> None:
    """What `campaign.fonts.coverage` (asked by validate) accepts prints; what it refuses fails the PDF."""
    for sample in SCRIPT_SAMPLES.values():
        assert uncovered(sample) == []
    for char in ("ก", "堃", "\U0001f600", "\u0d80", "\U00020000"):
        assert uncovered(f"ok {char}") == [char]
        with pytest.raises(RenderError, match=f"U\\+{ord(char):04X}"):
            get_writer("pdf").write(text_document(f"ok {char}"))
    assert printable() == frozenset().union(*(set(TTFont(f.regular).getBestCmap()) for f in FAMILIES))


def test_a_letter_with_three_chinese_names_stays_small() -> None:
    """A one-page English letter naming three people in Chinese (one in the bold subject line)."""
    blocks = (
        Subject((Strong((Text("Re: Jimmy Lai (黎智英)"),)),)),
        *(
            Paragraph(
                (
                    Text(
                        f"Paragraph {n}: we write about Jimmy Lai (黎智英), Joshua Wong (黃之鋒) and Agnes "
                        "Chow (周庭), held in Hong Kong for their journalism and their peaceful activism."
                    ),
                )
            )
            for n in range(8)
        ),
    )
    document = Document(meta(language="en-GB", scripts=scripts_of(blocks)), blocks)
    data = get_writer("pdf").write(document)
    assert len(pdf_reader(data).pages) == 1
    assert {font["name"].getDebugName(1) for font in embedded_fonts(data)} == {"Campaign Serif", "Campaign Serif CJK"}
    assert len(data) < 150_000, len(data)


def test_the_language_puts_its_family_first() -> None:
    assert [f.name for f in font_stack("fa-IR", ("Arab", "Latn"))] == ["Campaign Naskh Arabic", "Campaign Serif"]
    assert [f.name for f in font_stack("en-GB", ("Arab", "Hani", "Latn"))] == [
        "Campaign Serif",
        "Campaign Naskh Arabic",
        "Campaign Serif CJK",
        "Campaign Serif CJK Supplement",
    ]
    assert font_stack("zh-Hant-TW", ())[0] is CJK and font_stack("ja", ())[0] is CJK
    assert font_stack("xx", ()) == (SERIF,)  # the pseudo-locale, unknown to CLDR
    assert [language_script(tag) for tag in ("fa", "ur", "he", "zh-TW", "zh", "ko", "hy", "ka", "en")] == [
        "Arab",
        "Arab",
        "Hebr",
        "Hant",
        "Hans",
        "Kore",
        "Armn",
        "Geor",
        "Latn",
    ]


def test_a_persian_document_sets_its_digits_and_punctuation_in_the_naskh() -> None:
    data = get_writer("pdf").write(text_document("سال 2021: آزادی!", language="fa-IR"))
    programs = {name: TTFont(io.BytesIO(program)) for name, program in font_programs(data).items()}
    assert [font["name"].getDebugName(1) for font in programs.values()] == ["Campaign Naskh Arabic"]


def test_the_fonts_hold_exactly_the_documented_sets_that_noto_has() -> None:
    for face in FACES:
        source = TTFont(face.source, fontNumber=face.font_number, lazy=True)
        subset = set(TTFont(FONTS_DIR / face.target).getBestCmap())
        assert subset == character_set(face.family.name) & set(source.getBestCmap()), face.target
    serif = set(TTFont(SERIF.regular).getBestCmap())
    assert {ord(c) for c in KAZAKH_UPPER + KAZAKH_LOWER + "«»„“‘’…№§€₸\u00a0\u00ad–—αΩ"} <= serif
    assert ord("ا") not in serif and ord("黎") not in serif
    cjk = set(TTFont(CJK.regular).getBestCmap())
    supplement = set(TTFont(CJK_SUPPLEMENT.regular).getBestCmap())
    assert not cjk & supplement and len(cjk | supplement) > 19_000
    # everyday names, kana and Hangul in the first family; a level-2 hanzi of GB 2312 in the supplement
    assert {ord(c) for c in "黎智英李家超黃之鋒周庭あア한국"} <= cjk and ord("丌") in supplement


def test_no_bundled_font_file_reaches_5_mib() -> None:
    """The repository keeps no file of 5 MiB or more: the CJK set is cut in two families for that."""
    sizes = {name: (FONTS_DIR / name).stat().st_size for family in FAMILIES for name in family.faces}
    assert max(sizes.values()) < 5 * 1024 * 1024, sizes


def test_glyphs_and_advances_are_those_of_the_full_fonts() -> None:
    """Outlines drawn point for point, advances equal; the CJK cut, in TrueType outlines, is checked
    in `test_cjk_outlines_are_those_of_noto_within_a_unit`."""
    for face in FACES:
        if face.family in (CJK, CJK_SUPPLEMENT):
            continue
        full, cut = TTFont(face.source), TTFont(FONTS_DIR / face.target)
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


@pytest.mark.parametrize(("family", "sample"), [(CJK, "黎智英李家超黃之鋒周庭あア한국。，"), (CJK_SUPPLEMENT, "丌")])
def test_cjk_outlines_are_those_of_noto_within_a_unit(family: object, sample: str) -> None:
    face = next(face for face in FACES if face.family is family)
    full = TTFont(face.source, fontNumber=face.font_number)
    cut = TTFont(FONTS_DIR / face.target)
    full_cmap, cut_cmap = full.getBestCmap(), cut.getBestCmap()
    full_glyphs, cut_glyphs = full.getGlyphSet(), cut.getGlyphSet()
    for char in sample:
        full_name, cut_name = full_cmap[ord(char)], cut_cmap[ord(char)]
        assert cut["hmtx"][cut_name][0] == full["hmtx"][full_name][0], char
        full_pen, cut_pen = BoundsPen(full_glyphs), BoundsPen(cut_glyphs)
        full_glyphs[full_name].draw(full_pen)
        cut_glyphs[cut_name].draw(cut_pen)
        assert cut_pen.bounds == pytest.approx(full_pen.bounds, abs=2), char


def test_the_subset_is_deterministic(tmp_path: Path) -> None:
    face = FACES[0]
    first = make_subset(face)
    second = make_subset(face)
    assert first == second
    (tmp_path / "again.ttf").write_bytes(first)
    assert TTFont(tmp_path / "again.ttf").getBestCmap().keys() == TTFont(FONTS_DIR / face.target).getBestCmap().keys()


def page_images(data: bytes, folder: Path, name: str) -> list[bytes]:
    (folder / f"{name}.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "120", "-png", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    return [path.read_bytes() for path in sorted(folder.glob(f"{name}-*.png"))]


def test_pages_look_the_same_as_with_the_full_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Latin and Cyrillic brief laid out with the full Noto Serif faces (copied next to a
    stylesheet that names them, in an asset folder the writer may read) gives the same pixels."""
    lines = []
    for face in FACES:
        if face.family is not SERIF:
            continue
        shutil.copy(face.source, tmp_path / face.source.name)
        lines.append(
            f'@font-face {{ font-family: "Campaign Serif"; src: url({(tmp_path / face.source.name).as_uri()}); '
            f"font-weight: {'bold' if 'Bold' in face.style else 'normal'}; "
            f"font-style: {'italic' if 'Italic' in face.style else 'normal'}; }}"
        )
    full_css = tmp_path / "fonts-full.css"
    full_css.write_text("\n".join(lines), "utf-8")
    document = brief(1)
    with_subset = PdfWriter().write(document)
    monkeypatch.setattr(pdf_module, "COMMON_CSS", (str(full_css), *pdf_module.COMMON_CSS[1:]))
    with_full = PdfWriter(asset_dirs=[tmp_path]).write(document)
    assert {f["name"].getDebugName(1) for f in embedded_fonts(with_full)} == {"Noto Serif"}  # really the full fonts
    subset_pages = page_images(with_subset, tmp_path, "subset")
    full_pages = page_images(with_full, tmp_path, "full")
    assert len(subset_pages) == len(full_pages) >= 2
    assert subset_pages == full_pages
