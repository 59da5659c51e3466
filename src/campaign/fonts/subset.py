"""Make the bundled PDF fonts: Noto families cut to fixed, documented character sets.

    python -m campaign.fonts.subset [--check] [--family NAME]

Why: the set of characters a letter may use is a decision, written down here, not whatever the
full fonts or the machine's fonts happen to have: a character outside it fails the PDF with a
message naming it (`campaign.writers.pdf`), and `campaign validate` says so first
(`campaign.fonts.coverage`). The sets are FIXED, never derived from a campaign's text, so the
font files (and the PDFs made with them) do not change when the letters do: incremental builds
and byte-for-byte reproducible output keep working on any machine. WeasyPrint still cuts these
fonts per document, with HarfBuzz.

Why shipped cuts and not the distribution's Noto packages found by path: the same bytes whatever
the machine (Debian's fonts-noto-core and fonts-noto-cjk change between releases and are not on
every system), a smaller install (these files are 9.7 MB, 8.7 of them CJK; the two packages
install 133 MB), and small PDFs. WeasyPrint keeps each embedded font's glyph numbering (HarfBuzz's retain-gids), which
in a CFF font costs a few bytes for every glyph number below the highest one a document uses: a
three-character Chinese name embedded some 90 KB from Noto Serif CJK (65,535 glyphs), and still
66 KB from our 20,000-glyph cut. So the CJK cut is converted to TrueType outlines (`to_truetype`,
curves within 1/1000 em), where an unused glyph costs nothing: the same name embeds 3 KB.

The sources are Debian bookworm's packages (`fonts-noto-core` 20201225, `fonts-noto-cjk`
20220127; `setup.sh --test` installs them, as the tests compare the cuts with them):

- Campaign Serif (Noto Serif 2.004: regular, bold, italic, bold italic): Latin (Basic, Latin-1,
  Extended-A, -B, Additional, IPA, spacing modifiers, combining marks), Greek (monotonic and
  polytonic), Cyrillic and Cyrillic Supplement (every Kazakh letter), General Punctuation,
  currency symbols and the signs listed in `SERIF_SINGLES`;
- Campaign Naskh Arabic (Noto Naskh Arabic 2.004: regular, bold): Arabic, Arabic Supplement,
  Extended-A and the presentation forms, which cover Arabic, Persian and Urdu;
- Campaign Serif Hebrew, Armenian, Georgian (Noto Serif Hebrew 2.000, Armenian 2.005, Georgian
  2.001: regular, bold): their blocks;
- Campaign Serif CJK (Noto Serif CJK SC 2.001, regular only): the characters of the national
  standard sets GB 2312 (simplified Chinese, 6,763 hanzi), Big5 (traditional, 13,053), JIS X
  0208 (Japanese, 6,355 kanji and the kana) and KS X 1001 (Korean, 2,350 Hangul syllables and
  4,888 hanja), taken from Python's codecs, with CJK punctuation and full-width forms: 20,237
  characters, in TrueType outlines (8.7 MB). Mainland (SC) glyph forms throughout: the regional
  forms (`locl`) would double the glyphs. No bold face (as much again): bold CJK text is set in
  the regular face. The set is cut in two families, as web fonts slice CJK, so that no file
  reaches 5 MiB (the repository's limit): Campaign Serif CJK holds the first levels of GB 2312,
  Big5 and JIS X 0208 (the ideographs in everyday use), the kana, Hangul and punctuation (4.3 MB);
  Campaign Serif CJK Supplement the other ideographs (4.4 MB), asked for right after it.
- each non-Latin family also keeps the digits, punctuation and spaces it has
  (`SHARED_CHARACTERS`), so a Persian or Chinese document sets them in its own design.

Each face keeps every OpenType feature (kerning, ligatures, Arabic joining forms, mark
positioning) for the glyphs it keeps (the CJK cut keeps none: Chinese, Japanese and Korean need
no shaping), so text is shaped exactly as with the full font; hinting is dropped, as WeasyPrint
drops it from embedded fonts anyway. Output is deterministic: same sources and fontTools
version, same bytes.

`--check` regenerates in memory and exits 1 if a committed file differs (the CJK cut takes
about a minute).
"""

from __future__ import annotations

import argparse
import functools
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from campaign.fonts.families import ARABIC, ARMENIAN, CJK, CJK_SUPPLEMENT, FONTS_DIR, GEORGIAN, HEBREW, SERIF, Family

