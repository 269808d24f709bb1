"""The one error a whole file can raise: it names the file, and the line and column when known."""

from __future__ import annotations


class FileProblem(Exception):
    """A file that cannot be used as a whole; the build stops and nothing is replaced."""

    def __init__(
        self, file: str, reason: str, line: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.reason}"
