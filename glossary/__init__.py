"""The glossary: one entry per sense, from ``content/glossary/*.csv``."""

from glossary.loader import load_glossary
from glossary.model import THEMES, Glossary, GlossaryEntry

__all__ = ["THEMES", "Glossary", "GlossaryEntry", "load_glossary"]
