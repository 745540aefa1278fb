"""Parse German money expressions into a value and an ISO 4217 currency.

``parse_money`` is a pure function so that the component, the evaluation and users
share one definition of what an amount is. None of price-parser, quantulum3,
text2num or Babel reads German scale abbreviations combined with a leading
currency symbol (``$4 Mrd. 161,8 Mio.``) or ``eine halbe Milliarde``, so the grammar
is written here as one regular expression built from the lexicon in
``resources/money.json``.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .regex_trie import regex_trie

__all__ = ["Money", "parse_money", "find_money", "money_pattern"]


@dataclass(frozen=True)
class Money:
    """One amount found in a text: ``text[start:end]`` is the span as written."""

    start: int
    end: int
    text: str
    value: float
    currency: str


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return json.loads(resources.files("relex.resources").joinpath("money.json").read_text("utf-8"))


def _alternation(words) -> str:
    """The words as a regex trie on their lower-case forms (the pattern ignores case)."""
    return regex_trie(w.lower() for w in words)


@lru_cache(maxsize=1)
def money_pattern() -> re.Pattern:
    """The compiled grammar; named groups (``b_``/``a_``: currency before/after) carry the parts."""
    lex = _lexicon()
    cur = _alternation(lex["currencies"])
    scale = _alternation(lex["scales"])
    words = _alternation(lex["number_words"])
    num = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"

    def amount(p: str) -> str:
        return (
            rf"(?:(?P<{p}num>{num})|(?P<{p}word>{words}))"
            rf"(?:[\s\-]?(?P<{p}scale>{scale})(?!\w))?"
        )

    tail = rf"(?:\s(?P<b_num2>{num})\s(?P<b_scale2>{scale})(?!\w))?"
    before = rf"(?P<b_cur>{cur})\s?{amount('b_')}{tail}"
    qualifiers = _alternation({q for table in lex["qualified"].values() for q in table} | set(lex["plain_qualifiers"]))
    after = rf"{amount('a_')}[\s\-]?(?:(?:{qualifiers})\w*\s)?(?P<a_cur>{cur})(?!\w)"
    return re.compile(rf"(?<![\w,.])(?:{before}|{after})", re.IGNORECASE)


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    scales = _lexicon()["scales"]
    for key, factor in scales.items():
        if key.lower() == word.lower():
            return float(factor)
    return 1.0


def _currency(word: str, context: str) -> str:
    lex = _lexicon()
    for key, code in lex["currencies"].items():
        if key.lower() == word.lower():
            break
    else:  # pragma: no cover - the pattern only matches listed words
        return "XXX"
    # a named dollar or rouble beats the default reading
    for qualifier, special in lex["qualified"].get(code, {}).items():
        if re.search(rf"{qualifier}\w*\s+{re.escape(word)}$", context, re.IGNORECASE):
            return special
    return code


def _match_to_money(match: re.Match, text: str) -> Money | None:
    g = match.groupdict()
    p = "b_" if g["b_cur"] else "a_"
    if g[p + "num"]:
        value = _number(g[p + "num"])
    else:
        value = float(_lexicon()["number_words"][g[p + "word"].lower()])
        if not g[p + "scale"]:
            return None  # "ein Dollar" is a phrase, not an amount worth reporting
    value *= _scale(g[p + "scale"])
    if g.get("b_num2"):
        value += _number(g["b_num2"]) * _scale(g["b_scale2"])
    cur_word = g[p + "cur"]
    start, end = match.span()
    cur_end = match.end(p + "cur")
    currency = _currency(cur_word, text[max(0, start - 40) : cur_end])
    if not math.isfinite(value):
        return None
    return Money(start, end, text[start:end], value, currency)


def find_money(text: str) -> list[Money]:
    """Every amount with a stated currency in ``text``, in order."""
    if not isinstance(text, str):
        raise TypeError(f"find_money() needs a str, not {type(text).__name__}")
    found = []
    for match in money_pattern().finditer(text):
        money = _match_to_money(match, text)
        if money is not None:
            found.append(money)
    return found


def parse_money(text: str) -> Money | None:
    """The first amount in ``text``: ``parse_money("29,6 Millionen Dollar").value == 29.6e6``."""
    found = find_money(text)
    return found[0] if found else None
