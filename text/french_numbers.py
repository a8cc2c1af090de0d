"""Numbers, clock times, grid references and call signs as a French-speaking soldier says them.

* :func:`number_to_words` — 0 to 999 999 in standard French («soixante et onze», «quatre-vingts»,
  «deux cent un», «mille neuf cent quatre-vingts»); ``reform=True`` applies the 1990 spelling reform
  (every part joined by hyphens: «vingt-et-un», «deux-cent-un»); ``feminine=True`` ends in «une».
* :func:`time_to_words` / :func:`time_to_digits` — the 24-hour clock: «quatorze heures trente», «14 h 30»;
  never «midi» or «minuit» («douze heures», «zéro heure cinq»). :func:`parse_time` reads «14 h 30»,
  «14h30», «14:30», «1430» back.
* :func:`digits_to_words` — a grid reference read digit by digit («trois zéro huit sept un cinq»).
* :func:`spell_nato` — a call sign in the NATO alphabet in its official spelling («Mike Romeo Quatre»);
  :func:`nato_accepted` gives the spellings a grader may accept for one symbol (Zoulou for Zulu…).

Pure functions: no I/O, no randomness.
"""

from __future__ import annotations

import re
from types import MappingProxyType

__all__ = [
    "MAX_NUMBER",
    "NATO_ALTERNATIVES",
    "NATO_DIGIT_WORDS",
    "NATO_WORDS",
    "digits_to_words",
    "nato_accepted",
    "number_to_words",
    "parse_time",
    "spell_nato",
    "time_to_digits",
    "time_to_words",
]

MAX_NUMBER = 999_999

_UNITS: tuple[str, ...] = (
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
)
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
_FINAL_UN = re.compile(r"(?:^|[ -])un$")

#: Letter → its word in the NATO spelling alphabet, as French texts write it.
NATO_WORDS: MappingProxyType[str, str] = MappingProxyType(
    {
        "A": "Alfa",
        "B": "Bravo",
        "C": "Charlie",
        "D": "Delta",
        "E": "Echo",
        "F": "Foxtrot",
        "G": "Golf",
        "H": "Hotel",
        "I": "India",
        "J": "Juliett",
        "K": "Kilo",
        "L": "Lima",
        "M": "Mike",
        "N": "November",
        "O": "Oscar",
        "P": "Papa",
        "Q": "Quebec",
        "R": "Romeo",
        "S": "Sierra",
        "T": "Tango",
        "U": "Uniform",
        "V": "Victor",
        "W": "Whiskey",
        "X": "X-ray",
        "Y": "Yankee",
        "Z": "Zulu",
    }
)

#: Other spellings a grader accepts for a letter: the forms many French texts use (Québec, Roméo, Zoulou),
#: and the usual English misspellings of the ICAO forms. Listed, they count as right, not as slips.
NATO_ALTERNATIVES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "A": ("Alpha",),
        "J": ("Juliet",),
        "Q": ("Québec",),
        "R": ("Roméo",),
        "W": ("Whisky",),
        "X": ("Xray",),
        "Z": ("Zoulou",),
    }
)

#: Digit → the French number word said on the radio, capitalised like the letter words («Quatre»).
NATO_DIGIT_WORDS: MappingProxyType[str, str] = MappingProxyType(
    {str(digit): _UNITS[digit].capitalize() for digit in range(10)}
)

_CALLSIGN_SEPARATORS = frozenset(" \t-/")
_TIME_SEPARATED = re.compile(r"(\d{1,2}) ?[hH:.] ?(\d{2})")
_TIME_HOUR_ONLY = re.compile(r"(\d{1,2}) ?[hH]")
_TIME_COMPACT = re.compile(r"\d{3,4}")


def _check_number(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"{n} is outside 0–{MAX_NUMBER}")


def _below_100(n: int) -> str:
    """1–99, traditional spelling (hyphens inside, spaces around «et»)."""
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return f"dix-{_UNITS[n - 10]}"
    if n < 70:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _TENS[tens]
        if unit == 1:
            return f"{_TENS[tens]} et un"
        return f"{_TENS[tens]}-{_UNITS[unit]}"
    if n < 80:
        rest = n - 60  # 10–19
        return "soixante et onze" if rest == 11 else f"soixante-{_below_100(rest)}"
    rest = n - 80  # 0–19
    return "quatre-vingts" if rest == 0 else f"quatre-vingt-{_below_100(rest)}"


def _below_1000(n: int, *, final: bool) -> str:
    """1–999. ``final``: nothing follows (the group is not before «mille»), so «cents» and «quatre-vingts»
    keep their plural s; before «mille» they lose it («deux cent mille», «quatre-vingt mille»)."""
    hundreds, rest = divmod(n, 100)
    tail = _below_100(rest) if rest else ""
    if tail == "quatre-vingts" and not final:
        tail = "quatre-vingt"
    if hundreds == 0:
        return tail
    head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent" + ("s" if rest == 0 and final else "")
    return f"{head} {tail}" if tail else head


