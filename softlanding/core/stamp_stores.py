"""Where change stamps and shared bytes live: a folder on one host, or Redis for every instance."""

import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

BYTES_TTL_SECONDS = 24 * 3600


class FileStore:
    """Stamps and bytes in files under one folder: shared by every worker on this host."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _write(self, name: str, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, self.folder / name)  # atomic: a reader sees the old file or the new one

    def stamp(self, kind: str) -> str:
        """The current stamp of `kind` ("" before the first change)."""
        try:
            return (self.folder / f"stamp-{kind}").read_text()
        except FileNotFoundError:
            return ""

    def bump(self, kind: str) -> None:
        """A new stamp: every validator computed under the old one is recomputed."""
        self._write(f"stamp-{kind}", secrets.token_hex(8).encode())

    def bump_all(self, kinds: list[str]) -> None:
        """New stamps for several kinds (one file each)."""
        for kind in kinds:
            self.bump(kind)

    def get(self, key: str) -> bytes | None:
        """Stored bytes, or None."""
        try:
            return (self.folder / f"bytes-{key}").read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Store bytes under a content key (older files under the same prefix are removed)."""
        prefix = key.rsplit("-", 1)[0]
        for old in self.folder.glob(f"bytes-{prefix}-*"):
            old.unlink(missing_ok=True)
        self._write(f"bytes-{key}", data)


class RedisStore:
    """Stamps and bytes in Redis: shared by every worker of every instance."""

    def __init__(self, url: str, prefix: str, options: dict[str, Any]):
        import redis

        self.client = redis.Redis.from_url(url, **options)
        self.prefix = f"{prefix}:stamps:"

    def stamp(self, kind: str) -> str:
        """The current stamp of `kind`."""
        value = self.client.get(self.prefix + "stamp:" + kind)
        return value.decode() if isinstance(value, bytes) else ""

    def bump(self, kind: str) -> None:
        """A new stamp."""
        self.client.incr(self.prefix + "stamp:" + kind)

    def bump_all(self, kinds: list[str]) -> None:
        """New stamps for several kinds in one round trip (a booking changes five kinds at once)."""
        pipe = self.client.pipeline(transaction=False)
        for kind in kinds:
            pipe.incr(self.prefix + "stamp:" + kind)
        pipe.execute()

    def get(self, key: str) -> bytes | None:
        """Stored bytes, or None."""
        value = self.client.get(self.prefix + "bytes:" + key)
        return value if isinstance(value, bytes) else None

    def put(self, key: str, data: bytes) -> None:
        """Store bytes for a day (the key is an ETag: an old one is simply never asked for again)."""
        self.client.set(self.prefix + "bytes:" + key, data, ex=BYTES_TTL_SECONDS)
