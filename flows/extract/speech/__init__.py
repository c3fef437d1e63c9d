"""Statements and speakers: who said what."""
