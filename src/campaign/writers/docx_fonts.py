"""The bundled fonts embedded in a DOCX, as the OOXML standard says, so that Word (on Windows and
macOS) and LibreOffice set the document in the very fonts of its PDF, installed or not.

What is embedded: for each bundled family the document's text uses (`campaign.fonts.families`),
each face it uses (regular, bold, italic, bold italic: a family without italic sets italic text
in its upright face, as the PDF does), cut with fontTools to

- the characters of the document and its page footer, ASCII and the common punctuation, and
- the letters of the languages usually written in each of its scripts (`SCRIPT_ALPHABETS`), so
  a campaigner can still edit the text; Chinese, Japanese and Korean keep only the characters
  the document has (the two CJK families are 8.7 MB).

A Latin face is some 15 KB in the zip, 21 KB with Cyrillic (the whole face would be 120 KB; the
document's characters alone, 8 KB), and the document declares `w:saveSubsetFonts`: the fonts are
subsets. Every cut keeps fontTools' default OpenType layout features (kerning, ligatures, marks,
Arabic joining; not the small capitals, old-style figures and stylistic sets, which would double
it), so text is shaped as in the PDF. Cutting a face takes fontTools a few hundred milliseconds,
so cuts are kept per face and character set: as a document's characters are nearly always all in
the common signs and the alphabets of its scripts, the documents of one campaign and language
that use the same scripts share one cut per face, made once per worker; only a character beyond
them (a CJK name, a rare letter) makes a cut for the documents that have it. A build makes the
cuts nearly every document of its languages shares once, in the parent process, before the
workers fork (`DocxWriter.warm`): the workers inherit them instead of each making its own.

How, per ECMA-376 Part 1: each font is a part of its own (`word/fonts/fontN.odttf`, content type
`application/vnd.openxmlformats-officedocument.obfuscatedFont`), related from the font table
(17.8.3.3: `w:embedRegular`, `w:embedBold`... with `r:id` and `w:fontKey`), and obfuscated
(17.8.1): its first 32 bytes are XORed with the 16 bytes of the font key GUID, read from the
last hex pair to the first. The key is derived from the font's bytes, so the same document
gives the same bytes. `w:embedTrueTypeFonts` in the settings (made once in the base document)
says the document carries its fonts. Word and LibreOffice both load embedded TrueType fonts
whose embedding permission (OS/2 `fsType`) allows it; the Noto fonts are installable (0).

The fonts keep their bundled names ("Campaign Serif"...), which no installed font has, so an
embedded cut can never stand in for a complete font of the machine (LibreOffice registers
embedded fonts for its whole session); the font table names the Noto family each is cut from
as `w:altName`, for a program that ignores embedded fonts.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from fontTools import subset
from fontTools.ttLib import TTFont

from campaign.fonts.families import ARABIC, CJK, CJK_SUPPLEMENT, HEBREW, Family
from campaign.writers.docx_markup import escape_attribute

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_EXTENSION = "odttf"
FACES = ("Regular", "Bold", "Italic", "BoldItalic")
"""The font table's four embeddings, in schema order (`w:embedRegular`...)."""
MAX_CACHED_CUTS = 48


def _chars(*ranges: tuple[int, int]) -> frozenset[str]:
    return frozenset(chr(code) for first, last in ranges for code in range(first, last + 1))


COMMON = _chars(
    (0x20, 0x7E), (0xA0, 0xBF), (0xD7, 0xD7), (0xF7, 0xF7), (0x2000, 0x203A), (0x2060, 0x2060), (0x2066, 0x2069)
)
"""ASCII, the Latin-1 signs, and the general punctuation: the spaces (thin, hair, no-break...),
the joiners and direction marks, dashes, quotes, bullet, ellipsis, guillemets, the word joiner
and the bidirectional isolates. Any document may hold any of them (a thin space in a number, an
isolate around a right-to-left name): were they cut only where used, documents of one language
that differ by one of them would each pay a cut of their own."""
SCRIPT_ALPHABETS: dict[str, frozenset[str]] = {
    "Latn": _chars((0xC0, 0xFF)) | frozenset("ŒœŠšŽžŸ€"),
    "Cyrl": _chars((0x410, 0x44F)) | frozenset("ЁёЄєІіЇїЎўҐґӘәҒғҚқҢңӨөҰұҮүҺһ№"),
    "Grek": _chars((0x386, 0x38F), (0x391, 0x3CE)),
    "Arab": _chars((0x621, 0x655), (0x660, 0x66D), (0x670, 0x671), (0x6F0, 0x6F9)) | frozenset("،؛؟پچژکگیۀٹڈڑںھہۂۃےۓ۔"),
    "Hebr": _chars((0x591, 0x5F4)),
    "Armn": _chars((0x531, 0x58F)),
    "Geor": _chars((0x10A0, 0x10FF)),
}
"""What a campaigner may type in a document of each script beyond its own characters: the letters
of the Western European languages (Latin-1), of Russian, Ukrainian, Belarusian and Kazakh
(Cyrillic), of modern Greek, of Arabic, Persian and Urdu (with their marks, digits and
punctuation), and the small scripts' whole blocks. A wider set costs every document: Latin
Extended-A adds 3 KB to each face, the whole Cyrillic block 10 KB, the whole Arabic block (the
letters of Sindhi, Pashto, Kurdish... and the Quranic marks) 19 KB to each Arabic face."""
CHARSETS = {ARABIC.name: "B2", HEBREW.name: "B1", CJK.name: "86", CJK_SUPPLEMENT.name: "86"}
"""The font table's `w:charset` (Windows character set) of a family; ANSI (00) for the others."""


