"""Header values and addresses checked before they reach the mail library.

The Python 3.11.7 on our machines writes an encoded-word such as
`=?utf-8?q?Hi=0D=0ABcc=3A_evil?=` into a header as a real `Bcc:` line (see section 5 of
`shared/reference/library-behaviour-under-attack.md`), and its policies have no
`verify_generated_headers`. So every value that becomes a header is checked here first, whatever
the validator already said: no CR/LF or other control or line-separator characters, and no `=?`.
Addresses go through email_validator (IDNA 2008, as the loader uses) so that an internationalized
domain is sent in its ASCII form and a non-ASCII local part is known to need SMTPUTF8.
"""

from __future__ import annotations

import email.policy
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from campaign.errors import InputError
from campaign.text_policy import header_problem

LIBRARY_VERIFIES_HEADERS: bool = hasattr(email.policy.default, "verify_generated_headers")
"""True on Pythons whose email package refuses to write a header that would add a line (3.11.9+,
3.12.5+, 3.13); our own checks run either way, because 3.11.7 has no such guard."""


def check_header(what: str, value: str) -> str:
    """Return `value` if it is safe in a header; otherwise raise InputError naming `what`."""
    problem = header_problem(value)
    if problem:
        raise InputError(f"{what} {problem}; it cannot be used in an email header ({value!r})")
    return value


@dataclass(frozen=True)
class MailAddress:
    """An address ready for the envelope and the headers."""

    addr_spec: str
    """The form to send: IDN domains in ASCII (xn--); the local part as written."""
    smtputf8: bool
    """True when the local part is not ASCII, so only a server offering SMTPUTF8 can take it."""

    @property
    def domain(self) -> str:
        return self.addr_spec.rpartition("@")[2]


def mail_address(what: str, address: str) -> MailAddress:
    """Check and convert one address; InputError with the reason when it cannot be sent to."""
    check_header(what, address)
    try:
        valid = validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InputError(f"{what} '{address}' is not a valid email address: {exc}") from None
    if valid.ascii_email:
        return MailAddress(valid.ascii_email, smtputf8=False)
    # A non-ASCII local part has no ASCII form; the domain part can still be converted.
    local, _, domain = valid.normalized.rpartition("@")
    ascii_domain = valid.ascii_domain or domain
    return MailAddress(f"{local}@{ascii_domain}", smtputf8=True)
