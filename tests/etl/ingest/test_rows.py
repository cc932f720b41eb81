"""etl/ingest/rows.py: records as a CSV parser reads them, and the one row loop that accounts for every row
(rows in = kept + rejected + out of scope)."""
from __future__ import annotations

from collections import Counter

import pytest

from etl.ingest.rows import (
    FIELD_LIMIT,
    OutOfScope,
    Record,
    RowRejected,
    Tally,
    check_width,
    each_row,
    first_row,
    records,
)
from etl.ingest.text import (
    Header,
    ignored_columns,
    known_width,
)
from etl.problems import FileRejected


def test_tally_refuses_to_lose_a_row():
    tally = Tally("f.csv", rows_in=3, kept=1)
    tally.out("x")
    with pytest.raises(AssertionError):
        tally.check()


def test_the_row_loop_keeps_the_first_row_of_a_key_and_names_it_in_the_later_ones():
    tally, seen = Tally("f.csv"), {}
    rows = [Record(n, [str(value)], f"raw {n}") for n, value in ((2, 1), (3, 1), (4, 2), (5, 0))]

    def read(rec):
        if rec.fields[0] == "0":
            raise OutOfScope("not Peru")
        first_row(seen, "key", rec, rec.fields[0], "this cell", *(("Value", "2") if rec.fields[0] == "2" else ()))
        return rec.line

    assert each_row(rows, tally, read) == [2] and (tally.rows_in, tally.kept) == (4, 1)
    tally.check()
    assert [(r.line, r.column, r.value, r.reason, r.raw) for r in tally.rejected] == [
        (3, "", "", "duplicate of line 2", "raw 3"),
        (4, "Value", "2", "second row for this cell: line 2 has other values", "raw 4")]
    tally.out("not Peru", 0)
    tally.skipped(2, "not Peru")
    assert dict(tally.out_of_scope) == {"not Peru": 3} and tally.rows_in == 6


def test_records_keep_the_line_a_row_starts_on_and_count_blank_lines():
    blank: Counter = Counter()
    rows = list(records('title\na,b\n1,"two\nlines"\n\n3,4\n', Header(",", 2, ["a", "b"], 1), blank))
    assert [(r.line, r.fields, r.raw) for r in rows] == [(3, ["1", "two\nlines"], '1,"two\nlines"'),
                                                         (6, ["3", "4"], "3,4")]
    assert blank == Counter({"blank lines": 1})


def test_a_row_needs_the_header_width_but_may_have_empty_trailing_fields():
    check_width(Record(2, ["1", "2", ""], ""), 2)
    for fields in (["1"], ["1", "2", "x"]):
        with pytest.raises(RowRejected) as bad:
            check_width(Record(2, fields, ""), 2)
        assert bad.value.reason == f"expected 2 fields like the header, got {len(fields)}"


def test_a_record_spans_the_lines_of_its_quoted_line_breaks_and_long_fields_are_read():
    blank: Counter = Counter()
    long = "x" * 200_000   # over the csv module's default limit (128 KiB)
    rows = list(records(f'a,b\n1,"two\nlines"\n2,{long}\n3,"open\n4,5\n', Header(",", 1, ["a", "b"], 0), blank))
    assert [(r.line, r.last, r.lines, r.unclosed) for r in rows] == [(2, 3, "2-3", False), (4, 4, "4", False),
                                                                     (5, 6, "5-6", True)]
    assert rows[1].fields == ["2", long]
    with pytest.raises(RowRejected) as bad:
        check_width(rows[2], 2)
    assert "the quoted field opened on line 5 is never closed" in bad.value.reason


def test_a_field_over_16_mib_is_rejected_naming_its_column():
    huge = "y" * (FIELD_LIMIT + 1)
    with pytest.raises(RowRejected) as bad:
        check_width(Record(7, ["1", huge], "1," + huge), 2, names=["Year", "Taxon"])
    assert (bad.value.column, bad.value.reason) == ("Taxon",
                                                    "expected a field of at most 16 MiB (this one is 16.0 MiB)")
    check_width(Record(7, ["1", huge[:FIELD_LIMIT]], "1," + huge[:FIELD_LIMIT]), 2)   # exactly 16 MiB: read


def test_a_truncated_row_names_its_first_missing_column_and_unknown_trailing_columns_may_be_missing():
    header = Header(",", 1, ["Year", "Taxon", "Notes"], 0)
    needed = known_width(header, [0, 1])
    assert (needed, ignored_columns(header, [0, 1])) == (2, "ignored columns: Notes")
    check_width(Record(2, ["2019", "Ara macao"], ""), 3, needed, header.fields)
    with pytest.raises(RowRejected) as bad:
        check_width(Record(3, ["2019"], ""), 3, needed, header.fields)
    assert (bad.value.column, bad.value.reason) == (
        "Taxon", "expected 3 fields like the header, got 1: the row ends before this column (truncated?)")


def test_a_rejection_quotes_the_value_as_it_is_in_the_file_with_its_line_range():
    tally = Tally("f.csv")
    tally.reject(Record(12, [], "raw", 13), "Importer", "Perú", "expected another country")
    [rejection] = tally.rejected
    assert str(rejection) == "f.csv:12-13, column 'Importer': got 'Perú'; expected another country"
    assert str(FileRejected("f.csv", 0, "", None, "looks like a PNG image, not a CSV")) == (
        "f.csv: looks like a PNG image, not a CSV")
