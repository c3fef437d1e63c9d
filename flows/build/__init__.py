"""The build: batches, segments, the extraction cache, worker processes and ``run_build``."""
