"""Build the relex pipeline: a German base (relex's shipped model, a spaCy package or
a path) followed by the relex components."""
from __future__ import annotations

from pathlib import Path

import re

import spacy
from spacy.lang.de import German
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from .extensions import register_extensions

DEFAULT_MODEL = "de_relex_news"
COMPONENTS = (
    "relex_sentences",
    "relex_money",
    "relex_offices",
    "relex_regions",
    "relex_orgs",
    "relex_agreements",
    "relex_dates",
    "relex_people",
    "relex_entities",
    "relex_mentions",
    "relex_relations",
)
# abbreviations that must stay one token so that the sentencizer does not split at them
ABBREVIATIONS = ("stv.", "stellv.", "Dkfm.", "Mag.", "Ing.", "Tsd.", "Mio.", "Mrd.", "Bio.", "a.D.", "h.c.", "ca.", "Nr.")


class RelexGerman(German):
    """German with a clear error for input that is not text (spaCy raises a ValueError)."""

    def _ensure_doc(self, doc_like):
        if not isinstance(doc_like, (str, Doc, bytes)):
            raise TypeError(f"relex needs text as str, not {type(doc_like).__name__}")
        return super()._ensure_doc(doc_like)


def shipped_model() -> Path | None:
    """The shipped base model: inside the installed package, or in the checkout's ``models/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "models" / DEFAULT_MODEL, here.parents[1] / "models" / DEFAULT_MODEL):
        if (candidate / "config.cfg").exists():
            return candidate
    return None


def _import_components() -> None:
    from . import components  # noqa: F401  (registers the factories when relex is imported directly)
    from .components import (  # noqa: F401
        agreements, dates, entities, mentions, money, offices, orgs, people, regions, relations, sentences,
    )


def add_relex(nlp: Language) -> Language:
    """Append the relex components to a German pipeline (in place) and return it."""
    _import_components()
    register_extensions()
    for abbr in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    # markup brackets are their own tokens, so an amount in HTML does not swallow its tags
    infixes = list(nlp.Defaults.infixes or [])
    if r"[<>]" not in infixes:
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes + [r"[<>]"]).finditer
    has_sentences = any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer"))
    if not has_sentences:
        nlp.add_pipe("sentencizer")
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def load(base: str | Path | None = None, **kwargs) -> Language:
    """A ready relex pipeline.

    ``base`` is a spaCy package name (``"de_core_news_sm"``) or the path of any saved
    German pipeline; by default relex's own model from ``models/`` is used, and a
    blank German tokenizer (rules only) where that model is absent.
    """
    if base is None:
        path = shipped_model()
        nlp = spacy.load(path, **kwargs) if path is not None else spacy.blank("de")
    else:
        nlp = spacy.load(base, **kwargs)
    if nlp.lang != "de":
        raise ValueError(f"relex needs a German pipeline, but {base!r} is for language {nlp.lang!r}")
    if type(nlp) is German:
        nlp.__class__ = RelexGerman
    if "relex_relations" in nlp.pipe_names:
        return nlp
    return add_relex(nlp)


def make_doc(nlp: Language, text: str, *, id: str | None = None, date: str | None = None) -> Doc:
    """A tokenised ``Doc`` that carries the article's id and publication date (``YYYY-MM-DD``).

    Pass it to ``nlp`` or ``nlp.pipe``: relative periods such as ``im vergangenen
    Jahr`` are resolved from the date.
    """
    if not isinstance(text, str):
        raise TypeError(f"relex needs text as str, not {type(text).__name__}")
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
        raise ValueError(f"date must be written YYYY-MM-DD, not {date!r}")
    doc = nlp.make_doc(text)
    doc._.date = str(date) if date is not None else None
    if id is not None:
        doc.user_data["relex_id"] = str(id)
    return doc
