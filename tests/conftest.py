import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "network: needs the network (npm registry); runs only with VIGIA_NETWORK_TESTS=1")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("VIGIA_NETWORK_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="network test: set VIGIA_NETWORK_TESTS=1 to run")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)
