"""The asset jail: which local files a writer may read (fonts, the project's CSS, logos).

Everything a PDF or DOCX embeds comes through `AssetJail.resolve`, so a path or URL from data
(`file:///etc/passwd`, `../../secret.png`, a symlink that points out of `letters/assets`) can
never make a writer read, let alone embed, a file outside the allowed folders.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from campaign.errors import RenderError

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FONTS_DIR = PACKAGE_DIR / "fonts"
"""The bundled font family and its licence."""
CSS_DIR = PACKAGE_DIR / "assets"
"""The project's own stylesheets."""

MEDIA_TYPES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
"""The only kinds of file served; SVG is left out because it can carry its own references."""

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg"})
MAX_IMAGE_PIXELS = 4000 * 4000
"""A logo larger than this is refused before decoding (a 9000x9000 PNG costs ~700 MB)."""


class AssetError(RenderError):
    """A file outside the allowed folders, of a kind not served, or missing, was requested."""


class AssetJail:
    """Resolves paths and `file:` URLs to files inside a fixed set of root folders."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = tuple(dict.fromkeys(Path(root).resolve(strict=True) for root in roots))

    @classmethod
    def for_campaign(cls, asset_dirs: Iterable[Path] = ()) -> AssetJail:
        """The package's fonts and CSS plus the campaign's own asset folders."""
        return cls((FONTS_DIR, CSS_DIR, *(folder for folder in asset_dirs if Path(folder).is_dir())))

    def resolve(self, path: str | Path, *, kinds: frozenset[str] | None = None) -> Path:
        """The real path of an allowed file; relative paths are looked up in each root in turn.

        Raises `AssetError` for anything else; symlinks are followed first, so a link that
        points out of the roots is refused like the path it points to.
        """
        candidate = Path(path)
        tries = [candidate] if candidate.is_absolute() else [root / candidate for root in self.roots]
        for attempt in tries:
            real = attempt.resolve()
            if not any(real.is_relative_to(root) for root in self.roots):
                continue
            suffix = real.suffix.lower()
            if suffix not in MEDIA_TYPES or (kinds is not None and suffix not in kinds):
                raise AssetError(f"asset {str(path)!r}: files of type {suffix or '(none)'!r} are not allowed")
            if real.is_file():
                return real
        raise AssetError(
            f"asset {str(path)!r} is not a file inside the allowed folders "
            f"({', '.join(str(root) for root in self.roots)})"
        )

    def resolve_url(self, url: str) -> Path:
        """The allowed file a `file:` URL names; every other scheme (http, data, ftp...) is refused."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise AssetError(f"only local asset files are allowed, not {url[:200]!r}")
        path = Path(url2pathname(unquote(parts.path)))
        if not path.is_absolute():
            raise AssetError(f"asset URL {url[:200]!r} is not absolute")
        return self.resolve(path)

    def resolve_image(self, path: str) -> Path:
        """An allowed PNG or JPEG whose pixel count is within `MAX_IMAGE_PIXELS`."""
        real = self.resolve(path, kinds=IMAGE_SUFFIXES)
        from PIL import Image  # Pillow comes with WeasyPrint; only needed when there is a logo

        try:
            with Image.open(real) as image:
                width, height = image.size
        except (OSError, Image.DecompressionBombError) as error:
            raise AssetError(f"image {path!r} cannot be read: {error}") from error
        if width * height > MAX_IMAGE_PIXELS:
            raise AssetError(f"image {path!r} is {width}x{height} pixels, more than {MAX_IMAGE_PIXELS:,} in all")
        return real
