"""From templates and the case to document trees: the Jinja sandbox, markup parsing, framing."""

from campaign.render.cover import CoverEmail, cover_email

__all__ = ["CoverEmail", "cover_email"]