NOTO_TTF = Path("/usr/share/fonts/truetype/noto")
"""Debian's fonts-noto-core."""
NOTO_OTF = Path("/usr/share/fonts/opentype/noto")
"""Debian's fonts-noto-cjk."""

SET_VERSION = "4"
"""Bump when a character set changes; it is written in each font's version and unique-id names."""

Ranges = tuple[tuple[str, int, int], ...]

SERIF_RANGES: Ranges = (
    ("Basic Latin", 0x0020, 0x007E),
    ("Latin-1 Supplement", 0x00A0, 0x00FF),
    ("Latin Extended-A", 0x0100, 0x017F),
    ("Latin Extended-B", 0x0180, 0x024F),
    ("IPA Extensions", 0x0250, 0x02AF),
    ("Spacing Modifier Letters", 0x02B0, 0x02FF),
    ("Combining Diacritical Marks", 0x0300, 0x036F),
    ("Greek and Coptic", 0x0370, 0x03FF),
    ("Cyrillic", 0x0400, 0x04FF),
    ("Cyrillic Supplement", 0x0500, 0x052F),
    ("Latin Extended Additional", 0x1E00, 0x1EFF),
    ("Greek Extended", 0x1F00, 0x1FFF),
    ("General Punctuation", 0x2000, 0x206F),
    ("Currency Symbols", 0x20A0, 0x20CF),
)
"""Whole Unicode blocks in Campaign Serif (inclusive ranges)."""

SERIF_SINGLES: tuple[tuple[str, int], ...] = (
    ("NUMERO SIGN №", 0x2116),
    ("TRADE MARK SIGN ™", 0x2122),
    ("LEFTWARDS ARROW ←", 0x2190),
    ("UPWARDS ARROW ↑", 0x2191),
    ("RIGHTWARDS ARROW →", 0x2192),
    ("DOWNWARDS ARROW ↓", 0x2193),
    ("MINUS SIGN −", 0x2212),
    ("ALMOST EQUAL TO ≈", 0x2248),
    ("NOT EQUAL TO ≠", 0x2260),
    ("LESS-THAN OR EQUAL TO ≤", 0x2264),
    ("GREATER-THAN OR EQUAL TO ≥", 0x2265),
)
"""Single characters outside those blocks."""

SHARED_RANGES: Ranges = (
    ("ASCII space, digits and punctuation", 0x0020, 0x0040),
    ("ASCII punctuation [ \\ ] ^ _ `", 0x005B, 0x0060),
    ("ASCII punctuation { | } ~", 0x007B, 0x007E),
    ("NO-BREAK SPACE", 0x00A0, 0x00A0),
    ("LEFT-POINTING DOUBLE ANGLE QUOTATION MARK «", 0x00AB, 0x00AB),
    ("RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK »", 0x00BB, 0x00BB),
    ("General Punctuation", 0x2000, 0x206F),
)
"""What every non-Latin family keeps where it has it: the characters all scripts share."""

ARABIC_RANGES: Ranges = (
    ("Arabic", 0x0600, 0x06FF),
    ("Arabic Supplement", 0x0750, 0x077F),
    ("Arabic Extended-A", 0x08A0, 0x08FF),
    ("Arabic Presentation Forms-A", 0xFB50, 0xFDFF),
    ("Arabic Presentation Forms-B", 0xFE70, 0xFEFF),
)
HEBREW_RANGES: Ranges = (("Hebrew", 0x0590, 0x05FF), ("Alphabetic Presentation Forms (Hebrew)", 0xFB1D, 0xFB4F))
ARMENIAN_RANGES: Ranges = (("Armenian", 0x0530, 0x058F), ("Alphabetic Presentation Forms (Armenian)", 0xFB13, 0xFB17))
GEORGIAN_RANGES: Ranges = (
    ("Georgian", 0x10A0, 0x10FF),
    ("Georgian Extended (Mtavruli)", 0x1C90, 0x1CBF),
    ("Georgian Supplement", 0x2D00, 0x2D2F),
)
CJK_WHOLE_RANGES: Ranges = (
    ("CJK Symbols and Punctuation", 0x3000, 0x303F),
    ("Hiragana", 0x3040, 0x309F),
    ("Katakana", 0x30A0, 0x30FF),
    ("Halfwidth and Fullwidth Forms", 0xFF00, 0xFFEF),
)
"""CJK blocks kept whole; the ideographs and Hangul come from the national sets (`cjk_standard_sets`)."""
CJK_IDEOGRAPHS: Ranges = (
    ("CJK Unified Ideographs Extension A", 0x3400, 0x4DBF),
    ("CJK Unified Ideographs", 0x4E00, 0x9FFF),
    ("CJK Compatibility Ideographs", 0xF900, 0xFAFF),
)
"""The ideographs: those outside the national sets' first levels go to the supplement family."""
CJK_BLOCKS: Ranges = (
    ("CJK Radicals", 0x2E80, 0x2FDF),
    ("Bopomofo", 0x3100, 0x312F),
    ("Hangul Compatibility Jamo", 0x3130, 0x318F),
    ("Enclosed CJK Letters and Months, CJK Compatibility", 0x3200, 0x33FF),
    ("CJK Unified Ideographs Extension A", 0x3400, 0x4DBF),
    ("CJK Unified Ideographs", 0x4E00, 0x9FFF),
    ("Hangul Syllables", 0xAC00, 0xD7AF),
    ("CJK Compatibility Ideographs", 0xF900, 0xFAFF),
    ("CJK Compatibility Forms", 0xFE30, 0xFE4F),
)
"""The blocks from which the national sets' characters are taken (their Latin, Greek, Cyrillic
and box-drawing characters are left to the other families)."""


