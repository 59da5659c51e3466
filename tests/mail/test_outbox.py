"""`email build` output: .eml files, the mbox, the outbox index, the postal pack."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import mailbox as mailboxes
from pathlib import Path

import pypdf
import pytest

from campaign.errors import InputError, InputMissingError
from campaign.load.campaign import load_campaign
from campaign.mail.outbox import load_outbox
from tests.mail.mail_support import Built, Received, make_outbox, prepare, write_build_output


def attachments(message: object) -> dict[str, bytes]:
    found = {}
    for part in message.iter_attachments():  # type: ignore[attr-defined]
        found[part.get_filename()] = part.get_content()
    return found


def test_one_eml_per_email_recipient_with_its_pdfs(built: Built) -> None:
    outbox = built.out / "outbox"
    assert sorted(p.name for p in outbox.glob("*.eml")) == ["eu-sede.eml", "kz-mfa.eml", "uk-fcdo.eml"]

    for recipient in ("uk-fcdo", "kz-mfa", "eu-sede"):
        message = Received("", (), (outbox / f"{recipient}.eml").read_bytes()).parsed()
        expected = {f"{e['document']}.{e['language']}.pdf": e["sha256"] for e in built.entries(recipient)}
        got = {name: hashlib.sha256(data).hexdigest() for name, data in attachments(message).items()}
        assert got == expected
        assert "Date" not in message


def test_attachments_follow_document_then_language_order(built: Built) -> None:
    message = next(m for m in load_outbox(built.out) if m.recipient == "kz-mfa")
    names = [a.filename for a in message.attachments]
    assert names == ["appeal.ru.pdf", "appeal.kk.pdf", "brief.ru.pdf", "brief.kk.pdf"]


def test_mbox_holds_the_same_messages(built: Built) -> None:
    box = mailboxes.mbox(str(built.out / "outbox" / "outbox.mbox"))
    ids = sorted(m["Message-ID"].strip() for m in box)
    box.close()
    assert ids == sorted(m.message_id for m in load_outbox(built.out))
    assert len(ids) == 3


def test_outbox_index_records_hashes_and_envelope(built: Built) -> None:
    index = json.loads((built.out / "outbox" / "outbox.json").read_text(encoding="utf-8"))
    kz = next(m for m in index["messages"] if m["recipient"] == "kz-mfa")
    assert kz["envelope_to"] == "minister@xn--e1afmkfd.xn--80ao21a"
    assert kz["envelope_from"] == "appeals@example.org"
    assert kz["smtputf8"] is False
    assert kz["eml_sha256"] == hashlib.sha256((built.out / "outbox" / "kz-mfa.eml").read_bytes()).hexdigest()
    assert [a["sha256"] for a in kz["attachments"]] == [
        e["sha256"] for e in sorted(built.entries("kz-mfa"), key=lambda e: (e["document"], e["language"] == "kk"))
    ]


def test_rebuilding_gives_identical_bytes(built: Built) -> None:
    before = {p.name: p.read_bytes() for p in (built.out / "outbox").glob("*.eml")}
    make_outbox(built.load(), built.out)
    after = {p.name: p.read_bytes() for p in (built.out / "outbox").glob("*.eml")}
    assert before == after


def test_postal_pdf_joins_the_recipients_documents_in_order(built: Built) -> None:
    pdf = pypdf.PdfReader(built.out / "postal" / "ch-fdfa.pdf")
    # ch-fdfa gets appeal (1 page) and brief (2 pages) in English: 3 pages.
    assert len(pdf.pages) == 3
    assert not (built.out / "postal" / "uk-fcdo.pdf").exists()


def test_postal_csv_has_name_address_lines_and_documents(built: Built) -> None:
    rows = list(csv.DictReader(io.StringIO((built.out / "postal" / "postal.csv").read_text(encoding="utf-8"))))
    assert rows == [
        {
            "recipient": "ch-fdfa",
            "name": "Head of Department",
            "address_1": "Federal Department of Foreign Affairs",
            "address_2": "Bundeshaus West",
            "address_3": "3003 Bern",
            "address_4": "Switzerland",
            "documents": "appeal.en.pdf; brief.en.pdf",
            "pdf": "ch-fdfa.pdf",
        }
    ]


def test_postal_csv_neutralises_spreadsheet_formulas(tmp_path: Path) -> None:
    built = prepare(tmp_path, outbox=False)
    recipients = built.folder / "recipients.yaml"
    recipients.write_text(
        recipients.read_text(encoding="utf-8").replace("- 3003 Bern", '- =HYPERLINK("http://x")'), encoding="utf-8"
    )
    write_build_output(load_campaign(built.folder), built.out)  # the recipient changed: build again
    make_outbox(load_campaign(built.folder), built.out)
    text = (built.out / "postal" / "postal.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text


def test_docx_attached_when_campaign_asks(tmp_path: Path) -> None:
    built = prepare(tmp_path, outbox=False, docx_too=True)
    settings = built.folder / "campaign.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "email:\n  attach_docx: true\n", encoding="utf-8")
    write_build_output(load_campaign(built.folder), built.out, docx_too=True)  # campaign.yaml changed
    make_outbox(load_campaign(built.folder), built.out)
    message = next(m for m in load_outbox(built.out) if m.recipient == "uk-fcdo")
    assert [a.filename for a in message.attachments] == ["appeal.en.pdf", "appeal.en.docx"]
    postal = pypdf.PdfReader(built.out / "postal" / "ch-fdfa.pdf")
    assert len(postal.pages) == 3  # DOCX never goes into the print file


def test_a_missing_docx_is_an_error_when_the_campaign_asks_for_it(tmp_path: Path) -> None:
    built = prepare(tmp_path, outbox=False)
    settings = built.folder / "campaign.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "email:\n  attach_docx: true\n", encoding="utf-8")
    write_build_output(load_campaign(built.folder), built.out)  # PDFs only
    with pytest.raises(InputError) as caught:
        make_outbox(load_campaign(built.folder), built.out)
    assert any("uk-fcdo/appeal.en.docx is owed but was not built" in d.message for d in caught.value.diagnostics)


def test_a_document_changed_after_build_is_refused(tmp_path: Path) -> None:
    built = prepare(tmp_path, outbox=False)
    (built.out / "kz-mfa" / "appeal.ru.pdf").write_bytes(b"%PDF-1.4 tampered")
    with pytest.raises(InputError) as caught:
        make_outbox(built.load(), built.out)
    text = "\n".join(d.format() for d in caught.value.diagnostics)
    assert "kz-mfa/appeal.ru.pdf changed since `campaign build`" in text
    assert not (built.out / "outbox" / "outbox.json").exists()


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    built = prepare(tmp_path, outbox=False)
    (built.out / "kz-mfa" / "appeal.ru.pdf").unlink()
    for entry in built.entries("uk-fcdo"):
        (built.out / entry["path"]).write_bytes(b"x")
    with pytest.raises(InputError) as caught:
        make_outbox(built.load(), built.out)
    fields = sorted(d.field for d in caught.value.diagnostics)
    assert fields == ["recipient kz-mfa", "recipient uk-fcdo"]


def test_without_build_output_the_user_is_told_to_build(tmp_path: Path) -> None:
    built = prepare(tmp_path, outbox=False)
    (built.out / "manifest.json").unlink()
    with pytest.raises(InputMissingError, match="run `campaign build` first"):
        make_outbox(built.load(), built.out)


def test_an_edited_eml_is_not_sent(built: Built) -> None:
    path = built.out / "outbox" / "uk-fcdo.eml"
    path.write_bytes(path.read_bytes().replace(b"Dear", b"Dead"))
    with pytest.raises(InputError, match="uk-fcdo.eml changed since `campaign email build`"):
        load_outbox(built.out)
