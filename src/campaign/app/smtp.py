"""Which mail server `campaign email send` uses, and the password for it.

Each setting comes from the first place that gives it: the command line, then the
`CAMPAIGN_SMTP_*` environment variables (the CLI reads both, the command line first), then the
`smtp:` section of campaign.yaml. The password never comes from a file or the command line: it
is `CAMPAIGN_SMTP_PASSWORD`, else the system keyring (service `campaign`, user `USER@HOST`; stored
with `keyring set campaign USER@HOST`), else the CLI asks for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from campaign.mail.transports.smtp import Security, is_loopback
from campaign.model.campaign import SmtpSecurity, SmtpSettings

PASSWORD_VARIABLE = "CAMPAIGN_SMTP_PASSWORD"
KEYRING_SERVICE = "campaign"
"""The keyring service the password is stored under; the keyring user is `keyring_user()`."""

_FROM_FILE = "in campaign.yaml"
_TRANSPORT_SECURITY = {
    SmtpSecurity.STARTTLS: Security.STARTTLS,
    SmtpSecurity.SSL: Security.SSL,
    SmtpSecurity.INSECURE_PLAIN: Security.NONE,
}


class ServerSettingsError(Exception):
    """The server settings cannot be used as they are: a usage error (exit 2) naming where the
    setting at fault was given (`where`: an option, or a field of campaign.yaml)."""

    def __init__(self, message: str, where: str) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


@dataclass(frozen=True)
class ServerChoice:
    """What the command line or the environment gave; None where neither did."""

    host: str | None = None
    port: int | None = None
    security: SmtpSecurity | None = None
    user: str | None = None
    cafile: Path | None = None
    rate: int | None = None
    """Messages a minute."""


@dataclass(frozen=True)
class Server:
    """The settings `email send` uses, each from the first place that gave it."""

    host: str | None
    """None only for a dry run given no server."""
    port: int | None
    """None: the usual port of `security`."""
    security: Security
    user: str | None
    cafile: Path | None
    rate: int | None


def resolve_server(given: ServerChoice, file: SmtpSettings, folder: Path, *, dry_run: bool = False) -> Server:
    """Merge the command line and environment (`given`) over campaign.yaml's `smtp:` (`file`), and
    refuse what must not be sent: no server at all (except for a dry run), plain text to another
    machine unless `insecure-plain` was asked for, and a password in plain text in any case."""

    def where(option: str, name: str, mine: object) -> str:
        return option if mine is not None else f"smtp.{name} {_FROM_FILE}"

    host = given.host if given.host is not None else file.host
    port = given.port if given.port is not None else file.port
    user = given.user if given.user is not None else file.user
    security = given.security if given.security is not None else file.security
    rate = given.rate if given.rate is not None else file.rate
    cafile = given.cafile if given.cafile is not None else (folder / file.cafile if file.cafile else None)
    if host is None and not dry_run:
        raise ServerSettingsError(
            "give the mail server with --smtp-host, CAMPAIGN_SMTP_HOST or `smtp: host:` in campaign.yaml",
            "--smtp-host",
        )
    remote = host is not None and not is_loopback(host)
    plain = security in (None, SmtpSecurity.INSECURE_PLAIN)
    if plain and remote and user:
        raise ServerSettingsError(
            "refusing to send a password in clear text; add --starttls or --ssl (or `security:` in campaign.yaml)",
            where("--user", "user", given.user),
        )
    if security is None and remote:
        raise ServerSettingsError(
            f"{host} is not this machine: add --starttls or --ssl, or --insecure to send the letters in clear "
            "text (in campaign.yaml: `security: starttls`, `ssl` or `insecure-plain`)",
            where("--smtp-host", "host", given.host),
        )
    transport_security = _TRANSPORT_SECURITY[security] if security is not None else Security.NONE
    return Server(host, port, transport_security, user, cafile, rate)


def keyring_user(user: str, host: str) -> str:
    """The keyring's user name for a login on a server: `USER@HOST`."""
    return f"{user}@{host}"


def smtp_password(
    user: str,
    host: str,
    *,
    ask: Callable[[str], str] | None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The password for `user` on `host`: `CAMPAIGN_SMTP_PASSWORD`, else the system keyring, else
    `ask(prompt)`; `ServerSettingsError` when none gives one (`ask` is None without a terminal)."""
    environ = os.environ if environ is None else environ
    password = environ.get(PASSWORD_VARIABLE)
    if password is not None:
        return password
    password = keyring_password(user, host)
    if password is not None:
        return password
    if ask is None:
        raise ServerSettingsError(
            f"set {PASSWORD_VARIABLE} or store the password with `keyring set {KEYRING_SERVICE} "
            f"{keyring_user(user, host)}` (there is no terminal to ask for it)",
            "--user",
        )
    return ask(f"SMTP password for {user} on {host}")


def keyring_password(user: str, host: str) -> str | None:
    """The password the system keyring holds for `user` on `host`, or None.

    None also when there is no keyring, or it is locked, refuses or fails in any way: the
    password is then asked for, so a broken keyring never stops a send.
    """
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency; a stripped install still asks
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_user(user, host))
    except KeyringError:
        return None
    except Exception:  # noqa: BLE001 - a backend's own errors (D-Bus, Keychain, ...) mean "no password"
        return None
