"""``relex_money``: MONEY candidates with ``Span._.value`` and ``Span._.currency``."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions
from ..money import find_money
from ._spans import add_candidates, text_of


class MoneyFinder:
    """Runs the pure money parser over the text and aligns its matches to tokens.

    A regular expression over the text (rather than a token Matcher) is used because
    amounts cross token boundaries in ways spaCy's German tokenizer splits
    differently (``$4``, ``1-Milliarde-US-Dollar-Marke``).
    """

    def __init__(self, name: str = "relex_money"):
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for money in find_money(text_of(doc)):
            span = doc.char_span(money.start, money.end, label="MONEY", alignment_mode="expand")
            if span is None:
                continue
            span._.value = money.value
            span._.currency = money.currency
            span._.canonical = money.text
            spans.append(span)
        add_candidates(doc, spans)
        return doc


@Language.factory("relex_money")
def make_money_finder(nlp: Language, name: str) -> MoneyFinder:
    return MoneyFinder(name)
