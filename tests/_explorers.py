"""A shared explorer for a test module, put back at its starting values before each test.

Building an explorer can train dozens of networks, so a test module builds one and its tests
share it. pytest-xdist may hand any subset of a module's tests, in any order, to a worker,
so no test may rely on the settings an earlier test left behind: the fixture made here
restores the starting values (one redraw) whenever a test changed them.
"""
import pytest


def explorer_fixture(factory):
    """A function-scoped fixture returning one explorer per worker, reset to its start."""
    built = {}

    @pytest.fixture
    def fixture():
        if "explorer" not in built:
            explorer = factory()
            built["explorer"], built["start"] = explorer, explorer.values()
        explorer, start = built["explorer"], built["start"]
        if explorer.values() != start:
            explorer._set(start)
        return explorer

    return fixture
