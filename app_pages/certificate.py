"""The certificate of a passed final assessment: one printable, self-contained HTML page (presentation:
its words and month names come from the interface strings).

Inline CSS only (A4 landscape ``@page``), no JavaScript, no image, font or stylesheet fetched from anywhere:
the file prints the same offline. Every value put into the page is escaped with :func:`html.escape`. The
learner's name may be in any script (Cyrillic, Arabic, Chinese…): it carries ``dir="auto"`` and a font stack
that ends with generic families, so the reader's system fonts render it.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import date as Date

import i18n
from text.content import LANGS
from text.french import slug

__all__ = [
    "CERTIFICATE_WORDS",
    "certificate_filename",
    "certificate_html",
    "certificate_texts",
    "format_date",
    "format_percent",
]

#: The words of the certificate: i18n keys ``certificate.<name>`` (``i18n/locales/*/certificate.json``).
CERTIFICATE_WORDS: tuple[str, ...] = (
    "title", "course", "certifies", "passed", "score", "date", "units", "signature", "verify"
)  # fmt: skip


def certificate_texts(lang: str) -> dict[str, str]:
    """The certificate's words in ``lang`` (``verify`` keeps its ``{code}`` placeholder)."""
    catalog = i18n.catalog(_lang(lang))
    return {name: catalog[f"certificate.{name}"] for name in CERTIFICATE_WORDS}


_MAX_NAME_CHARS = 200
_MAX_SLUG_CHARS = 60
_NARROW_NBSP = "\u202f"

# Generic stacks only: named fonts are used when installed, the generic family always exists.
_SERIF = '"Noto Serif", "DejaVu Serif", Georgia, "Times New Roman", serif'
_NAME_FONTS = (
    '"Noto Serif", "Noto Sans", "Noto Naskh Arabic", "Noto Sans CJK SC", "Noto Sans CJK JP", '
    '"DejaVu Sans", "Segoe UI", "Arial Unicode MS", system-ui, sans-serif'
)

_STYLE = f"""
@page {{ size: A4 landscape; margin: 0; }}
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; padding: 0; background: #fff; color: #1b2a3a; }}
body {{ font-family: {_SERIF}; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
.sheet {{
  width: 297mm; height: 210mm; padding: 12mm; margin: 0 auto;
  display: flex; page-break-after: avoid; break-after: avoid;
}}
.frame {{
  flex: 1; border: 3mm double #1f4e79; padding: 10mm 16mm;
  display: flex; flex-direction: column; align-items: center; text-align: center;
}}
.course {{ font-size: 13pt; letter-spacing: 0.08em; text-transform: uppercase; color: #1f4e79; margin: 0; }}
h1 {{ font-size: 30pt; margin: 5mm 0 4mm; font-weight: normal; }}
.lead {{ font-size: 14pt; margin: 2mm 0; }}
.name {{
  font-family: {_NAME_FONTS};
  font-size: 28pt; font-weight: bold; margin: 3mm 0; padding: 0 10mm 1mm;
  border-bottom: 0.4mm solid #1f4e79; unicode-bidi: isolate; overflow-wrap: anywhere; max-width: 100%;
}}
.facts {{ display: flex; gap: 18mm; justify-content: center; margin: 5mm 0 3mm; font-size: 13pt; }}
.facts dt {{ font-size: 10pt; text-transform: uppercase; letter-spacing: 0.06em; color: #4a5a6a; }}
.facts dd {{ margin: 1mm 0 0; font-size: 16pt; font-weight: bold; }}
.units-title {{ font-size: 11pt; margin: 3mm 0 1mm; color: #4a5a6a; }}
.units {{
  list-style: none; padding: 0; margin: 0; font-size: 10pt; line-height: 1.4;
  columns: 2; column-gap: 12mm; text-align: start; max-width: 220mm;
}}
.units li {{ break-inside: avoid; unicode-bidi: isolate; }}
.signature {{
  margin-top: auto; align-self: flex-end; min-width: 70mm;
  border-top: 0.3mm solid #1b2a3a; padding-top: 1mm; font-size: 10pt; color: #4a5a6a;
}}
@media screen {{ body {{ background: #e8ecf0; }} .sheet {{ background: #fff; margin: 10mm auto; }} }}
"""


def _lang(lang: str) -> str:
    return lang if lang in LANGS else "en"


def _clean(text: object) -> str:
    """Text as shown: NFC, control characters (NUL, ESC…) dropped, spaces collapsed."""
    value = unicodedata.normalize("NFC", str(text))
    value = "".join(char for char in value if unicodedata.category(char) != "Cc" or char in "\t\n")
    return " ".join(value.split())


