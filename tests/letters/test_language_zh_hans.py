"""The bundled campaign in Simplified Chinese (zh-Hans), read back from the PDF and DOCX files.

The expected sentences are written here in the register of UN Chinese documents, as a reader
expects them; they are not copied from the catalog. Chinese has no gender agreement in these
sentences: the letters avoid 他/她 (the formal 其 is neutral), so a woman's or an unknown
defendant's letter reads like a man's, and several defendants sharing a sentence get 均.
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

LANG = "zh-Hans"
START = {
    "appeal": "我们谨致函",
    "sanctions-brief": "关于依据欧盟全球人权制裁制度实施定向制裁的请求",
    "un-communication": "尊敬的工作组各位成员：",
}
SOURCES = "资料来源"
ANNEX = "证据附件"
"""A brief ends with its evidence annex: the sources listed as published."""
SENTENCES = {
    ("uk-fs", "appeal"): [
        "呼吁释放阿斯卡尔·凯尔别克",
        "2021年9月6日",
        "尊敬的外交大臣阁下：",
        "我们谨致函，提请您关注哈萨克斯坦阿斯塔纳的公民活动人士、YouTube视频博主阿斯卡尔·凯尔别克的案件。",
        "阿斯卡尔·凯尔别克正在服刑，所判刑罚为有期徒刑2年2个月。",
        "阿斯卡尔·凯尔别克依据以下条款被定罪：",
        "《哈萨克斯坦共和国刑法典》第405条第1和2款（组织和参与极端主义组织的活动）",
        "街头党是一个和平的反对派运动。",
        "2020年，努尔苏丹市叶西尔区法院通过鲁斯兰·马日托夫法官作出的一项秘密裁决，将其认定为“极端主义组织”。",
        "2021年6月21日，努尔苏丹一审法院判处阿斯卡尔·凯尔别克有期徒刑1年6个月和禁止从事社会政治活动5年。",
        "2021年9月2日，上诉法院将阿斯卡尔·凯尔别克的刑罚加重为有期徒刑2年2个月和禁止从事社会政治活动5年。",
        "审理法官：穆拉特·索尔特巴耶夫、舍娜尔·叶尔加利耶娃和阿拜·科克扎洛夫。",
        "据消息来源称，指控依据的是以下行为：",
        "2020年5月10日，阿斯卡尔·凯尔别克谈到曾试图为和平反对派运动“街头党”办理登记，当时该运动尚未被宣布为极端主义组织。",
        "2021年2月11日，欧洲议会在其关于哈萨克斯坦人权状况的决议（2021/2544(RSP)）中敦促哈萨克斯坦撤销出于政治动机的指控",
        "我们恳请您敦促哈萨克斯坦当局确保：",
        "立即无条件释放阿斯卡尔·凯尔别克",
        "为阿斯卡尔·凯尔别克彻底平反、恢复名誉",
        "如蒙回复并告知您就此案采取的任何步骤，我们将不胜感激。",
        "顺致崇高的敬意。",
        "主任",
    ],
    ("eu-hrvp", "appeal"): [
        "尊敬的高级代表阁下：",
        "我们还请您依据欧盟全球人权制裁制度，对下列负有责任的官员实施定向制裁：",
        "卡里姆·马西莫夫（国家安全委员会主席）",
        "最后，我们请您坚持将哈萨克斯坦履行其人权义务（包括根据《欧盟—哈萨克斯坦加强伙伴关系与合作协定》承担的义务）"
        "作为发展更密切关系的条件。",
    ],
    ("eu-hrvp", "sanctions-brief"): [
        "关于依据欧盟全球人权制裁制度实施定向制裁的请求",
        "我们请求依据欧盟全球人权制裁制度，就阿斯卡尔·凯尔别克遭起诉一事，指认哈萨克斯坦的以下三名官员：",
        "吉扎特·努尔达乌列托夫（总检察长）",
        "叶尔兰·图尔古姆巴耶夫（内务部长）",
        "理事会根据成员国或高级代表的提议，以一致同意作出决定。",
        "制裁制度及其标准",
        "本请求书所述行为属于以下标准的范围：",
        "欧盟第2020/1998号条例附件一",
        "拟议指认",
        "我们恳请您审议上述指认建议，并随时准备提供进一步信息，包括我们持有的资料来源副本。",
        "案卷中没有卡里姆·马西莫夫注明日期的具体行为的记录；本项建议以下文所述的其在本案中的作用为依据。",
        "证据附件",
    ],
    ("un-wgad", "un-communication"): [
        "关于阿斯卡尔·凯尔别克（哈萨克斯坦）的来文",
        "尊敬的工作组各位成员：",
        "Steppe Rights Watch谨提交关于阿斯卡尔·凯尔别克的以下资料，供您审议。",
        "一、身份信息",
        "二、逮捕",
        "三、羁押",
        "2021年6月21日：被监禁",
        "第二类涵盖因行使《世界人权宣言》第七、第十三、第十四、第十八、第十九、第二十和第二十一条",
        "第三类涵盖完全或部分不遵守有关获得公正审判权的国际准则、情节严重以致剥夺自由具有任意性质的情况。",
        "此外，来文方请求工作组呼吁哈萨克斯坦政府确保：",
        "来文方同意将上述资料转交该国政府，并请求对其身份予以保密。",
    ],
}
TRADITIONAL_ONLY = set("們這發說關對為國際罰審訴訟釋權閣聯員個與從")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bundled(tmp_path_factory.mktemp("zh-hans"), LANG)


@pytest.mark.parametrize(("recipient", "document"), sorted(DOCUMENTS))
def test_documents_are_built_in_simplified_chinese(built: Path, recipient: str, document: str) -> None:
    for fmt in ("pdf", "docx"):
        path = built / recipient / f"{document}.{LANG}.{fmt}"
        text = pdf_text(path) if fmt == "pdf" else docx_text(path)
        words = body(text, START[document], ANNEX if document == "sanctions-brief" else SOURCES)
        assert han_share(words) >= 0.75, (path.name, han_share(words))
        assert not TRADITIONAL_ONLY & set(words), (path.name, sorted(TRADITIONAL_ONLY & set(words)))


@pytest.mark.parametrize(("recipient", "document"), sorted(SENTENCES))
def test_pdf_and_docx_carry_the_expected_sentences(built: Path, recipient: str, document: str) -> None:
    pdf = solid(pdf_text(built / recipient / f"{document}.{LANG}.pdf"))
    word = solid(docx_text(built / recipient / f"{document}.{LANG}.docx"))
    for sentence in SENTENCES[recipient, document]:
        assert solid(sentence) in pdf, ("pdf", sentence)
        assert solid(sentence) in word, ("docx", sentence)


def test_page_label_and_three_officials_spelled(built: Path) -> None:
    path = built / "eu-hrvp" / f"sanctions-brief.{LANG}.pdf"
    assert "第1页，共" in solid(PdfReader(path).pages[0].extract_text() or "")  # the footer, which pdf_text leaves out
    pdf = solid(pdf_text(path))
    assert "以下三名官员" in pdf and "以下3名官员" not in pdf


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
    assert "阿斯卡尔·凯尔别克正在服刑，所判刑罚为有期徒刑2年2个月。" in text
    assert (
        "2021年6月21日，努尔苏丹一审法院对阿斯卡尔·凯尔别克进行缺席审判，"
        "判处其有期徒刑1年6个月和禁止从事社会政治活动5年。"
    ) in text
    assert "立即无条件释放阿斯卡尔·凯尔别克" in text
    assert "他" not in text and "她" not in text


def test_unknown_gender_released_under_restriction_of_freedom(tmp_path: Path) -> None:
    folder = changed_copy(tmp_path / "case", UNKNOWN)
    text = _appeal(folder, tmp_path / "out", as_of="2022-06-01")
    assert "呼吁为阿斯卡尔·凯尔别克平反" in text
    assert "阿斯卡尔·凯尔别克自2022年5月19日起处于限制自由状态，已不在狱中，但定罪仍然有效。" in text
    assert "2022年1月26日，彼得罗巴甫洛夫斯克法院驳回了阿斯卡尔·凯尔别克的假释申请。" in text
    assert "立即无条件释放" not in text
    assert "他" not in text and "她" not in text


@pytest.mark.parametrize("genders", [("male", "female"), ("female", "female")], ids=["plural", "plural-female"])
def test_two_defendants_share_the_sentence(tmp_path: Path, genders: tuple[str, str]) -> None:
    first = ("  - id: askar-kaiyrbek\n    gender: male\n", f"  - id: askar-kaiyrbek\n    gender: {genders[0]}\n")
    folder = changed_copy(tmp_path / "case", first, IN_ABSENTIA, *second_defendant(genders[1]))
    keep_languages(folder, SECOND_DEFENDANT_LANGUAGES)
    text = _appeal(folder, tmp_path / "out")
    assert "我们谨致函，提请您关注哈萨克斯坦的阿斯卡尔·凯尔别克和艾格丽姆·别科娃案。" in text
    assert (
        "2021年6月21日，努尔苏丹一审法院对阿斯卡尔·凯尔别克和艾格丽姆·别科娃进行缺席审判，"
        "均判处有期徒刑1年6个月和禁止从事社会政治活动5年。"
    ) in text
    assert "判处其" not in text
    assert "他" not in text and "她" not in text
