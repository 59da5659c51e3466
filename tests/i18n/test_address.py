"""Forms of address: the salutation and closing per language, title and gender, and overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from campaign.diagnostics import Report
from campaign.errors import RenderError
from campaign.i18n.address import closing, formula, salutation
from campaign.load.forms import load_forms
from campaign.model.forms import FormsOfAddress
from campaign.model.recipients import Recipient
from tests.i18n.i18n_support import SHIPPED_LETTERS


def table(campaign: Path) -> FormsOfAddress:
    """The forms of address the campaign in `campaign` uses (its own, or the bundled ones)."""
    report = Report()
    forms = load_forms(campaign, report)
    assert forms is not None, [d.format() for d in report.items]
    return forms


BUNDLED = table(Path("/nonexistent-campaign"))

LANGS = ("en", "fr", "de", "ru", "kk", "es", "uk", "be", "zh-Hans", "zh-Hant", "ar", "fa")
"""Every language the package ships letters in: English, and one per catalog."""


def recipient(title: str | None = None, gender: str | None = None, **extra: Any) -> Recipient:
    """A postal recipient with the given title and, if `gender` is given, a named person."""
    data: dict[str, Any] = {
        "id": "someone",
        "jurisdiction": "EU",
        "institution": "Example Ministry",
        "office": "Minister",
        "languages": ["en"],
        "locale": "en_GB",
        "channel": {"kind": "postal"},
        "group": "ministers",
        "verification": {"status": "verified"},
        **extra,
    }
    if title is not None:
        data["title"] = title
    if gender is not None:
        data["person"] = {"name": "A. Person", "gender": gender}
    return Recipient.model_validate(data)


@pytest.mark.parametrize(
    ("lang", "title", "gender", "expected_salutation", "expected_closing"),
    [
        ("en", "minister", "female", "Dear Minister,", "Yours sincerely,"),
        ("en", "secretary-of-state", "female", "Dear Madam Secretary:", "Sincerely,"),
        ("en", "secretary-of-state", "male", "Dear Mr. Secretary:", "Sincerely,"),
        ("en", "un-body", "male", "Sir,", "Accept, Sir, the assurances of my highest consideration."),
        (
            "en",
            "ambassador",
            "unknown",
            "Excellency,",
            "Accept, Excellency, the assurances of my highest consideration.",
        ),
        (
            "fr",
            "minister",
            "female",
            "Madame la Ministre,",
            "Veuillez agréer, Madame la Ministre, l'expression de notre très haute considération.",
        ),
        (
            "fr",
            "minister",
            "male",
            "Monsieur le Ministre,",
            "Veuillez agréer, Monsieur le Ministre, l'expression de notre très haute considération.",
        ),
        ("de", "minister", "male", "Sehr geehrter Herr Minister,", "Mit vorzüglicher Hochachtung"),
        ("de", "minister", "female", "Sehr geehrte Frau Ministerin,", "Mit vorzüglicher Hochachtung"),
        ("de", "minister", "unknown", "Exzellenz,", "Mit vorzüglicher Hochachtung"),
        ("de", "ambassador", "female", "Exzellenz,", "Mit vorzüglicher Hochachtung"),
        ("ru", "minister", "male", "Уважаемый господин Министр!", "С глубоким уважением,"),
        ("ru", "minister", "female", "Уважаемая госпожа Министр!", "С глубоким уважением,"),
        ("ru", "ambassador", "male", "Ваше Превосходительство!", "С глубоким уважением,"),
        ("kk", "minister", "male", "Құрметті Министр мырза!", "Құрметпен,"),
        ("kk", "minister", "female", "Құрметті Министр ханым!", "Құрметпен,"),
        ("es", "minister", "female", "Señora Ministra:", "Atentamente,"),
        ("es", "minister", "male", "Señor Ministro:", "Atentamente,"),
    ],
)
def test_by_language_title_and_gender(
    lang: str, title: str, gender: str, expected_salutation: str, expected_closing: str
) -> None:
    who = recipient(title, gender)
    assert salutation(who, lang, BUNDLED) == expected_salutation
    assert closing(who, lang, BUNDLED) == expected_closing


FALLBACK = {
    "en": ("Dear Sir or Madam,", "Yours faithfully,"),
    "fr": ("Madame, Monsieur,", "Veuillez agréer, Madame, Monsieur, l'expression de notre haute considération."),
    "de": ("Sehr geehrte Damen und Herren,", "Mit freundlichen Grüßen"),
    "ru": ("Уважаемые господа!", "С уважением,"),
    "kk": ("Құрметті ханымдар мен мырзалар!", "Құрметпен,"),
    "es": ("Señoras y señores:", "Atentamente,"),
    "uk": ("Шановні пані та панове!", "З повагою"),
    "be": ("Шаноўныя спадарыні і спадары!", "З павагай"),
    "zh-Hans": ("尊敬的先生/女士：", "顺致崇高的敬意。"),
    "zh-Hant": ("敬啟者：", "順頌\u3000時祺"),
    "ar": ("حضرات السيدات والسادة المحترمين،", "وتفضلوا بقبول فائق الاحترام والتقدير،"),
    "fa": ("خانم\u200cها و آقایان محترم،", "با تقدیم احترام،"),
}
"""The neutral formal formula of each language, for an addressee nobody has named."""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("title", "gender"), [(None, None), ("no-such-title", "female")], ids=["no-title", "unknown-title"]
)
def test_fallback_when_no_title_fits(lang: str, title: str | None, gender: str | None) -> None:
    who = recipient(title, gender)
    assert (salutation(who, lang, BUNDLED), closing(who, lang, BUNDLED)) == FALLBACK[lang]


@pytest.mark.parametrize("lang", ["fr", "de", "ru", "kk", "es"])
def test_fallback_when_the_title_has_no_entry_for_the_gender(lang: str) -> None:
    # `director` is listed per gender in these languages; a director of unknown gender gets the
    # neutral formula, never a guessed "Monsieur le Directeur".
    who = recipient("director", "unknown")
    assert (salutation(who, lang, BUNDLED), closing(who, lang, BUNDLED)) == FALLBACK[lang]
    assert (salutation(recipient("director", "unknown"), "en", BUNDLED)) == "Dear Director,"  # English: `any`


def test_person_without_gender_counts_as_unknown() -> None:
    who = recipient("chair", None)
    assert salutation(who, "en", BUNDLED) == "Dear Chair,"
    assert salutation(recipient("chair", "unknown"), "en", BUNDLED) == "Dear Chair,"
    assert salutation(recipient("chair", "female"), "en", BUNDLED) == "Dear Madam Chair,"


def test_recipient_override_wins_for_its_language_only() -> None:
    who = recipient(
        "minister", "female", salutation={"fr": "Chère Madame Dupont,", "de": "Sehr geehrte Frau Dr. Berg,"}
    )
    assert salutation(who, "fr", BUNDLED) == "Chère Madame Dupont,"
    assert salutation(who, "de", BUNDLED) == "Sehr geehrte Frau Dr. Berg,"
    assert salutation(who, "en", BUNDLED) == "Dear Minister,"
    assert salutation(who, "ru", BUNDLED) == "Уважаемая госпожа Министр!"
    # The override is the greeting only; the closing still follows title and gender.
    assert (
        closing(who, "fr", BUNDLED)
        == "Veuillez agréer, Madame la Ministre, l'expression de notre très haute considération."
    )


def test_pseudo_locale_uses_the_english_formula_in_pseudo_text() -> None:
    who = recipient("minister", "male")
    greeting = salutation(who, "xx", BUNDLED)
    assert greeting.startswith("⁅") and greeting.endswith("⁆")
    assert "Minister" not in greeting
    assert "ɱ" in greeting.lower() or "Ṁ" in greeting  # the accented M of "Minister"
    own = recipient("minister", "male", salutation={"en": "Dear Ms Example,"})
    assert salutation(own, "xx", BUNDLED).startswith("⁅")


def test_language_without_forms_is_an_error_not_english() -> None:
    with pytest.raises(RenderError, match="fallback.it"):
        salutation(recipient("minister", "male"), "it", BUNDLED)


# The bundled table as a whole ----------------------------------------------------------------


def test_langs_are_the_shipped_languages() -> None:
    catalogs = {path.name for path in (SHIPPED_LETTERS / "locale").iterdir() if path.is_dir()}
    assert set(LANGS) == {"en"} | catalogs
    assert len(LANGS) == len(set(LANGS))


def test_bundled_table_covers_every_letter_language() -> None:
    forms = BUNDLED
    assert set(forms.fallback) == set(LANGS)
    assert set(forms.titles) == set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_bundled_formulas_follow_each_languages_punctuation(lang: str) -> None:
    forms = BUNDLED
    entries = [forms.fallback[lang]] + [
        f for by_gender in forms.titles.get(lang, {}).values() for f in by_gender.values()
    ]
    assert entries
    for entry in entries:
        text = entry.salutation + entry.closing
        if lang in ("ru", "kk", "uk", "be"):
            assert entry.salutation.endswith("!"), entry.salutation  # these letters open with "!"
        elif lang == "es":
            assert entry.salutation.endswith(":"), entry.salutation  # Spanish letters open with a colon
        elif lang in ("fr", "de"):
            assert entry.salutation.endswith(","), entry.salutation
        elif lang == "en":
            assert entry.salutation[-1] in ",:", entry.salutation  # British comma, US colon
        elif lang in ("zh-Hans", "zh-Hant"):
            assert entry.salutation.endswith("\uff1a"), entry.salutation  # the full-width colon
            assert not any(mark in text for mark in ",:;!?"), text  # full-width punctuation only
        elif lang in ("ar", "fa"):
            assert entry.salutation.endswith("\u060c"), entry.salutation  # the Arabic comma
            assert "," not in text, text  # never the Latin comma
        else:
            raise AssertionError(f"no punctuation rule for {lang}")
        if lang in ("de", "uk", "be"):
            assert entry.closing[-1].isalpha(), entry.closing  # German, Ukrainian, Belarusian: no comma


# A campaign's own table ----------------------------------------------------------------------

OWN_TABLE = """\
fallback:
  en:
    salutation: "To whom it may concern,"
    closing: "Regards,"
    status: unverified
