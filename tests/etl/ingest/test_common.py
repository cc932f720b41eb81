"""etl/ingest/common.py: the pieces every reader shares (decoding, headers and columns, numbers and years, the
observation row, and the tally that accounts for every data row)."""
from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from etl.ingest.common import (
    FIELD_LIMIT,
    Header,
    OutOfScope,
    Record,
    RowRejected,
    Tally,
    check_width,
    decode,
    each_row,
    find_header,
    first_row,
    ignored_columns,
    known_width,
    map_columns,
    number_text,
    observation,
    parse_number,
    parse_year,
    records,
    repair_mojibake,
    squash,
)
from etl.problems import FileRejected


@pytest.mark.parametrize("text, delimiter, expected", [
    ("2,403.72", ",", "2403.72"), ("1234.5", ",", "1234.5"), ("12.80", ",", "12.80"), ("0", ",", "0"),
    ("1.234,5", ";", "1234.5"), ("1234,5", ";", "1234.5"), ("1234.5", ";", "1234.5"), ("1e3", ",", "1E+3"),
    (" 7 ", ",", "7"), ("", ",", None),
])
def test_numbers_follow_the_file_convention(text, delimiter, expected):
    value = parse_number(text, "q", delimiter)
    assert (value, expected) == (None, None) or value == Decimal(expected)


@pytest.mark.parametrize("text, why", [("-5", "negative"), ("abc", "non-numeric"), ("2,4", "non-numeric"),
                                       ("1.2.3", "non-numeric"), ("(5)", "non-numeric")])
def test_bad_numbers_are_rejected_with_the_reason(text, why):
    with pytest.raises(RowRejected) as bad:
        parse_number(text, "Quantity")
    assert why in bad.value.reason and bad.value.column == "Quantity" and bad.value.value == text


def test_future_and_malformed_years_are_rejected():
    assert parse_year("2024", "Year", date(2024, 10, 16)) == 2024
    for text, why in (("2025", "future"), ("2099", "future"), ("20x4", "four-digit"), ("1970", "from 1975")):
        with pytest.raises(RowRejected) as bad:
            parse_year(text, "Year", date(2024, 10, 16), earliest=1975)
        assert why in bad.value.reason


def test_mixed_encodings_bom_and_double_encoding_are_read_and_noted():
    notes = []
    text = decode(b"\xef\xbb\xbfname\r\nHu\xc3\xa1nuco\r\nJun\xedn\r\n", notes)
    assert text.splitlines() == ["name", "Huánuco", "Junín"]
    assert any("byte-order mark" in n for n in notes) and any("Windows-1252" in n for n in notes)
    assert repair_mojibake("CaÃ±ete") == "Cañete" and repair_mojibake("Cañete") is None


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


def test_headers_are_matched_ignoring_case_accents_spacing_and_punctuation():
    assert [squash(n) for n in ("App.", "Netweight (kg)", "HIDROGRAFÍA_ha", "\ufeffYear")] == [
        "app", "netweightkg", "hidrografiaha", "year"]
    found = find_header(["Descarga del Perú", "", "Taxon;App.;YEAR", "x;II;2019"],
                        lambda names: "v" if "year" in names else None)
    assert found is not None
    header, variant = found
    assert (header.delimiter, header.line, header.title_lines, variant) == (";", 3, 1, "v")
    assert find_header(["a,b", "1,2"], lambda names: None) is None


def test_columns_map_in_any_order_and_a_missing_or_repeated_one_rejects_the_file():
    header = Header(",", 2, ["Taxon", "App.", "YEAR"], 1)
    assert map_columns(header, {"year": ("Year",), "app": ("Appendix", "App."), "unit": ("Unit",)}, {"year"},
                       "f.csv") == {"year": 2, "app": 1}
    with pytest.raises(FileRejected) as missing:
        map_columns(header, {"year": ("Year",), "unit": ("Unit",), "purpose": ("Purpose",)},
                    {"year", "unit", "purpose"}, "f.csv")
    assert missing.value.problem.line == 2
    assert str(missing.value) == ("f.csv:2: got 'Taxon,App.,YEAR'; expected a header with the columns 'Purpose', "
                                  "'Unit' (missing; the columns found are: Taxon, App., YEAR)")
    with pytest.raises(FileRejected) as twice:
        map_columns(Header(",", 1, ["Year", "Taxon", "year "], 0), {"year": ("Year",)}, {"year"}, "f.csv")
    assert "appears twice" in twice.value.problem.reason


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


def test_utf16_files_are_decoded_whole():
    notes = []
    assert decode("a\tb\r\nSAN MARTÍN\t1\r\n".encode("utf-16"), notes) == "a\tb\r\nSAN MARTÍN\t1\r\n"
    assert notes == ["read as UTF-16 (byte-order mark)"]


def test_observations_have_every_contract_column_and_plain_numbers():
    row = observation(indicator="forest_loss", value=number_text(Decimal("1E+3")))
    assert (row["indicator"], row["value"], row["partner"]) == ("forest_loss", "1000", "")
    assert number_text(Decimal("0.50")) == "0.50"
    with pytest.raises(KeyError, match="nope"):
        observation(nope="1")


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
