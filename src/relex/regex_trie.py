"""Word lists as regular-expression tries.

A flat ``a|b|c`` alternation makes Python's regex engine compare every word at every
position it tries; a trie branches on the next character, so most positions fail after
one comparison. The money and date grammars run over every document, which is where
this matters.
"""
from __future__ import annotations

import re
from collections.abc import Iterable


def regex_trie(words: Iterable[str]) -> str:
    """A pattern matching exactly ``words``; greedy optional tails try the longest word
    first, as an alternation sorted longest first does."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def render(node: dict) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)
