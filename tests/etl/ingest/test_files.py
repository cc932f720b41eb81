"""etl/ingest/files.py: the observation row a reader writes."""
from __future__ import annotations

from decimal import Decimal

import pytest

from etl.ingest.files import observation
from etl.ingest.values import number_text


def test_observations_have_every_contract_column_and_plain_numbers():
    row = observation(indicator="forest_loss", value=number_text(Decimal("1E+3")))
    assert (row["indicator"], row["value"], row["partner"]) == ("forest_loss", "1000", "")
    assert number_text(Decimal("0.50")) == "0.50"
    with pytest.raises(KeyError, match="nope"):
        observation(nope="1")
