import pytest

from loop import EventLoop


def main(con):
    # A new object each time: its `start` replaces nothing alive.
    el = EventLoop(con)
    el.start()
    return el


def test_start_needs_a_connection(el):
    # A bound method handed on, on a fixture whose class the code does not show: not shown to
    # be a use of this class's method, as a call on such an object would not be.
    pytest.raises(RuntimeError, el.start)
