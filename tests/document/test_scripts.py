"""Scripts and direction of a document's text: what writers choose fonts by and isolate."""

from __future__ import annotations

import pytest

from campaign.document.nodes import (
    AddressBlock,
    Emphasis,
    Footnote,
    Footnotes,
    Letterhead,
    Link,
    Paragraph,
    Signature,
    Strong,
    Table,
    Text,
)
from campaign.document.scripts import LRI, PDI, RLI, bidi_runs, isolate, scripts_of

PERSIAN = "ما درباره Jimmy Lai می‌نویسیم. نشانی https://example.org/case/ را ببینید. او در سال 2021 بازداشت شد."


def isolated(text: str, direction: str) -> list[str]:
    return [piece for piece, flag in bidi_runs(text, direction) if flag]


def test_scripts_of_a_mixed_document_come_from_its_text_not_its_links() -> None:
    blocks = (
        Paragraph((Text("Jimmy Lai (黎智英) and Toomaj Salehi (توماج صالحی), 2021"),)),
        Paragraph((Link("https://例子.example/", (Text("Ελλάδα"),)),)),
        Footnotes("Источники", (Footnote(1, (Text("עברית, Հայերեն, ქართული, 한국, かな"),)),)),
    )
    assert scripts_of(blocks) == ("Arab", "Armn", "Cyrl", "Geor", "Grek", "Hang", "Hani", "Hebr", "Hira", "Latn")


def test_scripts_of_gather_every_node_of_the_document_and_skip_neutral_characters() -> None:
    blocks = (
        Letterhead("Amnesty", ("1 Easton St",), logo="/logos/לוגו.png"),  # a logo's path is no text
        AddressBlock(("Министерство иностранных дел", "Қазақстан")),
        Paragraph((Strong((Text("نامه"),)), Text(" 2021-09-10, «12.5 %» — "), Emphasis((Text("黎智英"),)))),
        Table(((Text("№"),),), (((Text("ΔΣ"),),),)),
        Signature("", "", "", "Hürriyet"),
    )
    assert scripts_of(blocks) == ("Arab", "Cyrl", "Grek", "Hani", "Latn")
    # Each call starts afresh: nothing of the document before is left in the next one.
    assert scripts_of(Paragraph((Text("только кириллица"),))) == ("Cyrl",)
    assert scripts_of(Text("Ali"), "علی") == ("Arab", "Latn")


@pytest.mark.parametrize(
    "text",
    [
        "2021-09-10, (12.5 %) — «» “” № § ¶ † ‡ …",  # digits, punctuation, symbols: common to all scripts
        "\u0301\u064e\u0651\u200d",  # combining marks and a joiner alone: inherited
        " \n\t\u00a0",
        "",
    ],
)
def test_scripts_of_neutral_text_is_none(text: str) -> None:
    assert scripts_of(Paragraph((Text(text),))) == ()


def test_latin_name_url_and_number_inside_persian_are_each_one_run() -> None:
    assert isolated(PERSIAN, "rtl") == ["Jimmy Lai", "https://example.org/case/", "2021"]


def test_persian_name_inside_english_is_one_run_without_its_brackets() -> None:
    text = "Toomaj Salehi (توماج صالحی) and Jimmy Lai (黎智英) were held."
    assert isolated(text, "ltr") == ["توماج صالحی"]


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("او Jimmy Lai است.", ["Jimmy Lai"]),  # the full stop closes the Persian sentence: outside
        ("(Amnesty International)، ۱۴۰۲", ["Amnesty International"]),  # Persian digits are the text's own
        ("تاریخ 2021-09-10 و 10/09/2021", ["2021-09-10", "10/09/2021"]),
        ("Article 405, parts 1 and 2", ["Article 405, parts 1 and 2"]),  # a whole line in Latin
        ("فقط فارسی", []),
        ("", []),
    ],
)
def test_runs_of_the_other_direction_in_right_to_left_text(text: str, runs: list[str]) -> None:
    assert isolated(text, "rtl") == runs


def test_a_line_break_ends_a_run() -> None:
    assert isolated("Palais des Nations\nGeneva", "rtl") == ["Palais des Nations", "Geneva"]


def test_pieces_give_the_text_back_and_isolates_wrap_only_the_runs() -> None:
    assert "".join(piece for piece, _ in bidi_runs(PERSIAN, "rtl")) == PERSIAN
    wrapped = isolate(PERSIAN, "rtl")
    assert f"{LRI}Jimmy Lai{PDI}" in wrapped and f"{LRI}2021{PDI}" in wrapped
    assert wrapped.replace(LRI, "").replace(PDI, "") == PERSIAN
    assert isolate("Salehi (توماج صالحی)", "ltr") == f"Salehi ({RLI}توماج صالحی{PDI})"
    assert isolate("plain English, 2021", "ltr") == "plain English, 2021"  # nothing to isolate, nothing added
