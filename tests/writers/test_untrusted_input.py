"""Hostile text and paths: printed literally, never fetched, embedded or executed (both formats)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from campaign.document.nodes import (
    AddressBlock,
    Document,
    Footnote,
    Footnotes,
    Heading,
    Letterhead,
    Link,
    Paragraph,
    Signature,
    Table,
    Text,
)
from campaign.errors import RenderError
from campaign.writers import get_writer
from campaign.writers.assets import AssetError, AssetJail
from campaign.writers.html import HtmlWriter
from campaign.writers.pdf import JailFetcher, PdfWriter
from tests.writers.writers_support import (
    docx_text,
    meta,
    pdf_body_text,
    pdf_has_attachments,
    pdf_images,
    squash,
    zip_members,
)


class CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def sink() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that records every request made to it."""
    CountingHandler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def hostile_strings(sink: str) -> list[str]:
    return [
        "<b>bold?</b>",
        "<img src=file:///etc/passwd>",
        '<link rel="attachment" href="file:///etc/passwd">',
        '<a rel="attachment" href="file:///etc/hostname">x</a>',
        f"<base href={sink}/based/>",
        f"red; background:url({sink}/style.png)",
        f"<style>@import url({sink}/import.css)</style>",
        f'<svg><image href="{sink}/svg.png"/></svg>',
        "{{ 7*7 }}",
        "{% for x in range(9) %}x{% endfor %}",
        '" onmouseover="alert(1)',
    ]


def hostile_document(strings: list[str]) -> Document:
    """Each hostile string in several kinds of block, including those that become attributes in HTML."""
    blocks = [
        Letterhead(strings[0], tuple(strings)),
        AddressBlock(tuple(strings)),
        Heading(1, (Text(strings[1]),)),
        *(Paragraph((Text(value),)) for value in strings),
        Paragraph((Link("https://example.org/", (Text(strings[2]),)),)),
        Table(((Text(strings[3]),),), (((Text(strings[4]),),),)),
        Signature(strings[5], strings[6], strings[7], strings[8]),
        Footnotes(strings[9], (Footnote(1, (Text(strings[10]),)),)),
    ]
    hostile_meta = meta(title=strings[4], author=strings[5], keywords=(strings[2],), subject=strings[1])
    return Document(hostile_meta, tuple(blocks))


def test_pdf_prints_hostile_text_literally_and_fetches_nothing(sink: str) -> None:
    strings = hostile_strings(sink)
    data = get_writer("pdf").write(hostile_document(strings))
    text = squash(pdf_body_text(data))
    for value in strings:
        assert squash(value) in text
    assert CountingHandler.hits == []
    assert not pdf_has_attachments(data)
    assert pdf_images(data) == []
    assert b"root:" not in data


def test_docx_prints_hostile_text_literally(sink: str) -> None:
    strings = hostile_strings(sink)
    data = get_writer("docx").write(hostile_document(strings))
    text = squash(docx_text(data))
    for value in strings:
        assert squash(value) in text
    members = zip_members(data)
    assert not [name for name in members if name.startswith("word/media/")]
    rels = b"".join(content for name, content in members.items() if name.endswith(".rels"))
    assert b"127.0.0.1" not in rels and b"file:" not in rels
    for name, content in members.items():  # well-formed XML everywhere
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content)


def test_html_has_no_data_in_style_or_url_attributes(sink: str) -> None:
    strings = hostile_strings(sink)
    html = HtmlWriter(media="email").render(hostile_document(strings))
    tree = etree.fromstring(html.encode(), etree.HTMLParser())
    allowed_tags = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "p",
        "br",
        "h1",
        "h2",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "div",
        "section",
        "span",
        "sup",
    }
    assert {element.tag for element in tree.iter()} <= allowed_tags
    assert [e for e in tree.iter() if "style" in e.attrib] == []
    assert [a.get("href") for a in tree.iter("a")] == ["https://example.org/"]
    assert len(list(tree.iter("style"))) == 1
    assert sink not in etree.tostring(tree.find(".//style"), encoding="unicode")


def test_a_link_that_would_escape_its_attribute_is_refused() -> None:
    document = Document(meta(), (Paragraph((Link('https://x.org/" onclick="evil', (Text("x"),)),)),))
    for name in ("pdf", "docx", "html"):
        with pytest.raises(RenderError, match="only plain http"):
            get_writer(name).write(document)


# --- the asset jail and logos --------------------------------------------------------------


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "letters" / "assets"
    folder.mkdir(parents=True)
    Image.new("RGB", (40, 20), "navy").save(folder / "logo.png")
    Image.new("RGB", (40, 20), "red").save(tmp_path / "outside.png")
    (folder / "escape.png").symlink_to(tmp_path / "outside.png")
    (folder / "notes.txt").write_text("secret")
    return folder


def with_logo(logo: str) -> Document:
    return Document(meta(), (Letterhead("Org", ("Line",), logo=logo), Paragraph((Text("Body"),))))


def test_logo_inside_the_assets_is_embedded_once(assets: Path) -> None:
    pdf = PdfWriter(asset_dirs=[assets]).write(with_logo("logo.png"))
    assert len(pdf_images(pdf)) == 1
    docx = get_writer("docx", asset_dirs=[assets]).write(with_logo("logo.png"))
    assert [name for name in zip_members(docx) if name.startswith("word/media/")] == ["word/media/image1.png"]


@pytest.mark.parametrize(
    "logo", ["../outside.png", "escape.png", "/etc/passwd", "notes.txt", "missing.png", "file:///etc/hostname"]
)
@pytest.mark.parametrize("writer", ["pdf", "docx"])
def test_logo_outside_the_assets_is_refused(assets: Path, logo: str, writer: str) -> None:
    with pytest.raises(AssetError):
        get_writer(writer, asset_dirs=[assets]).write(with_logo(logo))


def test_huge_logo_is_refused_before_decoding(assets: Path) -> None:
    Image.new("1", (5000, 5000)).save(assets / "huge.png")
    with pytest.raises(AssetError, match="5000x5000"):
        PdfWriter(asset_dirs=[assets]).write(with_logo("huge.png"))


def test_jail_fetcher_serves_only_allowed_files(assets: Path, sink: str) -> None:
    fetcher = JailFetcher(AssetJail.for_campaign([assets]))
    assert fetcher.fetch((assets / "logo.png").as_uri()).read()[:4] == b"\x89PNG"
    refused = [
        f"{sink}/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        (assets / "escape.png").as_uri(),
        (assets / "notes.txt").as_uri(),
        (assets / ".." / "outside.png").as_uri(),
        "ftp://127.0.0.1/x.png",
        "file://evil.example/etc/passwd",
    ]
    for url in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == len(refused)
    assert CountingHandler.hits == []


def test_markup_that_slips_past_the_html_writer_is_still_stopped(assets: Path) -> None:
    """Defence in depth: raw HTML given straight to the PDF stage (as a writer bug would)."""
    writer = PdfWriter(asset_dirs=[assets])
    with pytest.raises(RenderError, match="refused to read"):
        writer.write_html('<img src="file:///etc/hostname">', meta())
    attached = f'<p><a rel="attachment" href="{(assets / "logo.png").as_uri()}">logo</a></p>'
    with pytest.raises(RenderError, match="file attachment"):
        writer.write_html(attached, meta())
    image = f'<img src="{(assets / "logo.png").as_uri()}">'
    with pytest.raises(RenderError, match="images"):
        writer.write_html(image, meta(), allowed_images=0)
