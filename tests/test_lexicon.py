"""Per-word caches of lexicon answers: computed once, bounded, reset with the lexicon."""
from __future__ import annotations

import json

import relex
from relex.lexicon import WordCache


def test_word_cache_computes_each_word_once_and_stays_bounded():
    calls = []

    def shout(word: str) -> str:
        calls.append(word)
        return word.upper()

    cache = WordCache(shout, limit=2)
    assert [cache[w] for w in ["Rat", "Rat", "Amt", "Rat", "Bund", "Bund"]] == ["RAT", "RAT", "AMT", "RAT", "BUND", "BUND"]
    assert calls == ["Rat", "Amt", "Bund", "Bund"]  # the third form is answered but not kept
    assert len(cache) == 2


def test_a_new_lexicon_starts_a_new_cache():
    nlp = relex.load()
    offices = nlp.get_pipe("relex_offices")
    text = "Der Oberdeichgraf Hinrich Tammen eröffnete die Sitzung."
    assert not [e for e in nlp(text).ents if e.label_ == "OFFICE"]  # "Oberdeichgraf" is now cached as no office
    lexicon = json.loads(offices.to_bytes())
    lexicon["heads"]["deichgraf"] = "n"
    offices.from_bytes(json.dumps(lexicon).encode("utf-8"))
    found = [(e.text, e._.canonical) for e in nlp(text).ents if e.label_ == "OFFICE"]
    assert found == [("Oberdeichgraf", "Oberdeichgraf")]
