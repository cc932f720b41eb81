"""Problems found in input files: each one a `Problem` at file:line, column, read as
`file:line, column 'x': got '...'; expected ...`. A build collects them, never raising one at a time, so it
reports all of them; an ingest lists the rows it rejects the same way, and refuses a file it cannot read with
`FileRejected`, which carries one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.paths import ROOT

SHOWN_LIMIT = 200   # characters of a value a message quotes


@dataclass(frozen=True)
class Location:
    """Where a record was read: a file and a line (1 is a CSV file's header; 0 when the whole file is meant)."""
    file: Path
    line: int


@dataclass(frozen=True, order=True)
class Problem:
    """A value that cannot be used, where it is: `reason` follows the value in the message ('expected a number',
    or why a row is left out: 'duplicate of line 3'). Line 0 means the file as a whole; a value of None, a file
    that cannot be read at all (`file: <reason>`, no value to quote)."""
    file: str
    line: int
    column: str
    value: str | None
    reason: str
    last: int = 0                                   # the line a record spanning lines ends on
    raw: str = field(default="", compare=False)     # the record as in the file (cut short), for an ingest report
    superseded: bool = field(default=False, compare=False)   # a row a later download gives: no defect of its file

    @property
    def expected(self) -> str:
        return self.reason.removeprefix("expected ")

    @property
    def lines(self) -> str:
        """'12', or '12-13' for a record that spans lines."""
        return line_range(self.line, self.last)

    def __str__(self) -> str:
        where = f"{self.file}:{self.lines}" if self.line else self.file
        if self.value is None:
            return f"{where}: {self.reason}"
        column = f", column {self.column!r}" if self.column else ""
        return f"{where}{column}: got {shown(self.value)!r}; {self.reason}"


class FileRejected(Exception):
    """A file that cannot be read at all (not a CSV, no known header, a required column missing): nothing of it
    is used. `expected` is what the value should have been, or, without a value, why the file is refused."""

    def __init__(self, file: str, line: int, column: str, value: str | None, expected: str):
        self.args_given = (file, line, column, value, expected)
        self.problem = Problem(file, line, column, value, expected if value is None else f"expected {expected}")
        super().__init__(str(self.problem))

    def __reduce__(self) -> tuple[type[FileRejected], tuple[str, int, str, str | None, str]]:
        # so that it crosses from a reader process intact
        return FileRejected, self.args_given


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)

    def add(self, file: Path | str, line: int, column: str, value: object, expected: str) -> None:
        self.items.append(Problem(display_path(file), line, column, "" if value is None else str(value),
                                  f"expected {expected}"))

    def at(self, where: Location, column: str, value: object, expected: str) -> None:
        self.add(where.file, where.line, column, value, expected)

    def found_in(self, file: Path, problem: Problem) -> None:
        """A problem a reader found, placed in `file` (the reader names a file by its name only)."""
        self.items.append(Problem(display_path(file), problem.line, problem.column,
                                  "" if problem.value is None else problem.value, problem.reason, problem.last))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def report(self) -> str:
        return "\n".join(str(p) for p in sorted(self.items))


class BuildFailed(Exception):
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the input:\n{problems.report()}")


def display_path(path: Path | str) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def shown(value: str, limit: int = SHOWN_LIMIT) -> str:
    """A value as a message quotes it: as in the file, cut short (with its size) when it is long."""
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({size_text(len(value))} in all)"


def size_text(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n:,} characters"


def line_range(first: int, last: int) -> str:
    """'12', or '12-13' for a record that spans lines."""
    return f"{first}-{last}" if last > first else str(first)
