"""Writing files so that a reader sees the old file or the new one, never a part of either.

Every file `campaign` writes (documents, manifest, outbox, catalogs) goes through here: the bytes
go to a temporary name in the same folder, which is then renamed over the target, so an
interrupted build leaves the previous good file in place and nothing half-written on disk.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`; renamed to `path` when the block ends without an error.

    For writers that need a file name rather than bytes (`mailbox.mbox`). On failure the temporary
    file is removed and `path` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
