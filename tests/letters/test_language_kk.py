"""The bundled campaign's letters in Kazakh, read back from the PDF and DOCX files.

The expected phrases are written here from the Kazakh the letters must read as (names in the
genitive before the noun they own, "Асқар Қайырбектің ...", the code cited before the article and
its parts, the issue's clause order in the act of 10 May 2020), never copied from the output.
Kazakh has no grammatical gender: copies of the case with a woman and a person of unknown gender
must give the same sentence as for a man; two defendants take the plural forms.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest

from campaign.app.build import build
from campaign.jobs.job import BuildOptions
from tests.campaign_support import ROOT, copy_campaign
from tests.campaign_support import pdf_text as running_text

LANG = "kk"
BUILT = (
    ("uk-fs", "appeal"),
    ("eu-hrvp", "appeal"),
    ("eu-hrvp", "sanctions-brief"),
    ("un-wgad", "un-communication"),
)
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LETTER = re.compile(r"[^\W\d_]")
PAGE_LABEL = re.compile(r"\d+ беттің \d+-беті")
DATE_LINE = "2021 ж. 6 қыркүйек"
NOTES_HEADING = "Дереккөздер"
ANNEX = "Дәлелдемелер қосымшасы"
# A law quoted in its official language (no Kazakh text exists): cited as published, not ours.
QUOTED_FOREIGN = re.compile(r"«[^«»\u0400-\u04FF]*»")


def flat(text: str) -> str:
    """One space for every run of white space; a compound word broken after its hyphen made whole."""
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text.replace("\u00ad", ""))
    return re.sub(r"(?<=\w)- (?=\w)", "-", text).strip()


def pdf_text(path: Path) -> str:
    """The PDF's running text, page footers left out and line-end hyphenation joined."""
    return flat(running_text(path, PAGE_LABEL.pattern))


