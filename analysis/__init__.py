"""Strategic analysis: Parlez's own method in chapters, the case studies, their worksheets and search.

``from analysis import load_analysis`` loads ``content/analysis``.
"""

from analysis.loader import AnalysisFileError, load_analysis, parse_document
from analysis.model import AnalysisCorpus, AnalysisDocument, Paragraph, WorksheetDefinition, WorksheetField

__all__ = [
    "AnalysisCorpus",
    "AnalysisDocument",
    "AnalysisFileError",
    "Paragraph",
    "WorksheetDefinition",
    "WorksheetField",
    "load_analysis",
    "parse_document",
]
