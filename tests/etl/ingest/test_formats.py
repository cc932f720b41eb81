"""etl/ingest/formats: one folder per format, and the registry the command line, detection and messages read."""
from __future__ import annotations

import argparse

from etl.ingest import cli
from etl.ingest.formats import FOLDER, NAMES, formats


def test_every_format_folder_is_registered_and_provides_a_reader():
    folders = {p.parent.name for p in FOLDER.glob("*/format.yaml")}
    assert folders == set(NAMES), "add a new format's folder name to etl.ingest.formats.NAMES (detection order)"
    for fmt in formats().values():
        assert (FOLDER / fmt.name / "reader.py").is_file() and callable(fmt.reader.accepts)
        assert callable(fmt.reader.read) and fmt.title and fmt.layouts
        assert fmt.source.publisher and fmt.source.licence and fmt.source.reliability


def test_the_command_line_offers_the_registered_formats():
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    [ingest] = [a for a in parser._subparsers._group_actions[0].choices["ingest"]._actions if a.dest == "format"]
    assert sorted(ingest.choices) == sorted(NAMES)
