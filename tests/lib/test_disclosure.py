"""Disclosure control: small counts hidden, totals cannot reveal them, quotes need 8 people."""

from collections import OrderedDict

from softlanding.lib import disclosure


def test_counts_of_one_to_seven_people_are_shown_as_under_eight():
    assert [disclosure.count(n) for n in (0, 1, 7, 8, 120)] == [0, "<8", "<8", 8, 120]


def test_one_small_cell_brings_a_second_cell_down_with_it():
    counts = OrderedDict([("Excellent", 30), ("Good", 12), ("Average", 3), ("Poor", 0), ("Very poor", 0)])
    table = disclosure.table(counts)
    assert table.total == 45
    shown = dict(table.cells)
    assert shown["Average"] == "<8"
    assert shown["Good"] == "[c]"  # the smallest other non-zero cell, so 45 - 30 does not give Average
    assert shown["Excellent"] == 30 and shown["Poor"] == 0
    # What stays visible no longer determines any hidden cell.
    visible = sum(v for v in shown.values() if isinstance(v, int))
    assert table.total - visible == 15 and len(table.hidden) == 2


def test_two_small_cells_need_no_extra_suppression():
    table = disclosure.table(OrderedDict([("a", 20), ("b", 2), ("c", 5)]))
    assert dict(table.cells) == {"a": 20, "b": "<8", "c": "<8"}


def test_a_small_total_hides_every_cell():
    table = disclosure.table(OrderedDict([("a", 4), ("b", 2), ("c", 0)]))
    assert table.total == "<8" and dict(table.cells) == {"a": "<8", "b": "<8", "c": 0}


def test_shares_are_hidden_where_their_counts_are():
    counts = OrderedDict([("Excellent", 10), ("Good", 8), ("Average", 0)])
    table = disclosure.table(counts)
    assert disclosure.table_share(table, "Excellent", counts) == 56
    counts = OrderedDict([("Excellent", 10), ("Good", 3)])
    table = disclosure.table(counts)
    assert disclosure.table_share(table, "Excellent", counts) is None
    assert disclosure.rate(5, 40) is None and disclosure.rate(10, 40) == 25 and disclosure.rate(0, 0) is None


def test_quotes_need_at_least_eight_people():
    assert not disclosure.quote_allowed(7) and disclosure.quote_allowed(8) and not disclosure.quote_allowed(None)
