"""Collect documents: a registry of sources, a polite fetcher, a WARC archive, bytes to text."""
