"""Text cleaning before extraction."""
