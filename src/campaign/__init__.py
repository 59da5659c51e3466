"""campaign: appeal letters, sanctions briefs and UN communications for political prisoners.

The public API: what the command line does, as functions a script (or the benchmarks) can call.
Everything else is internal and may change between versions.

```python
import campaign
loaded = campaign.validate(Path("my-campaign"))                  # raises campaign.InputError
result = campaign.build(Path("my-campaign"), campaign.BuildOptions(out=Path("out")))
outbox = campaign.email_build(Path("my-campaign"), Path("out"))
```
"""

from campaign.app.build import build
from campaign.app.email import CoverEmail, cover_email, email_build, email_export, email_send, email_status
from campaign.app.init import init_campaign
from campaign.app.validate import json_schema, validate
from campaign.diagnostics import Diagnostic, Severity
from campaign.document import nodes
from campaign.document.nodes import Document, DocumentMeta
from campaign.errors import (
    CampaignError,
    CatalogError,
    InputError,
    InputMissingError,
    RenderError,
    TransportError,
)
from campaign.jobs.job import BuildOptions, BuildResult, Outcome
from campaign.load.campaign import load_campaign
from campaign.load.yaml import load_yaml
from campaign.mail.send import SendOptions, SendResult
from campaign.mail.transports.file import FileTransport
from campaign.mail.transports.memory import MemoryTransport
from campaign.mail.transports.smtp import Security, SmtpTransport
from campaign.model.loaded import Loaded
from campaign.render.compose import Rendered, Renderer, Skipped
from campaign.version import __version__
from campaign.writers import PrintPage, built_formats, get_writer, print_page

__all__ = [
    "BuildOptions",
    "BuildResult",
    "CampaignError",
    "CatalogError",
    "CoverEmail",
    "Diagnostic",
    "Document",
    "DocumentMeta",
    "FileTransport",
    "InputError",
    "InputMissingError",
    "Loaded",
    "MemoryTransport",
    "Outcome",
    "PrintPage",
    "RenderError",
    "Rendered",
    "Renderer",
    "Security",
    "SendOptions",
    "SendResult",
    "Severity",
    "Skipped",
    "SmtpTransport",
    "TransportError",
    "__version__",
    "build",
    "built_formats",
    "cover_email",
    "email_build",
    "email_export",
    "email_send",
    "email_status",
    "get_writer",
    "init_campaign",
    "json_schema",
    "load_campaign",
    "load_yaml",
    "nodes",
    "print_page",
    "validate",
]
