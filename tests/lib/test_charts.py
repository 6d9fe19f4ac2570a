"""Server-drawn SVG charts: accessible and escaped, with no inline styles."""

from lxml import etree

from softlanding.lib.charts import Bar, bar_chart
from softlanding.lib.csvsafe import safe_cell, write_csv


def test_bar_chart_is_an_accessible_image_naming_every_value():
    svg = str(bar_chart([Bar("Excellent", 12), Bar("Good <b>", 3, "<8")], "Overall rating", "How attendees rated it.",
                        chart_id="c1"))
    root = etree.fromstring(svg.encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find("s:title", ns).text == "Overall rating"
    desc = root.find("s:desc", ns).text
    assert "Excellent: 12" in desc and "Good <b>: <8" in desc  # escaped in the markup, read as text
    widths = [float(r.get("width")) for r in root.findall("s:rect", ns)]
    assert widths[0] > widths[1] > 0
    assert "style=" not in svg and "<script" not in svg


def test_csv_cells_cannot_start_a_formula():
    assert safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe_cell("+1") == "'+1" and safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell(-3) == -3
    text = write_csv([["-2+3", "plain", 5]], header=["a", "b", "c"])
    assert text == "\ufeffa,b,c\r\n'-2+3,plain,5\r\n"
