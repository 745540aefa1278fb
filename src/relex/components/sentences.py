"""``relex_sentences``: a line break starts a sentence, and so does a capitalised word
after a scale abbreviation that ends a sentence (``... $412,5 Mio. Ziel ist ...``).

News texts put headlines, datelines and paragraphs on their own lines without a
full stop; the rule-based sentencizer would glue a headline to the first sentence.
Does nothing when a parser has already set sentence boundaries.
"""
from __future__ import annotations

from spacy.attrs import DEP, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import load_lexicon
from ._spans import words_of

SCALE_ABBREVIATIONS = {"Mio.", "Mrd.", "Tsd.", "Bio."}
OPENING_QUOTES = {"„", "»", "«", '"', "‚"}


class LineBreakSentences:
    def __init__(self, name: str = "relex_sentences"):
        self.name = name
        self.currency_words = set(load_lexicon("money.json")["currencies"])

    def __call__(self, doc: Doc) -> Doc:
        # doc.has_annotation("DEP") converts every token struct to a dict; the array is cheap
        if len(doc) < 2 or doc.to_array(DEP).any():
            return doc
        # one pass over an array: setting Token.is_sent_start re-checks the whole doc each time
        starts = doc.to_array([SENT_START]).astype("int64").reshape(-1)
        words = words_of(doc)
        for i, word in enumerate(words[:-1]):
            if "\n" in word and word.isspace():
                starts[i + 1] = 1
            elif word in OPENING_QUOTES and starts[i + 1] == 1 and starts[i] != 1:
                starts[i], starts[i + 1] = 1, -1  # the sentencizer leaves an opening quote behind
            elif word in SCALE_ABBREVIATIONS:
                nxt = doc[i + 1]
                if (nxt.is_title or nxt.is_quote) and nxt.text not in self.currency_words:
                    starts[i + 1] = 1
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("relex_sentences")
def make_line_break_sentences(nlp: Language, name: str) -> LineBreakSentences:
    return LineBreakSentences(name)
