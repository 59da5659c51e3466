"""The cover email: the text of the message that carries a recipient's documents.

It is rendered from `letters/cover-email.md.j2` like any document (one source, a plain-text and an
HTML body), and like any document it is untrusted: `campaign email build` and `campaign validate`
render it in a worker process under the same time alarm and memory limit as the documents
(`campaign.jobs.pool.render_covers`), so a runaway loop or a huge string fails that message alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.errors import RenderError
from campaign.model.loaded import COVER_DOCUMENT
from campaign.model.recipients import Recipient
from campaign.render.compose import Renderer, Skipped
from campaign.writers import get_writer


@dataclass(frozen=True)
class CoverEmail:
    """What the mail builder puts in a message besides the attachments."""

    subject: str
    text: str
    html: str


def cover_email(renderer: Renderer, recipient: Recipient, lang: str) -> CoverEmail:
    """Render the `cover-email` template for `recipient` in `lang`: one source, a text and an HTML body."""
    rendered = renderer.render(recipient, COVER_DOCUMENT, lang)
    if isinstance(rendered, Skipped):
        raise RenderError(f"the cover email for {recipient.id} was skipped: {rendered.reason}")
    if not rendered.subject:
        raise RenderError(f"letters/{COVER_DOCUMENT}.md.j2 must set 'subject'")
    text = get_writer("text").write(rendered.document).decode("utf-8")
    html = get_writer("html", renderer.asset_dirs).write(rendered.document).decode("utf-8")
    return CoverEmail(rendered.subject, text, html)