def points(ranges: Ranges) -> set[int]:
    return {point for _, first, last in ranges for point in range(first, last + 1)}


def double_byte_set(codec: str, leads: Iterable[int], trails: Iterable[int]) -> set[int]:
    """Every character a double-byte legacy encoding can encode (decoded by Python's codec)."""
    found = set()
    trail_bytes = list(trails)
    for lead in leads:
        for trail in trail_bytes:
            try:
                char = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(char) == 1:
                found.add(ord(char))
    return found


@functools.cache
def cjk_standard_sets() -> frozenset[int]:
    """GB 2312, Big5, JIS X 0208 and KS X 1001, as Python's codecs define them."""
    euc_rows = range(0xA1, 0xFF)
    found = double_byte_set("gb2312", euc_rows, euc_rows)
    found |= double_byte_set("big5", range(0xA1, 0xFA), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    found |= double_byte_set("euc_jp", euc_rows, euc_rows)
    found |= double_byte_set("euc_kr", euc_rows, euc_rows)
    return frozenset(found)


@functools.cache
def cjk_first_levels() -> frozenset[int]:
    """The ideographs of the national sets' first levels: the characters in everyday use.

    GB 2312 level 1 (3,755 hanzi, rows 16-55), Big5's frequently used hanzi (5,401, A440-C67E)
    and JIS X 0208 level 1 (2,965 kanji, rows 16-47). KS X 1001's hanja have no such level.
    """
    found = double_byte_set("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    found |= double_byte_set("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    found |= double_byte_set("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))
    return frozenset(found)


@functools.cache
def character_set(family_name: str) -> frozenset[int]:
    """Every code point asked of the family (each face holds those its source has)."""
    shared = points(SHARED_RANGES)
    if family_name == SERIF.name:
        return frozenset(points(SERIF_RANGES) | {point for _, point in SERIF_SINGLES})
    if family_name in (CJK.name, CJK_SUPPLEMENT.name):
        every = (cjk_standard_sets() & points(CJK_BLOCKS)) | points(CJK_WHOLE_RANGES) | shared
        rarer = (every & points(CJK_IDEOGRAPHS)) - cjk_first_levels()
        return frozenset(rarer if family_name == CJK_SUPPLEMENT.name else every - rarer)
    ranges = {ARABIC.name: ARABIC_RANGES, HEBREW.name: HEBREW_RANGES}
    ranges |= {ARMENIAN.name: ARMENIAN_RANGES, GEORGIAN.name: GEORGIAN_RANGES}
    return frozenset(points(ranges[family_name]) | shared)


@dataclass(frozen=True)
class Face:
    """One face: the full Noto font it is cut from and the file written in this folder."""

    family: Family
    source: Path
    font_number: int
    """The face's index in a font collection (`.ttc`); 0 for a single font."""
    target: str
    style: str
    """Subfamily name written in the cut (Regular, Bold, Italic, Bold Italic)."""

    @property
    def shaped(self) -> bool:
        """Whether the face keeps its OpenType layout features (all but CJK, see the module doc)."""
        return self.family not in (CJK, CJK_SUPPLEMENT)


def _faces(family: Family, folder: Path, stem: str, styles: tuple[str, ...]) -> tuple[Face, ...]:
    return tuple(
        Face(family, folder / f"{stem}-{style.replace(' ', '')}.ttf", 0, target, style)
        for target, style in zip(family.faces, styles, strict=True)
    )


FACES = (
    *_faces(SERIF, NOTO_TTF, "NotoSerif", ("Regular", "Bold", "Italic", "Bold Italic")),
    *_faces(ARABIC, NOTO_TTF, "NotoNaskhArabic", ("Regular", "Bold")),
    *_faces(HEBREW, NOTO_TTF, "NotoSerifHebrew", ("Regular", "Bold")),
    *_faces(ARMENIAN, NOTO_TTF, "NotoSerifArmenian", ("Regular", "Bold")),
    *_faces(GEORGIAN, NOTO_TTF, "NotoSerifGeorgian", ("Regular", "Bold")),
    Face(CJK, NOTO_OTF / "NotoSerifCJK-Regular.ttc", 2, CJK.faces[0], "Regular"),  # face 2 of the collection: SC
    Face(CJK_SUPPLEMENT, NOTO_OTF / "NotoSerifCJK-Regular.ttc", 2, CJK_SUPPLEMENT.faces[0], "Regular"),
)


def subset_options(face: Face) -> subset.Options:
    """fontTools options: layout features (none for CJK), no hinting, all names, stable timestamps."""
    options = subset.Options()
    options.layout_features = ["*"] if face.shaped else []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    options.drop_tables = [*options.drop_tables, "FFTM", "DSIG"]
    return options


def rename(font: TTFont, family: str, style: str, source: str) -> None:
    """Give the cut its own family name; keep copyright, licence, trademark and credits."""
    name_table = font["name"]
    postscript = f"{family.replace(' ', '')}-{style.replace(' ', '')}"
    names = {
        1: family,
        2: style,
        3: f"{postscript};subset {SET_VERSION} of {source}",
        4: f"{family} {style}" if style != "Regular" else family,
        5: f"{source}; subset {SET_VERSION} for campaign",
        6: postscript,
    }
    for record in list(name_table.names):
        if record.nameID in (16, 17, 18, 21, 22):  # typographic and WWS names: would still say Noto
            name_table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        name_table.removeNames(nameID=name_id)
        name_table.setName(value, name_id, 3, 1, 0x409)
        name_table.setName(value, name_id, 1, 0, 0)


def to_truetype(font: TTFont) -> None:
    """Replace a CFF font's outlines by TrueType (quadratic) ones, within 1 unit per em, in place.

    As fontTools' own otf2ttf recipe: each glyph drawn through cu2qu into a `glyf` glyph, the
    left side bearings recomputed, a version 1.0 `maxp` (filled in on save) and glyph names dropped.
    """
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    metrics = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        glyph.recalcBounds(glyf)
        metrics[name] = (metrics[name][0], getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxSizeOfInstructions = maxp.maxComponentElements = maxp.maxComponentDepth = 0
    font["maxp"] = maxp
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True  # fills in maxp's point and contour counts and the bounding boxes


def make_subset(face: Face, characters: Iterable[int] | None = None) -> bytes:
    """The bytes of the cut of `face` for `characters` (default: its family's set); deterministic."""
    font = TTFont(face.source, fontNumber=face.font_number, recalcBBoxes=False, recalcTimestamp=False)
    full_name = font["name"].getDebugName(4) or face.source.stem
    version = (font["name"].getDebugName(5) or "unknown version").split(";")[0].removeprefix("Version ").strip()
    wanted_set = character_set(face.family.name) if characters is None else set(characters)
    wanted = sorted(set(wanted_set) & set(font.getBestCmap()))
    subsetter = subset.Subsetter(subset_options(face))
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    rename(font, face.family.name, face.style, f"{full_name} {version}")
    if "CFF " in font:
        to_truetype(font)
    output = io.BytesIO()
    font.save(output, reorderTables=True)
    return output.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the cut faces; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m campaign.fonts.subset", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed cut is out of date")
    parser.add_argument("--family", help="only the faces of this family, e.g. 'Campaign Serif'")
    parser.add_argument("--folder", type=Path, default=FONTS_DIR, help="where the cuts go")
    args = parser.parse_args(argv)
    stale = []
    for face in FACES:
        if args.family and face.family.name != args.family:
            continue
        if not face.source.is_file():
            print(f"{face.source}: missing; install Debian's fonts-noto-core and fonts-noto-cjk", file=sys.stderr)
            return 2
        data = make_subset(face)
        target = args.folder / face.target
        if args.check:
            if not target.is_file() or target.read_bytes() != data:
                stale.append(target)
        else:
            target.write_bytes(data)
            print(f"{target}: {len(data)} bytes")
    for target in stale:
        print(f"{target}: out of date; run: python -m campaign.fonts.subset", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
