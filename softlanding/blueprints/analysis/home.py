"""What the analysis domain adds to the home page: the organisers' links to its tools."""


def register_panels(registry):
    """Add this domain's tools."""
    registry.add_tool("Feedback analysis: code answers", "analysis.index", "organiser", 40)
    registry.add_tool("Codebook", "analysis.codebook_page", "organiser", 41)
    registry.add_tool("Suggested themes", "analysis.suggestions", "organiser", 42)
    registry.add_tool("Theme review", "analysis.review", "organiser", 43)
    registry.add_tool("Analysis exports", "analysis.exports", "organiser", 44)