def docx_paragraphs(path: Path) -> list[str]:
    return [flat(p.text) for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return flat(" ".join([p.text for p in document.paragraphs] + cells))


def own_words(text: str) -> str:
    """The letter's own sentences: from the date line to the evidence annex of a brief (its
    exhibits are sources' titles as published) or the heading of the sources' notes, without the
    laws quoted in another language."""
    start = text.index(DATE_LINE) + len(DATE_LINE)
    annex = text.find(ANNEX, start)
    end = annex if annex > 0 else text.rindex(NOTES_HEADING)
    return QUOTED_FOREIGN.sub(" ", text[start:end])


def squeezed(text: str) -> str:
    """Text without white space, digits (note calls) and list bullets, to compare PDF and DOCX."""
    return re.sub(r"[\s\d•]+", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kk")
    options = BuildOptions(
        out=out,
        recipients=("uk-fs", "eu-hrvp", "un-wgad"),
        documents=("appeal", "sanctions-brief", "un-communication"),
        languages=(LANG,),
        formats=("pdf", "docx"),
        jobs=2,
    )
    result = build(ROOT, options)
    assert not result.failed, [o.error for o in result.failed]
    return out


@pytest.mark.parametrize(("recipient", "document"), BUILT)
def test_document_is_written_in_cyrillic(built: Path, recipient: str, document: str) -> None:
    pdf = built / recipient / f"{document}.{LANG}.pdf"
    assert (built / recipient / f"{document}.{LANG}.docx").is_file()
    body = own_words(pdf_text(pdf))
    letters = LETTER.findall(body)
    cyrillic = CYRILLIC.findall(body)
    assert len(letters) > 500
    assert len(cyrillic) / len(letters) >= 0.75, (len(cyrillic), len(letters))


@pytest.mark.parametrize(("recipient", "document"), BUILT)
def test_docx_paragraphs_are_the_pdf_sentences(built: Path, recipient: str, document: str) -> None:
    pdf = squeezed(pdf_text(built / recipient / f"{document}.{LANG}.pdf"))
    paragraphs = [p for p in docx_paragraphs(built / recipient / f"{document}.{LANG}.docx") if len(p) > 40]
    assert len(paragraphs) > 10
    missing = [p for p in paragraphs if CYRILLIC.search(p) and squeezed(p) not in pdf]
    assert not missing, missing[:3]


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

# The defendant's name block as the case file has it (its lines carry every language's forms).
LANGUAGES = re.compile(r"^languages: \[[^\]]*\]", re.MULTILINE)
ASKAR = re.compile(r"    gender: male\n    name:\n      latin: Askar Kaiyrbek\n(?:      .*\n)*?      forms: .*\n")
DECEASED = "        src: [rferl-released]\n      - {status: deceased, since: 2022-06-10, src: [rferl-released]}\n"


def russian_and_kazakh_only(case: Path) -> None:
    """The campaign of `case` in ru, kk and the Latin-script languages only: the invented names
    of these tests have no form in the other scripts, which the full language list would require."""
    campaign = case.parent.parent / "campaign.yaml"
    text = campaign.read_text("utf-8")
    assert len(LANGUAGES.findall(text)) == 1
    campaign.write_text(LANGUAGES.sub("languages: [en, ru, kk, fr, de, es]", text), "utf-8")


def rename_defendant(path: Path, new: str) -> None:
    """Askar Kaiyrbek's gender and name block replaced by `new`."""
    russian_and_kazakh_only(path)
    text = path.read_text("utf-8")
    assert len(ASKAR.findall(text)) == 1
    path.write_text(ASKAR.sub(lambda _: new, text), "utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def renamed(gender: str, genitive: str | None) -> str:
    """The defendant as a woman, or a person of unknown gender, named Aigerim Kaiyrbekova."""
    kk = "kk: {genitive: Әйгерім Қайырбекованың}"
    forms = f"{{ru: {{genitive: {genitive}}}, {kk}}}" if genitive else f"{{{kk}}}"
    return f"""    gender: {gender}
    name:
      latin: Aigerim Kaiyrbekova
      native: {{kk: Әйгерім Қайырбекова, ru: Айгерим Кайырбекова}}
      forms: {forms}
"""


def appeal_text(folder: Path, out: Path, as_of: str | None = None) -> str:
    """The uk-fs appeal of the campaign in `folder`, built in this process and read back."""
    options = BuildOptions(
        out=out,
        recipients=("uk-fs",),
        documents=("appeal",),
        languages=(LANG,),
        formats=("pdf",),
        in_process=True,
        as_of=dt.date.fromisoformat(as_of) if as_of else None,
    )
    result = build(folder, options)
    assert not result.failed, [o.error for o in result.failed]
    return pdf_text(out / "uk-fs" / f"appeal.{LANG}.pdf")


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
    text = appeal_text(folder, tmp_path / "out", as_of="2022-07-01")
    assert f"{name} 2022 ж. 10 маусым күні қайтыс болды." in text
    assert f"{genitive} қазасының мән-жайын тәуелсіз тергеу" in text


ZHANAR = """  - id: zhanar-seitova
    gender: female
    name:
      latin: Zhanar Seitova
      native: {kk: Жанар Сейітова, ru: Жанар Сейтова}
      forms: {kk: {genitive: Жанар Сейітованың}}
    role:
      en: civic activist
      ru: гражданская активистка
      kk: азаматтық белсенді
      fr: militante civique
      de: Bürgerrechtsaktivistin
      es: activista cívica
    custody:
      - {status: imprisoned, since: 2021-06-21, src: [statement]}
    charges:
      - id: art-405-zs
        law:
          en: Criminal Code of the Republic of Kazakhstan
          ru: Уголовного кодекса Республики Казахстан
          kk: Қазақстан Республикасы Қылмыстық кодексінің
          fr: Code pénal de la République du Kazakhstan
          de: Strafgesetzbuch der Republik Kasachstan
          es: Código Penal de la República de Kazajistán
        provision: {number: "405", parts: ["2"]}
        src: [statement]
    src: [statement]
"""


def two_defendants_sentenced_to_death(folder: Path) -> None:
    """A second defendant, Zhanar Seitova; the appeal court raises both sentences to death."""
    case = folder / "cases" / "askar-kaiyrbek.yaml"
    russian_and_kazakh_only(case)
    edit(case, "    src: [statement]\n\norganisations:", "    src: [statement]\n" + ZHANAR + "\norganisations:")
    edit(
        case,
        "    src: [statement, azattyq-verdicts]\n  - id: appeal\n",
        "      - defendant: zhanar-seitova\n        decision: convicted\n"
        '        sentences: [{kind: imprisonment, duration: {years: "1"}}]\n'
        "    src: [statement, azattyq-verdicts]\n  - id: appeal\n",
    )
    text = case.read_text("utf-8")
    start = text.index("    outcomes:\n", text.index("  - id: appeal\n"))
    end = text.index("    src: [statement, azattyq-verdicts]\n", start)
    death = "".join(
        f"      - defendant: {who}\n        decision: increased\n        sentences: [{{kind: death}}]\n"
        for who in ("askar-kaiyrbek", "zhanar-seitova")
    )
    case.write_text(text[:start] + "    outcomes:\n" + death + text[end:], "utf-8")


@pytest.mark.parametrize("all_women", [False, True])
def test_two_defendants_take_the_plural_forms(tmp_path: Path, all_women: bool) -> None:
    folder = copy_campaign(tmp_path / "campaign")
    two_defendants_sentenced_to_death(folder)
    first = "Асқар Қайырбектің"
    if all_women:
        rename_defendant(folder / "cases" / "askar-kaiyrbek.yaml", renamed("female", None))
        first = "Әйгерім Қайырбекованың"
    both = f"{first} және Жанар Сейітованың"
    text = appeal_text(folder, tmp_path / "out")
    assert f"{both} өлім жазасын орындауды тоқтату туралы шұғыл өтініш" in text
    assert f"Сізге Қазақстан билігі қудалап отырған {both} ісі туралы жазып отырмыз." in text
    assert f"апелляциялық сот {both} жазаларын ауырлатып, мына жазаны тағайындады: өлім жазасы." in text
    assert f"{both} өлім жазасын орындауды тоқтату және оны жеңілірек жазамен ауыстыру" in text
    assert "Жанар Сейітова өлім жазасына кесіліп, қамауда отыр." in text
