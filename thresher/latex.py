"""LaTeX in BibTeX fields decoded to Unicode: a fast path for what exports contain, pylatexenc
for the rest (decoding every field with pylatexenc alone costs about 3 ms an entry)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_SYMBOLS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "l": "ł",
    "L": "Ł",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "j": "ȷ",
    "textquoteright": "\u2019",
    "textquoteleft": "\u2018",
    "textquotedblleft": "\u201c",
    "textquotedblright": "\u201d",
    "textendash": "\u2013",
    "textemdash": "\u2014",
    "textregistered": "®",
    "texttrademark": "™",
    "copyright": "©",
    "textcopyright": "©",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "textbullet": "•",
    "textdegree": "°",
    "pounds": "£",
    "euro": "€",
    "textmu": "µ",
    "textpm": "±",
    "pm": "±",
    "times": "×",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "pi": "π",
    "sigma": "σ",
    "tau": "τ",
    "omega": "ω",
    "leq": "≤",
    "geq": "≥",
    "le": "≤",
    "ge": "≥",
    "textless": "<",
    "textgreater": ">",
    "textunderscore": "_",
    "S": "§",
    "P": "¶",
    "dag": "†",
    "ddag": "‡",
}
_SPECIAL = re.compile(r"[\\{}~$]|--|``|''")
# \"o, \'{e}: symbol accents take the next letter; letter accents (\c, \v, ...) need braces or
# a space, or \copyright would become a c-cedilla o.
_ACCENT = re.compile(
    r"""\\(["'`^~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"""
    r"""|\\([uvHckrdb])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+([A-Za-z])(?![A-Za-z]))"""
)
_PERCENT = re.compile(r"(?<!\\)%")
_ESCAPED = re.compile(r"\\([&%$#_{}])")
_COMMAND = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])\s*(?:\{\})?")
_FORMAT = re.compile(
    r"\\(?:textit|textbf|emph|textsc|textrm|textsf|texttt|mathrm|mathit|"
    r"textsubscript|textsuperscript|mbox|text)(?![A-Za-z])\s*"
)


def _accent(match: re.Match) -> str:
    accent = match.group(1) or match.group(4)
    base = match.group(2) or match.group(3) or match.group(5) or match.group(6)
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + _ACCENTS[accent])


def _symbol(match: re.Match) -> str:
    name = match.group(1)
    return _SYMBOLS.get(name, match.group(0))


@lru_cache(maxsize=1)
def _fallback():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def decode(value: str | None) -> str | None:
    """'{\\"O}zt{\\"u}rk -- the {UK}' -> 'Öztürk – the UK'. Braces are dropped, spaces folded."""
    if value is None:
        return None
    if not _SPECIAL.search(value):
        return " ".join(value.split()) or None
    text = value.replace("---", "\u2014").replace("--", "\u2013")
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = _ACCENT.sub(_accent, text)
    text = _ESCAPED.sub(lambda m: "\x00" + m.group(1), text)  # protect \& \{ ... from below
    text = _FORMAT.sub("", text)
    text = _COMMAND.sub(_symbol, text)
    if "\\" in text or "$" in text:
        # Something our table does not know (math, rare macros): let pylatexenc decide.
        try:
            # (A "%" the field did not escape is text, not the start of a comment.)
            text = _fallback().latex_to_text(_PERCENT.sub(r"\\%", value.replace("\\&", "&")))
        except Exception:  # noqa: BLE001 - a field that defeats the decoder is kept as written
            text = value
        return " ".join(text.replace("{", "").replace("}", "").split()) or None
    text = text.replace("{", "").replace("}", "").replace("~", " ").replace("\x00", "")
    return " ".join(unicodedata.normalize("NFC", text).split()) or None
