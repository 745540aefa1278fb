"""Load the JSON lexicons shipped in ``relex/resources``.

Components copy their lexicon into the pipeline folder on ``to_disk`` so a saved
pipeline carries the data it was built with.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable


@lru_cache(maxsize=None)
def _packaged(name: str) -> str:
    return resources.files("relex.resources").joinpath(name).read_text("utf-8")


def load_lexicon(name: str) -> dict[str, Any]:
    """A fresh copy of a packaged lexicon (``"offices.json"``) or of a JSON file at a path."""
    path = Path(name)
    if path.suffix == ".json" and path.exists() and path.parent != Path("."):
        return json.loads(path.read_text("utf-8"))
    return json.loads(_packaged(name))


class LexiconMixin:
    """Serialises ``self.lexicon`` with the pipeline (``to_disk``/``from_disk``/bytes)."""

    lexicon: dict[str, Any]

    def _lexicon_changed(self) -> None:
        """Rebuild whatever the component derives from its lexicon."""

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "lexicon.json").write_text(json.dumps(self.lexicon, ensure_ascii=False, indent=1), "utf-8")

    def from_disk(self, path, *, exclude=tuple()):
        file = Path(path) / "lexicon.json"
        if file.exists():
            self.lexicon = json.loads(file.read_text("utf-8"))
            self._lexicon_changed()
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return json.dumps(self.lexicon, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude=tuple()):
        self.lexicon = json.loads(data.decode("utf-8"))
        self._lexicon_changed()
        return self


class WordCache(dict):
    """The answers of a per-word function of a lexicon, kept per word form.

    News repeats its words, so each form is examined once; a hit is one dict lookup.
    Bounded, so an endless stream of new words cannot grow it without limit. Build it
    in ``_lexicon_changed`` so that a new lexicon starts a new cache."""

    def __init__(self, compute: Callable[[str], Any], limit: int = 200_000):
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, word: str) -> Any:
        value = self.compute(word)
        if len(self) < self.limit:
            self[word] = value
        return value