titles:
  en:
    senator:
      female:
        salutation: "Dear Senator,"
        closing: "Respectfully,"
        status: unverified
"""


def test_campaign_table_replaces_the_bundled_one(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "forms-of-address.yaml").write_text(OWN_TABLE, "utf-8")
    forms = table(tmp_path)
    assert salutation(recipient("senator", "female"), "en", forms) == "Dear Senator,"
    assert closing(recipient("senator", "female"), "en", forms) == "Respectfully,"
    assert salutation(recipient("minister", "female"), "en", forms) == "To whom it may concern,"
    with pytest.raises(RenderError, match="fallback.fr"):
        formula(recipient("minister", "female"), "fr", forms)


def test_campaign_without_table_uses_the_bundled_one(tmp_path: Path) -> None:
    forms = table(tmp_path)
    assert salutation(recipient("minister", "male"), "de", forms) == "Sehr geehrter Herr Minister,"


def test_titles_without_fallback_are_refused(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "forms-of-address.yaml").write_text(OWN_TABLE.replace("titles:\n  en:", "titles:\n  fr:"), "utf-8")
    report = Report()
    assert load_forms(tmp_path, report) is None
    assert any(d.span and d.span.file == "letters/forms-of-address.yaml" for d in report.errors)
    assert any("fallback" in d.message for d in report.errors)
