"""The cover message that carries a recipient's documents: subject, plain text and HTML."""

from __future__ import annotations

from dataclasses import dataclass

from campaign.errors import RenderError
from campaign.load.campaign import Loaded
from campaign.model.recipients import Recipient
from campaign.render.compose import Renderer, Skipped

COVER_DOCUMENT = "cover-email"


@dataclass(frozen=True)
class CoverEmail:
    """What the mail builder puts in a message besides the attachments."""

    subject: str
    text: str
    html: str


def cover_email(loaded: Loaded, recipient: Recipient, lang: str, renderer: Renderer | None = None) -> CoverEmail:
    """Render the `cover-email` template for `recipient` in `lang` (one source, two bodies)."""
    from campaign.writers import get_writer

    renderer = renderer or Renderer(loaded)
    rendered = renderer.render(recipient, COVER_DOCUMENT, lang)
    if isinstance(rendered, Skipped):
        raise RenderError(f"the cover email for {recipient.id} was skipped: {rendered.reason}")
    if not rendered.subject:
        raise RenderError(f"letters/{COVER_DOCUMENT}.md.j2 must set 'subject'")
    text = get_writer("text").write(rendered.document).decode("utf-8")
    html = get_writer("html", renderer.asset_dirs).write(rendered.document).decode("utf-8")
    return CoverEmail(rendered.subject, text, html)
