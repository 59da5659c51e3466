"""The bundled campaign's letters in Kazakh, read back from the PDF and DOCX files.

The expected phrases are written here from the Kazakh the letters must read as (names in the
genitive before the noun they own, "Асқар Қайырбектің ...", the code cited before the article and
its parts, the issue's clause order in the act of 10 May 2020), never copied from the output.
Kazakh has no grammatical gender: copies of the case with a woman and a person of unknown gender
must give the same sentence as for a man; two defendants take the plural forms.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.campaign_support import copy_campaign
from tests.letters.language_support import (
    BUILT,
    DECEASED,
    Reading,
    appeal_text,
    assert_docx_paragraphs_in_pdf,
    assert_written_in_cyrillic,
    build_letters,
    docx_text,
    edit,
    rename_defendant,
    renamed,
    two_defendants_sentenced_to_death,
)

LANG = "kk"
READING = Reading(
    "kk",
    page_label=r"\d+ беттің \d+-беті",
    date_line="2021 ж. 6 қыркүйек",
    notes_heading="Дереккөздер",
    annex="Дәлелдемелер қосымшасы",
)
pdf_text = READING.pdf_text
own_words = READING.own_words


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_letters(tmp_path_factory.mktemp("kk"), LANG)


@pytest.mark.parametrize(("recipient", "document"), BUILT)
def test_document_is_written_in_cyrillic(built: Path, recipient: str, document: str) -> None:
    assert_written_in_cyrillic(built, READING, recipient, document)


@pytest.mark.parametrize(("recipient", "document"), BUILT)
def test_docx_paragraphs_are_the_pdf_sentences(built: Path, recipient: str, document: str) -> None:
    assert_docx_paragraphs_in_pdf(built, READING, recipient, document)


APPEAL_PHRASES = (
    "Асқар Қайырбектің бостандыққа шығарылуы туралы өтініш",
    "Құрметті Министр ханым!",
    "Сізге Астана (Қазақстан) тұрғыны, азаматтық белсенді, YouTube видеоблогері Асқар Қайырбек туралы жазып отырмыз.",
    "Асқар Қайырбек 2 жыл 2 ай мерзімге бас бостандығынан айыру жазасын өтеуде.",
    "Асқар Қайырбек мына нормалар бойынша сотталды:",
    "Қазақстан Республикасы Қылмыстық кодексінің 405-бабының 1 және 2-бөліктері",
    "2020 жылы Нұр-Сұлтан қаласының Есіл аудандық соты судья Руслан Мәжитов шығарған жасырын шешіммен",
    "2021 ж. 21 маусым күні Нұр-Сұлтандағы бірінші сатыдағы сот Асқар Қайырбектің ісі бойынша үкім шығарып, "
    "мына жазаны тағайындады: 1 жыл 6 ай мерзімге бас бостандығынан айыру және 5 жыл мерзімге "
    "қоғамдық-саяси қызметпен айналысуға тыйым салу.",
    "Судьялар: Мұрат Солтыбаев, Шынар Ерғалиева, Абай Көкжалов.",
    # the clause order: the movement's ban comes before what he said about it
    "2020 ж. 10 мамыр күні Асқар Қайырбек «Көше партиясы» бейбіт оппозициялық қозғалысы экстремистік ұйым "
    "деп танылмай тұрып, оны тіркеу әрекеті туралы айтты.",
    "Сізден Қазақстан билігін мыналарды қамтамасыз етуге шақыруыңызды құрметпен сұраймыз:",
    "Асқар Қайырбектің дереу және сөзсіз босатылуы",
    "Асқар Қайырбектің толық ақталуы",
    "Сыртқы істер, Достастық және даму істері жөніндегі мемлекеттік хатшы",
)
UNWANTED = (
    "Асқар Қайырбек ісі",
    "туралы қозғалыс экстремистік",
    "қызмет жазасын",
    "кодексі, 405-бап",
)


def test_appeal_reads_as_kazakh(built: Path) -> None:
    for fmt in ("pdf", "docx"):
        path = built / "uk-fs" / f"appeal.{LANG}.{fmt}"
        text = pdf_text(path) if fmt == "pdf" else docx_text(path)
        for phrase in APPEAL_PHRASES:
            assert phrase in text, (fmt, phrase)
        for phrase in UNWANTED:
            assert phrase not in text, (fmt, phrase)


def test_sanctions_brief_counts_in_words_and_uses_the_genitive(built: Path) -> None:
    text = pdf_text(built / "eu-hrvp" / f"sanctions-brief.{LANG}.pdf")
    assert (
        "Асқар Қайырбектің қудалануына байланысты Қазақстанның үш лауазымды тұлғасын ЕО-ның адам құқықтары "
        "саласындағы жаһандық санкциялар режимі бойынша санкциялық тізімге енгізуді сұраймыз:"
    ) in text
    assert "Одақтың сыртқы істер және қауіпсіздік саясаты жөніндегі жоғары өкілі" in text
    assert "Құрметті" not in text  # a brief has no salutation


def test_sanctions_brief_asks_and_argues_each_dossier_in_kazakh(built: Path) -> None:
    text = pdf_text(built / "eu-hrvp" / f"sanctions-brief.{LANG}.pdf")
    for phrase in (
        # the regime's ask (regimes.yaml, eu-ghr): whose entry is barred is said
        "Осы лауазымды адамдардың әрқайсысын (ЕО) 2020/1998 Регламентінің I қосымшасына және (ОСҚС) "
        "2020/1999 Шешімінің қосымшасына енгізуді ұсынуды сұраймыз;",
        "олардың Одаққа кіруіне тыйым салуға әкеледі.",
        "Санкциялық режим және оның өлшемшарттары",
        "Осы жазбада сипатталған әрекеттер мына өлшемшарттарға сәйкес келеді:",
        "ресми мәтін (ағылшын тілі): «arbitrary arrests or detentions»",
        "Санкциялық тізімге кімдер енгізілуі мүмкін:",
        # the dossiers: the officials' names in the genitive, the corroboration after its label
        "Іс материалдарында Кәрім Мәсімовтің нақты күні көрсетілген әрекеттері тіркелмеген;",
        "Іс материалдарында Ерлан Тұрғымбаевтың пайдасына куәлік ететін мәліметтер жоқ.",
        "Расталуы: бұл туралы бір ғана дереккөз (freedomkazakhstan.com) хабарлаған;",
        "Лауазымы Мекеме Қашаннан Қашанға дейін",
        "Дәлелдемелер қосымшасы № 1 құжат.",
    ):
        assert phrase in text, phrase
    for phrase in ("Расталуы: Бұл", "Кәрім Мәсімов нақты", "кепілмен", "критерий"):
        assert phrase not in text, phrase


def test_un_communication_asks_the_government_of_kazakhstan(built: Path) -> None:
    text = pdf_text(built / "un-wgad" / f"un-communication.{LANG}.pdf")
    assert "Жұмыс тобының құрметті мүшелері!" in text
    assert "Асқар Қайырбектің ісі бойынша хабарлама (Қазақстан)" in text
    assert "Негізсіз қамауда ұстау жөніндегі жұмыс тобы" in text
    ask = "Сондай-ақ хабарлама көзі Жұмыс тобынан Қазақстан Үкіметін мыналарды қамтамасыз етуге шақыруды сұрайды:"
    assert ask in text
    assert "II санатқа Адам құқықтарының жалпыға бірдей декларациясының" in text


# --- gender and number, on copies of the case ---


@pytest.mark.parametrize(
    ("gender", "name", "genitive"),
    [
        ("male", "Асқар Қайырбек", "Асқар Қайырбектің"),
        ("female", "Әйгерім Қайырбекова", "Әйгерім Қайырбекованың"),
        ("unknown", "Әйгерім Қайырбекова", "Әйгерім Қайырбекованың"),
    ],
)
def test_a_death_is_told_the_same_for_every_gender(tmp_path: Path, gender: str, name: str, genitive: str) -> None:
    folder = copy_campaign(tmp_path / "campaign")
    case = folder / "cases" / "askar-kaiyrbek.yaml"
    if gender != "male":
        rename_defendant(case, renamed(gender, None))
    edit(case, "        src: [rferl-released]\n", DECEASED)
    text = appeal_text(folder, tmp_path / "out", READING, as_of="2022-07-01")
    assert f"{name} 2022 ж. 10 маусым күні қайтыс болды." in text
    assert f"{genitive} қазасының мән-жайын тәуелсіз тергеу" in text


@pytest.mark.parametrize("all_women", [False, True])
def test_two_defendants_take_the_plural_forms(tmp_path: Path, all_women: bool) -> None:
    folder = copy_campaign(tmp_path / "campaign")
    two_defendants_sentenced_to_death(folder)
    first = "Асқар Қайырбектің"
    if all_women:
        rename_defendant(folder / "cases" / "askar-kaiyrbek.yaml", renamed("female", None))
        first = "Әйгерім Қайырбекованың"
    both = f"{first} және Жанар Сейітованың"
    text = appeal_text(folder, tmp_path / "out", READING)
    assert f"{both} өлім жазасын орындауды тоқтату туралы шұғыл өтініш" in text
    assert f"Сізге Қазақстан билігі қудалап отырған {both} ісі туралы жазып отырмыз." in text
    assert f"апелляциялық сот {both} жазаларын ауырлатып, мына жазаны тағайындады: өлім жазасы." in text
    assert f"{both} өлім жазасын орындауды тоқтату және оны жеңілірек жазамен ауыстыру" in text
    assert "Жанар Сейітова өлім жазасына кесіліп, қамауда отыр." in text
