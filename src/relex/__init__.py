"""relex: facts from German news as a spaCy pipeline.

>>> import relex
>>> nlp = relex.load()
>>> doc = nlp("Bürgermeisterin Anna Keller unterzeichnete das Abkommen.")
>>> relex.to_dict(doc)["relations"][0]["label"]
'signed_by'
"""
from __future__ import annotations

from . import extensions as _extensions  # noqa: F401  (registers Span._/Doc._ attributes)
from .money import Money, find_money, parse_money
from .frames import extract_frames, to_frames
from .output import to_dict
from .pipeline import add_relex, load
from .relations import Relation
from .render import render

__version__ = "0.1.0"
__all__ = ["load", "add_relex", "to_dict", "parse_money", "find_money", "Money", "Relation", "extract_frames", "to_frames", "render", "evaluate", "__version__"]


def __getattr__(name: str):
    # imported lazily so that ``python -m relex.evaluate`` runs cleanly
    if name == "evaluate":
        from .evaluate import evaluate

        return evaluate
    raise AttributeError(f"module 'relex' has no attribute {name!r}")
