"""Email: the message builder, the outbox and postal pack, the SMTP transport, the ledger, sending.

```
outbox.build_outbox ──► message.build_message (headers checked by headers.py)
send.send_outbox ──► send.plan_sends (rules) ──► smtp.SmtpTransport ──► ledger.Ledger (states)
```
"""

from campaign.mail.ledger import LEDGER_FILE, TRANSITIONS, Ledger, LedgerError, State, check_transition
from campaign.mail.message import Attachment, BuiltMessage, CoverMessage, build_message
from campaign.mail.outbox import CoverFactory, build_outbox, load_outbox
from campaign.mail.ratelimit import RateLimiter
from campaign.mail.send import MessageReport, SendOptions, SendResult, send_outbox
from campaign.mail.smtp import Delivery, Security, ServerUnavailableError, SmtpTransport, Transport, classify

__all__ = [
    "LEDGER_FILE",
    "TRANSITIONS",
    "Attachment",
    "BuiltMessage",
    "CoverFactory",
    "CoverMessage",
    "Delivery",
    "Ledger",
    "LedgerError",
    "MessageReport",
    "RateLimiter",
    "Security",
    "SendOptions",
    "SendResult",
    "ServerUnavailableError",
    "SmtpTransport",
    "State",
    "Transport",
    "build_message",
    "build_outbox",
    "check_transition",
    "classify",
    "load_outbox",
    "send_outbox",
]
