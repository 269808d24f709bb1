"""The one error a fetch raises: which source, which page or URL, and why, in words."""

from __future__ import annotations

from typing import Literal

# unreachable: no answer at all (DNS, refused, timeout, proxy); http_status: the server answered
# with an error status other than 404/410; http: any other unusable answer
Kind = Literal["unreachable", "http", "http_status", "not_found", "missing", "refused", "truncated"]


class FetchError(Exception):
    """A file that could not be fetched; nothing of it reaches the raw folder."""

    def __init__(self, source: str, where: str, reason: str, kind: Kind = "http") -> None:
        self.source = source
        self.where = where
        self.reason = reason
        self.kind = kind
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.source}: {self.where}: {self.reason}"