def number_to_words(n: int, *, reform: bool = False, feminine: bool = False) -> str:
    """``n`` (0–999 999) in French words.

    Traditional spelling by default: hyphens between tens and units under a hundred, «et» with spaces
    (21, 31… 61, 71), spaces around «cent» and «mille»; «quatre-vingts» and «deux cents» take an s only
    at the end of the number; «mille» never does. ``reform=True`` (1990 rectifications) joins every part
    with hyphens. ``feminine=True`` ends the number in «une» instead of «un» («vingt et une heures»).

    >>> number_to_words(71), number_to_words(80), number_to_words(201), number_to_words(80_000)
    ('soixante et onze', 'quatre-vingts', 'deux cent un', 'quatre-vingt mille')
    >>> number_to_words(1980, reform=True)
    'mille-neuf-cent-quatre-vingts'

    Raises ``TypeError`` for a non-int (or a bool) and ``ValueError`` outside 0–999 999.
    """
    _check_number(n)
    if n == 0:
        words = _UNITS[0]
    else:
        thousands, rest = divmod(n, 1000)
        parts: list[str] = []
        if thousands == 1:
            parts.append("mille")
        elif thousands:
            parts.append(f"{_below_1000(thousands, final=False)} mille")
        if rest:
            parts.append(_below_1000(rest, final=True))
        words = " ".join(parts)
    if feminine and _FINAL_UN.search(words):
        words += "e"
    return words.replace(" ", "-") if reform else words


def _check_time(hour: int, minute: int) -> None:
    for value, name, top in ((hour, "hour", 23), (minute, "minute", 59)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if not 0 <= value <= top:
            raise ValueError(f"{name} {value} is outside 0–{top}")


def time_to_words(hour: int, minute: int, *, reform: bool = False) -> str:
    """A 24-hour clock time as said in military French.

    «quatorze heures trente», «zéro heure cinq», «une heure», «vingt et une heures trente et une»,
    «douze heures» (never «midi» or «minuit»: the 24-hour clock is unambiguous on the radio). The hour is
    singular for 0 and 1; a zero minute is not said.
    """
    _check_time(hour, minute)
    words = number_to_words(hour, reform=reform, feminine=True)
    words += " heure" if hour < 2 else " heures"
    if minute:
        words += " " + number_to_words(minute, reform=reform, feminine=True)
    return words


def time_to_digits(hour: int, minute: int) -> str:
    """The written form: «14 h 30», «0 h 05», «9 h 00» (hour without a leading zero, two-digit minutes)."""
    _check_time(hour, minute)
    return f"{hour} h {minute:02d}"


def parse_time(text: str) -> tuple[int, int] | None:
    """``(hour, minute)`` from a written time, or None.

    Reads «14 h 30», «14h30», «14:30», «14.30», «14 h» (minute 0) and the military «1430» / «0005»; any
    decimal digits (Arabic-Indic included). Out-of-range values give None.
    """
    if not isinstance(text, str):
        return None
    text = " ".join(text.split())
    match = _TIME_SEPARATED.fullmatch(text)
    if match:
        hour, minute = int(match[1]), int(match[2])
    elif match := _TIME_HOUR_ONLY.fullmatch(text):
        hour, minute = int(match[1]), 0
    elif _TIME_COMPACT.fullmatch(text):
        hour, minute = int(text[:-2]), int(text[-2:])
    else:
        return None
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return hour, minute
    return None


def digits_to_words(digits: str) -> str:
    """Each digit as a French word: «308715» → «trois zéro huit sept un cinq» (grid references, phone and
    vehicle numbers). Spaces are ignored; anything else but ASCII digits raises ``ValueError``."""
    compact = "".join(str(digits).split())
    if not compact or not compact.isascii() or not compact.isdigit():
        raise ValueError(f"not a string of digits: {digits!r}")
    return " ".join(_UNITS[int(digit)] for digit in compact)


def spell_nato(callsign: str) -> str:
    """A call sign spelled with the NATO alphabet, digits as French words: «MR4» → «Mike Romeo Quatre».

    Letters are case-insensitive; spaces, hyphens and slashes between symbols are ignored («B2-1» →
    «Bravo Deux Un»). Any other character (or nothing to spell) raises ``ValueError``.
    """
    words: list[str] = []
    for char in str(callsign):
        if char in _CALLSIGN_SEPARATORS:
            continue
        symbol = char.upper() if char.isascii() else ""
        word = NATO_WORDS.get(symbol) or NATO_DIGIT_WORDS.get(symbol)
        if word is None:
            raise ValueError(f"cannot spell {char!r} in call sign {callsign!r}")
        words.append(word)
    if not words:
        raise ValueError(f"nothing to spell in call sign {callsign!r}")
    return " ".join(words)


def nato_accepted(symbol: str) -> tuple[str, ...]:
    """The accepted spoken forms of one letter or digit, canonical first: ``"Z"`` → ``("Zulu", "Zoulou")``,
    ``"4"`` → ``("Quatre",)``. Raises ``ValueError`` for anything else."""
    key = symbol.upper() if isinstance(symbol, str) and symbol.isascii() else ""
    if key in NATO_WORDS:
        return (NATO_WORDS[key], *NATO_ALTERNATIVES.get(key, ()))
    if key in NATO_DIGIT_WORDS:
        return (NATO_DIGIT_WORDS[key],)
    raise ValueError(f"not a letter or digit: {symbol!r}")
