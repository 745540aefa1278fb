"""Custom attributes that relex puts on spaCy objects.

Span values live in ``doc.user_data`` (spaCy's own storage for ``Span._``), keyed
by character offsets, so they survive ``DocBin(store_user_data=True)``, pickling
and ``nlp.pipe(n_process=2)``.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

RELATIONS_KEY = "relex_relations"
NESTED_KEY = "relex_nested"  # doc.spans key: mentions nested inside doc.ents


def _relations_getter(doc: Doc) -> list:
    from .relations import relations_of

    return relations_of(doc)


def register_extensions() -> None:
    """Register the ``._.`` attributes once; safe to call repeatedly."""
    for name, default in (
        ("value", None),
        ("currency", None),
        ("canonical", None),
        ("region", None),  # region a nationality adjective or compound points to
    ):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Doc.has_extension("relations"):
        Doc.set_extension("relations", getter=_relations_getter)
    if not Doc.has_extension("date"):
        Doc.set_extension("date", default=None)


register_extensions()
