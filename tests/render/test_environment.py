"""The letter sandbox: template escapes, resource bombs, loader jail, escaping of data."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from jinja2 import TemplateNotFound, UndefinedError
from jinja2.sandbox import SecurityError

from campaign.render.environment import make_environment
from campaign.render.markup import parse_blocks


def render(tmp_path: Path, source: str, **context: object) -> str:
    letters = tmp_path / "letters"
    letters.mkdir(exist_ok=True)
    (letters / "t.md.j2").write_text(source, "utf-8")
    return make_environment(letters).get_template("t.md.j2").render(**context)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__ }}",
        "{{ ''|attr('__class__') }}",
        "{{ '{0.__class__.__mro__}'.format('') }}",
        "{{ data.pop('name') }}",
        "{% set l = [] %}{{ l.append(1) }}",
    ],
)
def test_template_escapes_are_refused(tmp_path: Path, source: str) -> None:
    with pytest.raises(SecurityError):
        render(tmp_path, source, data={"name": "x"})


@pytest.mark.parametrize("name", ["lipsum", "cycler", "joiner"])
def test_unneeded_globals_are_gone(tmp_path: Path, name: str) -> None:
    with pytest.raises(UndefinedError):
        render(tmp_path, "{{ " + name + " }}")


@pytest.mark.parametrize(
    "source",
    ["{{ 7**99999999 }}", "{% set n = 10000000 %}{{ n**n }}", "{{ 'x' * 10**9 }}", "{{ [1] * 100000000 }}"],
)
def test_arithmetic_bombs_fail_fast(tmp_path: Path, source: str) -> None:
    started = time.monotonic()
    with pytest.raises(SecurityError):
        render(tmp_path, source)
    assert time.monotonic() - started < 5  # generous: a hang would take minutes


def test_small_arithmetic_still_works(tmp_path: Path) -> None:
    assert render(tmp_path, "{{ 2**10 }} {{ 'ab' * 2 }} {{ 3 * 4 }}") == "1024 abab 12"


def test_range_is_bounded(tmp_path: Path) -> None:
    with pytest.raises(OverflowError):
        render(tmp_path, "{{ range(10**9)|list|length }}")


def test_misspelt_field_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UndefinedError, match="nmae"):
        render(tmp_path, "Dear {{ recipient.nmae }}", recipient={"name": "X"})


@pytest.mark.parametrize(
    "value",
    [
        "<b>bold</b>",
        "<img src=file:///etc/passwd>",
        '<link rel="attachment" href="file:///etc/passwd">',
        '<base href="http://127.0.0.1:9/">',
        "red; background:url(http://127.0.0.1:9/x)",
        "{{ 7*7 }}",
        "**not bold** _not em_ [link](file:///etc/passwd) `code`",
        "# not a heading",
        "- not a list",
        "1. not a list",
        "> not a quote",
        "| not | a table |",
        "&amp; &lt;b&gt; \\*",
    ],
)
def test_data_stays_literal_text(tmp_path: Path, value: str) -> None:
    markdown = render(tmp_path, "Text: {{ value }}\n", value=value)
    blocks = parse_blocks(markdown)
    assert len(blocks) == 1
    paragraph = blocks[0]
    assert [type(child).__name__ for child in paragraph.children] == ["Text"]  # type: ignore[union-attr]
    assert paragraph.children[0].text == f"Text: {value}"  # type: ignore[union-attr]


def test_newlines_in_data_do_not_start_blocks(tmp_path: Path) -> None:
    markdown = render(tmp_path, "{{ value }}\n", value="one\n\n# two\n- three")
    blocks = parse_blocks(markdown)
    assert len(blocks) == 1
    assert blocks[0].children[0].text == "one # two - three"  # type: ignore[union-attr]


def test_template_names_cannot_leave_letters(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    (tmp_path / "secret.md.j2").write_text("secret", "utf-8")
    env = make_environment(letters)
    for name in ("../secret.md.j2", "/etc/hostname", str(tmp_path / "secret.md.j2")):
        with pytest.raises(TemplateNotFound):
            env.get_template(name)


def test_symlinks_in_letters_are_refused(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.md.j2").write_text("leaked", "utf-8")
    os.symlink(outside, letters / "link")
    os.symlink(outside / "x.md.j2", letters / "direct.md.j2")
    env = make_environment(letters)
    for name in ("link/x.md.j2", "direct.md.j2"):
        with pytest.raises(TemplateNotFound):
            env.get_template(name)
