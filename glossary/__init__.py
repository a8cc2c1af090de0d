"""The glossary: one entry per sense, from ``content/glossary/*.csv`` merged with the units' vocabulary."""

from glossary.loader import UNIT_THEMES, load_glossary
from glossary.model import THEMES, Glossary, GlossaryEntry

__all__ = ["THEMES", "UNIT_THEMES", "Glossary", "GlossaryEntry", "load_glossary"]
