"""Publishing: table files, versions, Data Package, dataset card, release, diff, verify, download."""
