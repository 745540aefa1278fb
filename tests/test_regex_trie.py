"""The regex trie must behave like the alternation it replaces (longest word first)."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from relex.regex_trie import regex_trie

WORDS = st.lists(st.text(alphabet="abcäß.$-", min_size=1, max_size=6), min_size=1, max_size=12)


@given(WORDS, st.text(alphabet="abcäß.$- ", max_size=10))
def test_trie_matches_what_a_longest_first_alternation_matches(words, text):
    flat = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    trie = re.compile(regex_trie(words))
    for start in range(len(text) + 1):
        a, b = flat.match(text, start), trie.match(text, start)
        assert (a and a.group()) == (b and b.group())


def test_german_month_names():
    months = ["Januar", "Jänner", "Juni", "Juli", "Februar", "Feber"]
    pattern = re.compile(rf"(?:{regex_trie(months)})\b")
    assert pattern.findall("Im Jänner, im Juni und Juli, nicht im Jun oder Febr.") == ["Jänner", "Juni", "Juli"]
