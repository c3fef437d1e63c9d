"""lianghui: statements, speakers, numeric goals and facts from Chinese policy text."""

__version__ = "1.0.0"

import schemas.nodask  # noqa: E402,F401  (before anything imports pandera)
