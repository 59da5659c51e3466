"""The bundled campaign in Traditional Chinese (zh-Hant), read back from the PDF and DOCX files.

zh-Hant follows Taiwan's conventions (CLDR's zh_Hant, which the letters are formatted with): the
Ministry of Education's character forms (身分, 裡), 「」 quotation marks, Taiwan's legal terms (條
and 項 for article and part, 羈押, 交保, 發回更審, 保護管束), 哈薩克 for Kazakhstan and the covenant's
Taiwanese title. The expected sentences are written here, not copied from the catalog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.campaign_support import keep_languages
from tests.letters.chinese_support import (
    DOCUMENTS,
    FEMALE,
    IN_ABSENTIA,
    SECOND_DEFENDANT_LANGUAGES,
    UNKNOWN,
    body,
    build_bundled,
    build_letters,
    changed_copy,
    docx_text,
    han_share,
    pdf_text,
    second_defendant,
    solid,
)

LANG = "zh-Hant"
START = {
    "appeal": "我們謹致函",
    "sanctions-brief": "關於依據歐盟全球人權制裁機制實施針對性制裁的請求",
    "un-communication": "工作小組各位成員鈞鑒：",
}
SOURCES = "資料來源"
ANNEX = "證據附件"
"""A brief ends with its evidence annex: the sources listed as published."""
SENTENCES = {
    ("uk-fs", "appeal"): [
        "呼籲釋放阿斯卡爾·凱爾別克",
        "2021年9月6日",
        "外交大臣閣下：",
        "我們謹致函，提請您關注哈薩克阿斯塔納的公民運動人士、YouTube影音部落客阿斯卡爾·凱爾別克的案件。",
        "阿斯卡爾·凱爾別克正在服刑，所判刑罰為有期徒刑2年2個月。",
        "阿斯卡爾·凱爾別克依據以下條款被定罪：",
        "《哈薩克共和國刑法典》第405條第1和2項（組織及參與極端主義組織的活動）",
        "街頭黨是一個和平的反對派運動。",
        "2020年，努爾蘇丹市葉西爾區法院以魯斯蘭·馬日托夫法官所作的一項秘密裁定，將其認定為「極端主義組織」。",
        "2021年6月21日，努爾蘇丹第一審法院判處阿斯卡爾·凱爾別克有期徒刑1年6個月和禁止從事社會政治活動5年。",
        "2021年9月2日，上訴法院將阿斯卡爾·凱爾別克的刑罰加重為有期徒刑2年2個月和禁止從事社會政治活動5年。",
        "審理法官：穆拉特·索爾特巴耶夫、舍娜爾·葉爾加利耶娃和阿拜·科克扎洛夫。",
        "根據消息來源，指控所依據的是以下行為：",
        "國際機構的立場",
        "我們懇請您敦促哈薩克當局確保：",
        "立即無條件釋放阿斯卡爾·凱爾別克",
        "為阿斯卡爾·凱爾別克徹底平反、恢復名譽",
        "如蒙回覆並告知您就此案採取的任何步驟，我們將不勝感激。",
        "敬頌　勛綏",
    ],
    ("eu-hrvp", "appeal"): [
        "高級代表閣下：",
        "我們還請您依據歐盟全球人權制裁機制，對下列負有責任的官員實施針對性制裁：",
        "卡里姆·馬西莫夫（國家安全委員會主席）",
        "吉扎特·努爾達烏列托夫（檢察總長）",
        "葉爾蘭·圖爾古姆巴耶夫（內政部長）",
    ],
    ("eu-hrvp", "sanctions-brief"): [
        "關於依據歐盟全球人權制裁機制實施針對性制裁的請求",
        "我們請求依據歐盟全球人權制裁機制，就阿斯卡爾·凱爾別克遭起訴一事，將哈薩克的以下三名官員列入制裁名單：",
        "理事會依據會員國或高級代表的提議，以一致決作出決定。",
        "制裁機制及其要件",
        "本請求書所述行為符合下列要件：",
        "歐盟第2020/1998號規則附件一",
        "擬列入制裁名單的人員",
        "在本案中的角色",
        "我們懇請您審酌上述列名建議，並隨時準備提供進一步資訊，包括我們持有的資料來源副本。",
        "案卷中沒有卡里姆·馬西莫夫註明日期之具體行為的紀錄；本項建議以下文所述其在本案中的角色為依據。",
        "證據附件",
    ],
    ("un-wgad", "un-communication"): [
        "關於阿斯卡爾·凱爾別克（哈薩克）的來文",
        "工作小組各位成員鈞鑒：",
        "Steppe Rights Watch謹提交關於阿斯卡爾·凱爾別克的以下資料，供您審酌。",
        "一、身分資料",
        "其他拼法",
        "二、逮捕",
        "三、拘禁",
        "第二類涵蓋因行使《世界人權宣言》第7、13、14、18、19、20及21條",
        "第三類涵蓋完全或部分不遵守有關獲得公正審判權的國際準則、情節嚴重以致剝奪自由具有任意性質的情況。",
        "此外，來文方請求工作組呼籲哈薩克政府確保：",
        "來文方同意將上述資料轉交該國政府，並請求對其身分予以保密。",
        "順頌　時祺",
    ],
}
SIMPLIFIED_ONLY = set("们这发说关对为国际罚审诉讼释权阁联员个与从")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bundled(tmp_path_factory.mktemp("zh-hant"), LANG)


@pytest.mark.parametrize(("recipient", "document"), sorted(DOCUMENTS))
def test_documents_are_built_in_traditional_chinese(built: Path, recipient: str, document: str) -> None:
    for fmt in ("pdf", "docx"):
        path = built / recipient / f"{document}.{LANG}.{fmt}"
        text = pdf_text(path) if fmt == "pdf" else docx_text(path)
        words = body(text, START[document], ANNEX if document == "sanctions-brief" else SOURCES)
        assert han_share(words) >= 0.75, (path.name, han_share(words))
        assert not SIMPLIFIED_ONLY & set(words), (path.name, sorted(SIMPLIFIED_ONLY & set(words)))
        # Taiwan's forms and marks: 身分 (not 身份), 「」 (not “”).
        assert "身份" not in words and "“" not in words and "”" not in words, path.name


@pytest.mark.parametrize(("recipient", "document"), sorted(SENTENCES))
def test_pdf_and_docx_carry_the_expected_sentences(built: Path, recipient: str, document: str) -> None:
    pdf = solid(pdf_text(built / recipient / f"{document}.{LANG}.pdf"))
    word = solid(docx_text(built / recipient / f"{document}.{LANG}.docx"))
    for sentence in SENTENCES[recipient, document]:
        assert solid(sentence) in pdf, ("pdf", sentence)
        assert solid(sentence) in word, ("docx", sentence)


def test_page_label_and_three_officials_spelled(built: Path) -> None:
    path = built / "eu-hrvp" / f"sanctions-brief.{LANG}.pdf"
    assert "第1頁，共" in solid(PdfReader(path).pages[0].extract_text() or "")  # the footer, which pdf_text leaves out
    pdf = solid(pdf_text(path))
    assert "以下三名官員" in pdf and "以下3名官員" not in pdf


def _appeal(folder: Path, out: Path, as_of: str = "") -> str:
    """The appeal to uk-fs built from a changed case, as DOCX only (the PDF and the DOCX are held
    to the same sentences above; a DOCX is written in milliseconds, a Chinese PDF in seconds)."""
    built = build_letters(
        folder, out, LANG, recipients=("uk-fs",), documents=("appeal",), as_of=as_of, formats=("docx",)
    )
    return solid(docx_text(built / "uk-fs" / f"appeal.{LANG}.docx"))


def test_a_woman_tried_in_absentia_reads_without_a_gendered_pronoun(tmp_path: Path) -> None:
    folder = changed_copy(tmp_path / "case", FEMALE, IN_ABSENTIA)
    text = _appeal(folder, tmp_path / "out")
    assert "阿斯卡爾·凱爾別克正在服刑，所判刑罰為有期徒刑2年2個月。" in text
    assert (
        "2021年6月21日，努爾蘇丹第一審法院對阿斯卡爾·凱爾別克進行缺席審判，"
        "判處其有期徒刑1年6個月和禁止從事社會政治活動5年。"
    ) in text
    assert "他" not in text and "她" not in text


def test_unknown_gender_released_under_restriction_of_freedom(tmp_path: Path) -> None:
    folder = changed_copy(tmp_path / "case", UNKNOWN)
    text = _appeal(folder, tmp_path / "out", as_of="2022-06-01")
    assert "呼籲為阿斯卡爾·凱爾別克平反" in text
    assert "阿斯卡爾·凱爾別克自2022年5月19日起處於限制自由狀態，已不在獄中，但有罪判決仍然有效。" in text
    assert "2022年1月26日，彼得羅巴甫洛夫斯克法院駁回了阿斯卡爾·凱爾別克的假釋聲請。" in text
    assert "立即無條件釋放" not in text
    assert "他" not in text and "她" not in text


@pytest.mark.parametrize("genders", [("male", "female"), ("female", "female")], ids=["plural", "plural-female"])
def test_two_defendants_share_the_sentence(tmp_path: Path, genders: tuple[str, str]) -> None:
    first = ("  - id: askar-kaiyrbek\n    gender: male\n", f"  - id: askar-kaiyrbek\n    gender: {genders[0]}\n")
    folder = changed_copy(tmp_path / "case", first, IN_ABSENTIA, *second_defendant(genders[1]))
    keep_languages(folder, SECOND_DEFENDANT_LANGUAGES)
    text = _appeal(folder, tmp_path / "out")
    assert "我們謹致函，提請您關注哈薩克的阿斯卡爾·凱爾別克和艾格麗姆·別科娃案。" in text
    assert (
        "2021年6月21日，努爾蘇丹第一審法院對阿斯卡爾·凱爾別克和艾格麗姆·別科娃進行缺席審判，"
        "均判處有期徒刑1年6個月和禁止從事社會政治活動5年。"
    ) in text
    assert "判處其" not in text
    assert "他" not in text and "她" not in text