@dataclass(frozen=True)
class EmbeddedFont:
    """One face of one family, cut and obfuscated, ready to be a part of the package."""

    family: Family
    face: str
    """Regular, Bold, Italic or BoldItalic: which `w:embed...` of the font table."""
    key: str
    """The font key GUID, `{8-4-4-4-12 hex digits}` in braces."""
    data: bytes
    """The obfuscated font."""


def face_file(family: Family, bold: bool, italic: bool) -> tuple[str, str]:
    """The face a run sets in (`Regular`...) and its file: the family's nearest one (italic
    text in a family without italic faces is set upright, as in the PDF)."""
    wanted = "BoldItalic" if bold and italic else "Bold" if bold else "Italic" if italic else "Regular"
    for face in (wanted, "Bold" if bold else "Regular", "Regular"):
        for file in family.faces:
            if file.removesuffix(".ttf").rsplit("-", 1)[1] == face:
                return face, file
    return "Regular", family.faces[0]


def font_key(data: bytes) -> str:
    """A GUID for `data`, the same for the same bytes, in the font table's upper-case form."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 Part 1, 17.8.1: the first 32 bytes XORed with the key's 16 bytes, last hex pair first.
    (The same operation undoes it.)"""
    mask = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1] * 2
    head = bytes(byte ^ mask[index] for index, byte in enumerate(data[:32]))
    return head + data[32:]


def characters_for(family: Family, used: Iterable[str], scripts: Iterable[str]) -> frozenset[str]:
    """The characters a family's faces are cut to: those used, and for the alphabetic families
    the common signs and the whole alphabets of the document's scripts that the family sets."""
    characters = {char for char in used if char >= " "}  # not the controls (tab, line feed): no glyph
    if family is not CJK and family is not CJK_SUPPLEMENT:
        characters |= COMMON
        for script in scripts:
            if script in family.scripts and script in SCRIPT_ALPHABETS:
                characters |= SCRIPT_ALPHABETS[script]
    return frozenset(characters)


class FontCutter:
    """Cuts bundled faces to character sets with fontTools, keeping the cuts made."""

    def __init__(self) -> None:
        self._cuts: OrderedDict[tuple[str, frozenset[str]], tuple[bytes, str]] = OrderedDict()
        self.made = 0
        """How many cuts this cutter has made (not found kept): what warming ahead spares a worker."""

    def cut(self, family: Family, file: str, characters: frozenset[str]) -> tuple[bytes, str]:
        """The face `file` of `family` cut to `characters`, obfuscated, and its key."""
        cache_key = (file, characters)
        found = self._cuts.get(cache_key)
        if found is not None:
            self._cuts.move_to_end(cache_key)
            return found
        options = subset.Options()  # its layout features: kerning, ligatures, marks, Arabic joining...
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        options.hinting = False
        font = TTFont(family.regular.parent / file, recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(char) for char in characters])
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
        data = out.getvalue()
        key = font_key(data)
        found = (obfuscate(data, key), key)
        self.made += 1
        self._cuts[cache_key] = found
        if len(self._cuts) > MAX_CACHED_CUTS:
            self._cuts.popitem(last=False)
        return found


def font_entry(family: Family, embeds: list[tuple[str, str, str]]) -> str:
    """`<w:font>` for `family`, with `embeds` as (face, relationship id, font key) in FACES order."""
    charset = CHARSETS.get(family.name, "00")
    kind = "auto" if family is CJK or family is CJK_SUPPLEMENT else "roman"
    elements = "".join(
        f'<w:embed{face} r:id="{escape_attribute(rel_id)}" w:fontKey="{escape_attribute(key)}"/>'
        for face, rel_id, key in embeds
    )
    return (
        f'<w:font w:name="{escape_attribute(family.name)}"><w:altName w:val="{escape_attribute(family.source)}"/>'
        f'<w:charset w:val="{charset}"/><w:family w:val="{kind}"/><w:pitch w:val="variable"/>{elements}</w:font>'
    )
