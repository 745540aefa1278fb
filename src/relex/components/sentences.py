"""``relex_sentences``: a line break starts a sentence, and so does a capitalised word
after a scale abbreviation that ends a sentence (``... $412,5 Mio. Ziel ist ...``).

News texts put headlines, datelines and paragraphs on their own lines without a
full stop; the rule-based sentencizer would glue a headline to the first sentence.
Does nothing when a parser has already set sentence boundaries.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import load_lexicon

SCALE_ABBREVIATIONS = {"Mio.", "Mrd.", "Tsd.", "Bio."}
OPENING_QUOTES = {"„", "»", "«", '"', "‚"}


class LineBreakSentences:
    def __init__(self, name: str = "relex_sentences"):
        self.name = name
        self.currency_words = set(load_lexicon("money.json")["currencies"])

    def __call__(self, doc: Doc) -> Doc:
        if doc.has_annotation("DEP"):
            return doc
        for token in doc[:-1]:
            nxt = doc[token.i + 1]
            if token.is_space and "\n" in token.text:
                nxt.is_sent_start = True
            elif token.text in OPENING_QUOTES and nxt.is_sent_start and not token.is_sent_start:
                # the sentencizer leaves an opening quote at the end of the previous sentence
                token.is_sent_start = True
                nxt.is_sent_start = False
            elif token.text in SCALE_ABBREVIATIONS and (nxt.is_title or nxt.is_quote) and nxt.text not in self.currency_words:
                nxt.is_sent_start = True
        return doc


@Language.factory("relex_sentences")
def make_line_break_sentences(nlp: Language, name: str) -> LineBreakSentences:
    return LineBreakSentences(name)
