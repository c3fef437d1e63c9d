"""Load: input files, their hashes, sidecars and decoding."""
