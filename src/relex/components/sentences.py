"""``relex_sentences``: a line break starts a sentence.

News texts put headlines, datelines and paragraphs on their own lines without a
full stop; the rule-based sentencizer would glue a headline to the first sentence.
Does nothing when a parser has already set sentence boundaries.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class LineBreakSentences:
    def __init__(self, name: str = "relex_sentences"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if doc.has_annotation("DEP"):
            return doc
        for token in doc[:-1]:
            if token.is_space and "\n" in token.text:
                doc[token.i + 1].is_sent_start = True
        return doc


@Language.factory("relex_sentences")
def make_line_break_sentences(nlp: Language, name: str) -> LineBreakSentences:
    return LineBreakSentences(name)
