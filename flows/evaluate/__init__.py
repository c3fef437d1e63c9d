"""Accuracy of the extractors against hand-made gold files."""
