"""``python -m flows.extract.numbers.words``: print the digest of the word lists (for ``SHA256``)."""

from flows.extract.numbers.words import digest

print(digest())
