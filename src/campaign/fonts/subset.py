"""Make the bundled PDF fonts: DejaVu Serif cut to a fixed, documented character set.

    python -m campaign.fonts.subset [--check]

Why: the set of characters a letter may use is a decision, written down here, not whatever the
full font or the machine's fonts happen to have: a character outside it fails the PDF with a
message naming it (`campaign.writers.pdf`). The set is FIXED, never derived from a campaign's
text, so the font files (and the PDFs made with them) do not change when the letters do:
incremental builds and byte-for-byte reproducible output keep working. WeasyPrint still cuts
these fonts per document; a smaller set makes that cheaper where HarfBuzz's subsetter is missing
(bench/README.md has the figures).

What the set covers (`CHARACTER_SET`; characters DejaVu Serif itself lacks are left out):
- Basic Latin, Latin-1 Supplement (incl. no-break space U+00A0, soft hyphen U+00AD, §, «»),
  Latin Extended-A, Extended-B and Extended Additional (Vietnamese, Welsh; and the accented
  letters of the pseudo-locale, campaign.i18n.pseudo), IPA Extensions (ɱ, also pseudo-locale),
  spacing modifier letters (ʼ U+02BC) and combining diacritical marks (Russian stress accents,
  decomposed letters);
- Cyrillic and Cyrillic Supplement, which include every Kazakh letter (Ә Ғ Қ Ң Ө Ұ Ү Һ І in
  both cases);
- General Punctuation (dashes, quotes ‘’ “” „ ‚, …, •, narrow and thin spaces, non-breaking
  hyphen, word joiner, ⁅ ⁆), currency symbols (€, ₸ tenge, ₽ rouble), №, ™, arrows ← ↑ → ↓
  and the math signs − ≈ ≠ ≤ ≥.

Everything else (Greek, CJK, emoji...) is not in the fonts: a document that uses it fails with
an error naming the character, instead of printing a box or a glyph from another font.

Each face keeps every OpenType feature (kerning, ligatures, localised forms) for the glyphs it
keeps, so text is shaped exactly as with the full font; hinting is dropped, as WeasyPrint drops
it from embedded fonts anyway. The family is renamed "Campaign Serif" (the Bitstream Vera
licence asks modified fonts not to be called Bitstream or Vera; DejaVu keeps its credit in the
copyright and licence names, which are kept), so the machine's own DejaVu Serif can never be
mistaken for ours. Output is deterministic: same sources and fontTools version, same bytes.

`--check` regenerates in memory and exits 1 if a committed file differs.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS_DIR = Path(__file__).resolve().parent

FAMILY = "Campaign Serif"
"""The family name inside the subset fonts (the CSS family in fonts.css is the same)."""

SET_VERSION = "2"
"""Bump when CHARACTER_SET changes; it is written in each font's version and unique-id names."""

CHARACTER_RANGES: tuple[tuple[str, int, int], ...] = (
    ("Basic Latin", 0x0020, 0x007E),
    ("Latin-1 Supplement", 0x00A0, 0x00FF),
    ("Latin Extended-A", 0x0100, 0x017F),
    ("Latin Extended-B", 0x0180, 0x024F),
    ("IPA Extensions", 0x0250, 0x02AF),
    ("Spacing Modifier Letters", 0x02B0, 0x02FF),
    ("Combining Diacritical Marks", 0x0300, 0x036F),
    ("Cyrillic", 0x0400, 0x04FF),
    ("Cyrillic Supplement", 0x0500, 0x052F),
    ("Latin Extended Additional", 0x1E00, 0x1EFF),
    ("General Punctuation", 0x2000, 0x206F),
    ("Currency Symbols", 0x20A0, 0x20CF),
)
"""Whole Unicode blocks in the set (inclusive ranges)."""

CHARACTER_SINGLES: tuple[tuple[str, int], ...] = (
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


def character_set() -> frozenset[int]:
    """Every code point the subset asks for (the fonts hold those DejaVu Serif has)."""
    points = {point for _, first, last in CHARACTER_RANGES for point in range(first, last + 1)}
    points.update(point for _, point in CHARACTER_SINGLES)
    return frozenset(points)


CHARACTER_SET = character_set()


@dataclass(frozen=True)
class Face:
    """One style of the family: the full source font and the subset made from it."""

    source: str
    """File name of the full DejaVu Serif face in this folder."""
    target: str
    """File name of the subset written next to it (named in campaign/assets/fonts.css)."""
    style: str
    """Subfamily name written in the subset (Regular, Bold, Italic, Bold Italic)."""


FACES = (
    Face("DejaVuSerif.ttf", "CampaignSerif-Regular.ttf", "Regular"),
    Face("DejaVuSerif-Bold.ttf", "CampaignSerif-Bold.ttf", "Bold"),
    Face("DejaVuSerif-Italic.ttf", "CampaignSerif-Italic.ttf", "Italic"),
    Face("DejaVuSerif-BoldItalic.ttf", "CampaignSerif-BoldItalic.ttf", "Bold Italic"),
)


def subset_options() -> subset.Options:
    """fontTools options: all layout features, no hinting, all names, stable timestamps."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = False
    options.legacy_kern = True  # keep the old 'kern' table too: shaping must not depend on GPOS alone
    options.recalc_timestamp = False
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's build timestamps
    return options


def rename(font: TTFont, style: str, source_version: str) -> None:
    """Give the subset its own family name; keep copyright, licence and credits."""
    name_table = font["name"]
    postscript = f"{FAMILY.replace(' ', '')}-{style.replace(' ', '')}"
    names = {
        1: FAMILY,
        2: style,
        3: f"{postscript};subset {SET_VERSION} of DejaVu Serif {source_version}",
        4: f"{FAMILY} {style}" if style != "Regular" else FAMILY,
        5: f"{source_version}; subset {SET_VERSION} for campaign",
        6: postscript,
    }
    for record in list(name_table.names):
        if record.nameID in (16, 17):  # typographic family/subfamily: would still say DejaVu
            name_table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        name_table.removeNames(nameID=name_id)
        name_table.setName(value, name_id, 3, 1, 0x409)
        name_table.setName(value, name_id, 1, 0, 0)


def make_subset(source: Path, style: str, characters: Iterable[int] = CHARACTER_SET) -> bytes:
    """The bytes of the subset of `source` for `characters` (deterministic)."""
    font = TTFont(source, recalcBBoxes=False, recalcTimestamp=False)
    version = font["name"].getDebugName(5) or "unknown version"
    wanted = sorted(set(characters) & set(font.getBestCmap()))
    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    rename(font, style, version.removeprefix("Version ").strip())
    output = io.BytesIO()
    font.save(output, reorderTables=True)
    return output.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the four subset faces; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m campaign.fonts.subset", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed subset is out of date")
    parser.add_argument("--folder", type=Path, default=FONTS_DIR, help="where the sources are and subsets go")
    args = parser.parse_args(argv)
    stale = []
    for face in FACES:
        data = make_subset(args.folder / face.source, face.style)
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
