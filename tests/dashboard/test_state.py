"""The pages read one catalog, set before they render; reading it unset is an error that says what to do."""
from __future__ import annotations

import pytest

from dashboard import state


def test_the_catalog_is_the_one_set_and_none_is_an_error_naming_the_setter(monkeypatch, small):
    monkeypatch.setattr(state, "_catalog", None)
    with pytest.raises(RuntimeError, match="set_catalog"):
        state.catalog()
    state.set_catalog(small)
    assert state.catalog() is small
