"""Problems found in input files: collected, never raised one at a time, so a build reports all of them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.paths import ROOT


@dataclass(frozen=True)
class Location:
    """Where a record was read: a file and a line (1 is a CSV file's header; 0 when the whole file is meant)."""
    file: Path
    line: int


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        column = f", column '{self.column}'" if self.column else ""
        return f"{where}{column}: got {self.value!r}; expected {self.expected}"


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)

    def add(self, file: Path | str, line: int, column: str, value: object, expected: str) -> None:
        self.items.append(Problem(display_path(file), line, column, "" if value is None else str(value), expected))

    def at(self, where: Location, column: str, value: object, expected: str) -> None:
        self.add(where.file, where.line, column, value, expected)

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
