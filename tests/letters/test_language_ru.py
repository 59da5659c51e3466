"""The bundled campaign's letters in Russian, read back from the PDF and DOCX files.

The expected phrases are written here from the Russian the letters must read as (the issue's
fixes: "в связи с делом Аскара Кайырбека", "власти Казахстана", "полную реабилитацию", "на своём
YouTube-канале", "по частям 1 и 2 статьи 405"), never copied from the output. Copies of the case
with a woman, a person of unknown gender and two defendants check the gender and number forms.
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

LANG = "ru"
BUILT = (
    ("uk-fs", "appeal"),
    ("eu-hrvp", "appeal"),
    ("eu-hrvp", "sanctions-brief"),
    ("un-wgad", "un-communication"),
)
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LETTER = re.compile(r"[^\W\d_]")
PAGE_LABEL = re.compile(r"Страница \d+ из \d+")
DATE_LINE = "6 сентября 2021 г."
NOTES_HEADING = "Источники"
ANNEX = "Приложение с доказательствами"
# A law quoted in its official language (no Russian text exists): cited as published, not ours.
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
    out = tmp_path_factory.mktemp("ru")
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
    "Обращение об освобождении Аскара Кайырбека",
    "Уважаемая госпожа Министр!",
    "Мы обращаемся к Вам в связи с делом Аскара Кайырбека",
    "Аскар Кайырбек отбывает наказание: 2 года и 2 месяца лишения свободы.",
    "Аскар Кайырбек осуждён:",
    "по частям 1 и 2 статьи 405 Уголовного кодекса Республики Казахстан "
    "(организация деятельности экстремистской организации и участие в ней)",
    "В 2020 г. Есильский районный суд Нур-Султана тайным решением присвоил этому объединению статус "
    "«экстремистская организация» (судья — Руслан Мажитов).",
    "21 июня 2021 г. суд первой инстанции в Нур-Султане вынес приговор в отношении Аскара Кайырбека: "
    "1 год и 6 месяцев лишения свободы и запрет на общественно-политическую деятельность сроком на 5 лет.",
    "Судьи: Мурат Солтыбаев, Шынар Ергалиева и Абай Кокжалов.",
    "на своём YouTube-канале",
    "Почтительно просим Вас призвать власти Казахстана обеспечить:",
    "немедленное и безоговорочное освобождение Аскара Кайырбека",
    "полную реабилитацию Аскара Кайырбека",
    "Государственный секретарь по иностранным делам, делам Содружества и развития",
)
UNWANTED = (
    "следующего лица",
    "государства Казахстан",
    "полная реабилитация",
    "на его YouTube",
    "статья 405, части",
    "осуждён(а)",
    "г..",
)


def test_appeal_reads_as_russian(built: Path) -> None:
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
        "В связи с уголовным преследованием Аскара Кайырбека просим включить три должностных лица "
        "Казахстана в санкционный перечень (правовая основа — глобальный режим санкций ЕС в области прав человека):"
    ) in text
    assert "Высокий представитель Союза по иностранным делам и политике безопасности" in text
    assert "Уважаемая" not in text  # a brief has no salutation


def test_sanctions_brief_asks_and_argues_each_dossier_in_russian(built: Path) -> None:
    text = pdf_text(built / "eu-hrvp" / f"sanctions-brief.{LANG}.pdf")
    for phrase in (
        # the regime's ask (regimes.yaml, eu-ghr)
        "Просим предложить включение каждого из этих должностных лиц в приложение I к Регламенту (ЕС) "
        "2020/1998 и в приложение к Решению (ОВПБ) 2020/1999, что влечёт замораживание их денежных "
        "средств и экономических ресурсов в Союзе и запрет на въезд.",
        "Действия, описанные в настоящей записке, подпадают под следующие критерии:",
        "официальный текст (английский): «arbitrary arrests or detentions»",
        "Международные органы выражали такую обеспокоенность в отношении Казахстана:",
        "Кто может быть включён в санкционный перечень:",
        # the dossiers: the officials' names in the genitive, the corroboration after its label
        "В материалах дела не зафиксированы конкретные действия Карима Масимова с указанием даты;",
        "В материалах дела нет сведений, которые говорили бы в пользу Ерлана Тургумбаева.",
        "Подтверждение: об этом сообщает лишь один источник (freedomkazakhstan.com); требуется "
        "подтверждение из других источников.",
        "Должность Орган С По",
        "а все источники перечислены в приложении с доказательствами.",
        "Приложение с доказательствами Документ № 1.",
        "Дата обращения:",
    ):
        assert phrase in text, phrase
    for phrase in ("г..", "Подтверждение: Об", "Карим Масимов с указанием", "под залогом"):
        assert phrase not in text, phrase


def test_un_communication_asks_the_government_of_kazakhstan(built: Path) -> None:
    text = pdf_text(built / "un-wgad" / f"un-communication.{LANG}.pdf")
    assert "Уважаемые члены Рабочей группы!" in text
    assert "Сообщение по делу Аскара Кайырбека (Казахстан)" in text
    assert "Рабочая группа по произвольным задержаниям" in text
    assert "Кроме того, источник просит Рабочую группу призвать правительство Казахстана обеспечить:" in text
    assert "Категория II охватывает лишение свободы, которое является результатом осуществления прав" in text


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
    ("gender", "expected", "absent"),
    [
        (
            "male",
            ("Аскар Кайырбек скончался.", "обстоятельств смерти Аскара Кайырбека", "Аскар Кайырбек осуждён:"),
            ("скончалась", "осуждена"),
        ),
        # pytrovich declines a woman's name of known gender: no form is given in the case file
        (
            "female",
            (
                "Айгерим Кайырбекова скончалась.",
                "обстоятельств смерти Айгерим Кайырбековой",
                "Айгерим Кайырбекова осуждена:",
            ),
            ("скончался", "осуждён"),
        ),
        (
            "unknown",
            (
                "наступила смерть Айгерим Кайырбековой.",
                "обстоятельств смерти Айгерим Кайырбековой",
                "Обвинительный приговор в отношении Айгерим Кайырбековой вынесен:",
            ),
            ("скончался", "скончалась", "осуждён", "осуждена"),
        ),
    ],
)
def test_a_death_is_told_in_the_persons_gender(
    tmp_path: Path, gender: str, expected: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    folder = copy_campaign(tmp_path / "campaign")
    case = folder / "cases" / "askar-kaiyrbek.yaml"
    if gender != "male":
        rename_defendant(case, renamed(gender, None if gender == "female" else "Айгерим Кайырбековой"))
    edit(case, "        src: [rferl-released]\n", DECEASED)
    text = appeal_text(folder, tmp_path / "out", as_of="2022-07-01")
    assert "10 июня 2022 г." in text
    for phrase in expected:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


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
    first = "Аскара Кайырбека"
    if all_women:
        rename_defendant(folder / "cases" / "askar-kaiyrbek.yaml", renamed("female", None))
        first = "Айгерим Кайырбековой"
    both = f"{first} и Жанар Сейтовой"
    text = appeal_text(folder, tmp_path / "out")
    assert f"Срочное обращение с призывом не допустить казни {both}" in text
    assert f"Мы обращаемся к Вам в связи с преследованием {both} властями Казахстана." in text
    assert f"апелляционный суд усилил наказания в отношении {both}: смертная казнь." in text
    assert (
        f"недопущение приведения в исполнение смертных приговоров в отношении {both} "
        "и их замену более мягкими наказаниями"
    ) in text
    assert "Жанар Сейтова приговорена к смертной казни и содержится под стражей." in text
    if all_women:
        assert "Айгерим Кайырбекова приговорена к смертной казни" in text
        assert "приговорён" not in text
    else:
        assert "Аскар Кайырбек приговорён к смертной казни и содержится под стражей." in text