def _e(text: object) -> str:
    return html.escape(_clean(text), quote=True)


def format_date(value: Date | str, lang: str) -> str:
    """``2 November 2026`` / ``2 novembre 2026`` / ``2 de noviembre de 2026``; a string is kept as given."""
    if not isinstance(value, Date):
        return _clean(value)
    lang = _lang(lang)
    month = i18n.t(f"month.{value.month}", lang)
    if lang == "fr":
        day = "1er" if value.day == 1 else str(value.day)
        return f"{day} {month} {value.year}"
    if lang == "es":
        return f"{value.day} de {month} de {value.year}"
    return f"{value.day} {month} {value.year}"


def format_percent(score: float, lang: str) -> str:
    """A score from 0 to 1 as a whole percentage, rounded down (never above what was earned): ``87%`` in
    English, ``87 %`` (narrow no-break space) in French and Spanish."""
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0.0 <= score <= 1.0:
        raise ValueError(f"score must be between 0 and 1, not {score!r}")
    percent = math.floor(score * 100 + 1e-9)
    return f"{percent}%" if _lang(lang) == "en" else f"{percent}{_NARROW_NBSP}%"


def certificate_html(
    *,
    name: str,
    date: Date | str,
    score: float,
    units: Sequence[str],
    lang: str,
    title: str | None = None,
    code: str = "",
) -> str:
    """The certificate page, in ``lang`` (``en``, ``fr``, ``es``; English otherwise).

    ``name``: the learner's name, any script (blank refused, cut at 200 characters); ``date``: a date
    (written out in ``lang``) or a ready string; ``score``: from 0 to 1 (as :func:`exercises.quizzes.score`
    gives it); ``units``: the unit titles to list; ``title``: replaces the default heading; ``code``: the
    verification code printed at the foot (anyone can check it with ``services.quizzes.verify_certificate``).
    """
    lang = _lang(lang)
    texts = certificate_texts(lang)
    learner = _clean(name)[:_MAX_NAME_CHARS].strip()
    if not learner:
        raise ValueError("a certificate needs the learner's name")
    heading = _clean(title) if title is not None and _clean(title) else texts["title"]
    percent = format_percent(score, lang)
    when = format_date(date, lang)
    items = "\n".join(f'        <li dir="auto">{_e(unit)}</li>' for unit in units if _clean(unit))
    units_block = ""
    if items:
        units_block = (
            f'      <p class="units-title">{_e(texts["units"])}</p>\n'
            f'      <ul class="units">\n{items}\n      </ul>\n'
        )
    verify_block = ""
    if _clean(code):
        verify_block = f'      <p class="verify">{_e(texts["verify"].format(code=_clean(code)))}</p>\n'
    return f"""<!DOCTYPE html>
<html lang="{_e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(heading)} — {_e(learner)}</title>
<style>{_STYLE}</style>
</head>
<body>
  <main class="sheet">
    <div class="frame">
      <p class="course">{_e(texts["course"])}</p>
      <h1>{_e(heading)}</h1>
      <p class="lead">{_e(texts["certifies"])}</p>
      <p class="name" dir="auto">{_e(learner)}</p>
      <p class="lead">{_e(texts["passed"])}</p>
      <dl class="facts">
        <div><dt>{_e(texts["score"])}</dt><dd>{html.escape(percent)}</dd></div>
        <div><dt>{_e(texts["date"])}</dt><dd>{_e(when)}</dd></div>
      </dl>
{units_block}      <p class="signature">{_e(texts["signature"])}</p>
{verify_block}
    </div>
  </main>
</body>
</html>
"""


def certificate_filename(name: str, date: Date | str) -> str:
    """A safe download name, ASCII only: ``parlez-certificate-karim-rahman-2026-11-02.html``.

    Accents are folded (``Müller`` → ``muller``); a name with no Latin letter (``Иван``, ``محمد``) is left
    out rather than mangled; the date is ISO for a date, slugged for a string.
    """
    name_part = slug(_clean(name))[:_MAX_SLUG_CHARS].strip("-")
    date_part = date.isoformat()[:10] if isinstance(date, Date) else slug(_clean(date))[:_MAX_SLUG_CHARS]
    parts = ["parlez-certificate", name_part, date_part.strip("-")]
    return re.sub(r"-{2,}", "-", "-".join(part for part in parts if part)) + ".html"
