"""A language's typography applied to the finished text: quotation marks, French spacing, Swiss German.

The expected quotation marks are those CLDR gives each language (`quotationStart`,
`quotationEnd`), written here by hand.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from campaign.app.build import build
from campaign.document import nodes as n
from campaign.jobs.job import BuildOptions
from campaign.render.typography import typeset
from tests.campaign_support import copy_campaign, pdf_text

TYPED = 'peaceful evening marches ("subbotage")'


def typeset_text(text: str, locale: str) -> str:
    (paragraph,) = typeset((n.Paragraph((n.Text(text),)),), locale)
    return "".join(child.text for child in paragraph.children if isinstance(child, n.Text))


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_GB", "peaceful evening marches (“subbotage”)"),
        ("ru_RU", "peaceful evening marches («subbotage»)"),
        ("de_DE", "peaceful evening marches („subbotage“)"),
        ("de_CH", "peaceful evening marches («subbotage»)"),
        ("fr_FR", "peaceful evening marches («\u202fsubbotage\u202f»)"),
        ("zh_Hans_CN", "peaceful evening marches (“subbotage”)"),
        ("zh_Hant_TW", "peaceful evening marches (「subbotage」)"),
        ("fa_IR", "peaceful evening marches («subbotage»)"),
    ],
)
def test_straight_quotes_become_the_languages_own(locale: str, expected: str) -> None:
    assert typeset_text(TYPED, locale) == expected


def test_a_quote_left_open_and_a_link_are_left_as_they_are() -> None:
    assert typeset_text('the 5" disk and "open', "en_GB") == 'the 5" disk and "open'
    link = n.Link("https://example.org/?q=%22x%22", (n.Text('"x"'),))
    (paragraph,) = typeset((n.Paragraph((link,)),), "en_GB")
    assert paragraph.children == (link,)


def test_a_text_without_anything_to_typeset_is_the_same_node() -> None:
    block = n.Paragraph((n.Text("Nothing to change here."),))
    assert typeset((block,), "en_GB")[0] is block


def test_the_case_files_straight_quotes_print_curly_in_the_pdf_and_the_docx(tmp_path: Path) -> None:
    """The bundled case file types ("subbotage") in its English text; the Russian text is changed
    here to straight quotes too, as a case author might type it."""
    folder = copy_campaign(tmp_path / "campaign")
    case = folder / "cases" / "askar-kaiyrbek.yaml"
    text = case.read_text("utf-8")
    assert '("subbotage")' in text
    case.write_text(text.replace("шествиях («субботаж»)", 'шествиях ("субботаж")'), "utf-8")
    options = BuildOptions(out=tmp_path / "out", recipients=("uk-fs",), documents=("appeal",), languages=("en", "ru"))
    result = build(folder, options)
    assert not result.failed
    expected = {"en": "(“subbotage”)", "ru": "(«субботаж»)"}
    labels = {"en": r"Page \d+ of \d+", "ru": r"Страница \d+ из \d+"}
    for lang, quoted in expected.items():
        pdf = pdf_text(tmp_path / "out" / "uk-fs" / f"appeal.{lang}.pdf", labels[lang])
        document = docx.Document(str(tmp_path / "out" / "uk-fs" / f"appeal.{lang}.docx"))
        paragraphs = " ".join(p.text for p in document.paragraphs)
        assert quoted in pdf and quoted in paragraphs, lang
        assert '"' not in pdf and '"' not in paragraphs, lang
