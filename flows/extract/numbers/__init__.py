"""Numeric goals and reported figures."""
