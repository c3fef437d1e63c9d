"""lianghui: statements, speakers, numeric goals and facts from Chinese policy text."""

__version__ = "1.0.0"
