"""The bundled campaign's letters in Russian, read back from the PDF and DOCX files.

The expected phrases are written here from the Russian the letters must read as (the issue's
fixes: "в связи с делом Аскара Кайырбека", "власти Казахстана", "полную реабилитацию", "на своём
YouTube-канале", "по частям 1 и 2 статьи 405"), never copied from the output. Copies of the case
with a woman, a person of unknown gender and two defendants check the gender and number forms.
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

LANG = "ru"
READING = Reading(
    "ru",
    page_label=r"Страница \d+ из \d+",
    date_line="6 сентября 2021 г.",
    notes_heading="Источники",
    annex="Приложение с доказательствами",
)
pdf_text = READING.pdf_text
own_words = READING.own_words


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_letters(tmp_path_factory.mktemp("ru"), LANG)


@pytest.mark.parametrize(("recipient", "document"), BUILT)
def test_document_is_written_in_cyrillic(built: Path, recipient: str, document: str) -> None:
    assert_written_in_cyrillic(built, READING, recipient, document)


@pytest.mark.parametrize(("recipient", "document"), BUILT)
def test_docx_paragraphs_are_the_pdf_sentences(built: Path, recipient: str, document: str) -> None:
    assert_docx_paragraphs_in_pdf(built, READING, recipient, document)


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
    text = appeal_text(folder, tmp_path / "out", READING, as_of="2022-07-01")
    assert "10 июня 2022 г." in text
    for phrase in expected:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


@pytest.mark.parametrize("all_women", [False, True])
def test_two_defendants_take_the_plural_forms(tmp_path: Path, all_women: bool) -> None:
    folder = copy_campaign(tmp_path / "campaign")
    two_defendants_sentenced_to_death(folder)
    first = "Аскара Кайырбека"
    if all_women:
        rename_defendant(folder / "cases" / "askar-kaiyrbek.yaml", renamed("female", None))
        first = "Айгерим Кайырбековой"
    both = f"{first} и Жанар Сейтовой"
    text = appeal_text(folder, tmp_path / "out", READING)
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
