"""The message builder: headers right, injection refused, non-ASCII and IDN handled, stable identity."""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest

from campaign.errors import InputError
from campaign.load.campaign import load_campaign
from campaign.mail.message import Attachment, BuiltMessage, build_message, parse_message
from campaign.model.campaign import CampaignFile
from campaign.model.loaded import Loaded
from campaign.model.recipients import Recipient
from campaign.text_policy import header_problem
from tests.mail.mail_support import Cover, Received, copy_campaign, cover_for, make_pdf

ENCODED_CRLF = "=?utf-8?q?Hi=0D=0ABcc=3A_evil=40attacker=2Eexample?="
INJECTIONS = [
    "Hello\r\nBcc: evil@attacker.example",
    "Hello\nBcc: evil@attacker.example",
    "Hello\rBcc: evil@attacker.example",
    ENCODED_CRLF,
    "Hello\x00there",
    "Hello\u2028Bcc: evil@attacker.example",
    "Hello\x85there",
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    return load_campaign(copy_campaign(tmp_path_factory.mktemp("message")))


def recipient(loaded: Loaded, ident: str, **changes: Any) -> Recipient:
    found = next(r for r in loaded.campaign.recipients if r.id == ident)
    return found.model_copy(update=changes)


def settings(loaded: Loaded, **organisation: Any) -> CampaignFile:
    org = loaded.campaign.settings.organisation.model_copy(update=organisation)
    return loaded.campaign.settings.model_copy(update={"organisation": org})


PDF = make_pdf("appeal")


def build(loaded: Loaded, who: Recipient, cover: Cover | None = None, s: CampaignFile | None = None) -> BuiltMessage:
    lang = who.languages[0]
    return build_message(
        s or loaded.campaign.settings, who, cover or cover_for(who, lang), [Attachment("appeal", lang, "pdf", PDF)]
    )


def rfc2047(message: BuiltMessage, name: str) -> str:
    """A header decoded as RFC 2047 says (whitespace between adjacent encoded-words is ignored).

    The 3.11 address parser adds a space there, so it is not used to read display names back.
    """
    block = message.data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    lines = re.sub(r"\r\n[ \t]+", " ", block).split("\r\n")
    value = next(line.split(":", 1)[1] for line in lines if line.startswith(f"{name}:"))
    return str(make_header(decode_header(value)))


def parsed(message: BuiltMessage) -> Any:
    return Received("", (), message.data).parsed()


def test_headers_read_back_as_written(loaded: Loaded) -> None:
    built = build(loaded, recipient(loaded, "kz-mfa"))
    message = parsed(built)
    assert message["Subject"] == "Обращение: освободите Жанболата Мамая"
    assert rfc2047(built, "From") == "Қазақстан үшін бостандық <appeals@example.org>"
    assert rfc2047(built, "Reply-To") == "Қазақстан үшін бостандық <replies@example.org>"
    assert rfc2047(built, "To") == "Иван Петров <minister@xn--e1afmkfd.xn--80ao21a>"
    assert [a.addr_spec for a in message["To"].addresses] == ["minister@xn--e1afmkfd.xn--80ao21a"]
    assert "Date" not in message
    assert message.get_body(("plain",)).get_content().startswith("Dear Иван Петров,")
    assert message.get_body(("html",)).get_content().startswith("<p>Dear Иван Петров,</p>")
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "appeal.ru.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF


def test_a_long_subject_reads_back_as_written(loaded: Loaded) -> None:
    """Python's folder doubles the space before the folded dash of this subject; it still reads back."""
    subject = (
        "URGENTE – RE libertad de expresión, RE tortura, RE ejecuciones y RE independencia de "
        "magistrados y abogados – Toomaj Salehi"
    )
    built = build(loaded, recipient(loaded, "uk-fcdo"), Cover(subject, "text", "<p>html</p>"))
    assert parsed(built)["Subject"] == subject
    header_block = built.data.split(b"\r\n\r\n", 1)[0]
    assert max(len(line) for line in header_block.split(b"\r\n")) <= 998


def test_non_ascii_headers_are_encoded_words_and_the_bytes_are_ascii(loaded: Loaded) -> None:
    data = build(loaded, recipient(loaded, "kz-mfa")).data
    data.decode("ascii")
    header_block = data.split(b"\r\n\r\n", 1)[0]
    assert b"=?utf-8?" in header_block
    assert b"\n" not in header_block.replace(b"\r\n", b"")


def test_message_id_is_stable_and_follows_the_content(loaded: Loaded) -> None:
    who = recipient(loaded, "uk-fcdo")
    first, again = build(loaded, who), build(loaded, who)
    assert first.data == again.data
    assert first.message_id == again.message_id
    assert first.message_id.startswith("<free-zhanbolat-mamay-2021.uk-fcdo.")
    assert first.message_id.endswith("@example.org>")
    changed = build(loaded, who, Cover("Another subject", "text", "<p>html</p>"))
    assert changed.message_id != first.message_id
    assert changed.content_sha256 != first.content_sha256


def test_attachment_names_are_generated_never_taken_from_data(loaded: Loaded) -> None:
    who = recipient(loaded, "uk-fcdo")
    for document in ("../../etc/passwd", ENCODED_CRLF, "x\r\nBcc: y"):
        with pytest.raises(InputError, match="cannot be used in an attachment file name"):
            build_message(loaded.campaign.settings, who, cover_for(who, "en"), [Attachment(document, "en", "pdf", PDF)])
    with pytest.raises(InputError, match="not an attachable format"):
        build_message(loaded.campaign.settings, who, cover_for(who, "en"), [Attachment("appeal", "en", "exe", PDF)])


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_in_the_subject_is_refused(loaded: Loaded, value: str) -> None:
    with pytest.raises(InputError, match="cover email subject .*cannot be used in an email header"):
        build(loaded, recipient(loaded, "uk-fcdo"), Cover(value, "text", "<p>x</p>"))


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_in_the_recipient_name_is_refused(loaded: Loaded, value: str) -> None:
    who = recipient(loaded, "uk-fcdo")
    assert who.person is not None
    with pytest.raises(InputError, match="recipient 'uk-fcdo': name"):
        build(loaded, who.model_copy(update={"person": who.person.model_copy(update={"name": value})}))
    with pytest.raises(InputError, match="recipient 'eu-sede': name"):
        build(loaded, recipient(loaded, "eu-sede", office=value))


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_in_the_organisation_name_is_refused(loaded: Loaded, value: str) -> None:
    with pytest.raises(InputError, match="organisation.name"):
        build(loaded, recipient(loaded, "uk-fcdo"), s=settings(loaded, name=value))


@pytest.mark.parametrize(
    "address",
    [
        "a@example.org\r\nBcc: evil@attacker.example",
        "a@example.org\nRCPT TO:<evil@attacker.example>",
        f"{ENCODED_CRLF}@example.org",
        "evil@attacker.example, victim@example.org",
        "Ann <ann@example.org>",
        "not-an-address",
    ],
)
def test_bad_addresses_are_refused(loaded: Loaded, address: str) -> None:
    channel = {"kind": "email", "address": address}
    who = recipient(loaded, "uk-fcdo")
    bad = who.model_copy(update={"channel": who.channel.model_copy(update=channel)})
    with pytest.raises(InputError, match="channel.address"):
        build(loaded, bad)
    with pytest.raises(InputError, match="organisation.email"):
        build(loaded, who, s=settings(loaded, email=address))
    with pytest.raises(InputError, match="organisation.reply_to"):
        build(loaded, who, s=settings(loaded, reply_to=address))


def test_non_ascii_local_part_needs_smtputf8(loaded: Loaded) -> None:
    who = recipient(loaded, "kz-mfa")
    utf8 = who.model_copy(update={"channel": who.channel.model_copy(update={"address": "министр@пример.қаз"})})
    message = build(loaded, utf8)
    assert message.smtputf8
    assert message.envelope_to == "министр@xn--e1afmkfd.xn--80ao21a"
    assert b"\xd0\xbc" in message.data  # raw UTF-8, not a broken encoded-word
    assert parse_message(message.data)["To"].addresses[0].addr_spec == "министр@xn--e1afmkfd.xn--80ao21a"


def test_only_email_recipients_get_messages(loaded: Loaded) -> None:
    with pytest.raises(InputError, match="not reached by email"):
        build(loaded, recipient(loaded, "ch-fdfa"))


def test_header_problem_names_the_character() -> None:
    assert header_problem("Plain Ünïcödé name, with comma") is None
    assert header_problem("a\tb") == "contains the control character U+0009"
    assert header_problem("x =? y") == "contains '=?' (an email encoded-word marker)"


def test_the_loader_rejects_injection_with_file_and_line(tmp_path: Path) -> None:
    """The first guard: `validate` refuses the same values with their place in the file."""
    folder = copy_campaign(tmp_path)
    recipients = folder / "recipients.yaml"
    text = recipients.read_text(encoding="utf-8")
    text = text.replace("name: Jane Doe", f'name: "{ENCODED_CRLF}"')
    text = text.replace("address: sede@example.eu", 'address: "sede@example.eu, evil@attacker.example"')
    recipients.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_campaign(folder)
    lines = sorted(d.format() for d in caught.value.diagnostics)
    assert any(line.startswith("recipients.yaml:7:") and "encoded-word" in line for line in lines), lines
    assert any(line.startswith("recipients.yaml:") and "channel.address" in line for line in lines), lines
