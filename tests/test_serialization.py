"""relex output survives multiprocessing, DocBin, pickling and a saved pipeline.

Span values and relation records live in ``doc.user_data`` as plain data
(``relex/extensions.py``, ``relex/relations.py``), so ``nlp.pipe(n_process=2)``, a
``DocBin(store_user_data=True)``, ``pickle`` and ``nlp.to_disk`` + ``spacy.load`` must
all give the same ``relex.to_dict`` as processing in place.
"""
from __future__ import annotations

import json
import pickle
import subprocess
import sys
import textwrap

import pytest
from spacy.tokens import Doc, DocBin, Span, Token

import relex
from relex.extensions import NESTED_KEY, RELATIONS_KEY
from relex.pipeline import make_doc

TEXTS = [
    (
        "ser-1",
        "2024-03-04",
        "Belarus und Kaluga bauen Handel aus\n\n"
        "MINSK, 4. März (BelTA) - Der Handelsumsatz zwischen Belarus und dem Gebiet Kaluga erreichte im "
        "vergangenen Jahr rund 410 Millionen US-Dollar. Darüber sprach der belarussische Industrieminister "
        "Alexander Jefimow am Montag mit dem Gouverneur des Gebiets Kaluga, Wladislaw Schapscha.\n\n"
        "Im laufenden Jahr soll der Warenumsatz auf eine halbe Milliarde Dollar steigen, sagte Jefimow.",
    ),
    (
        "ser-2",
        "2025-06-10",
        "Linz (red) - Die Städte Linz und Budweis haben am Dienstag ein Kooperationsabkommen für 2026-2028 "
        "unterzeichnet. Das Dokument wurde vom Linzer Bürgermeister Dietmar Prammer und der Budweiser "
        "Oberbürgermeisterin Jana Novotná im Alten Rathaus unterzeichnet. Prammer kündigte gemeinsame "
        "Projekte im Wert von 2,5 Mio. Euro an.",
    ),
    (
        "ser-3",
        None,
        "Taschkent (dpa) - Der usbekische Außenminister Bachtijor Saidow ist zu Gesprächen mit seinem "
        "deutschen Amtskollegen nach Berlin gereist. Das Handelsvolumen zwischen Deutschland und Usbekistan "
        "betrug 2023 knapp 1,1 Milliarden Euro. Die deutschen Exporte lagen bei 830 Mio. Euro. Bis 2030 "
        "sollen es $2 Mrd. werden, erklärte Saidow.",
    ),
    (
        "ser-4",
        "2023-11-24",
        "MINSK, 24. November (BelTA) - Der Gouverneur der Region Jaroslawl, Michail Jewrajew, und der "
        "stellvertretende Industrieminister von Belarus, Leonid Ryschkowski, haben einen Fahrplan für die "
        "Zusammenarbeit unterzeichnet. In den Monaten Januar-September belief sich der Handelsumsatz auf "
        "$4 Mrd. 161,8 Mio., teilte das Ministerium mit.",
    ),
    (
        "ser-5",
        "2022-05-19",
        "Budapest (APA) - Der Botschafter Ungarns in Minsk, Zoltán Varga, traf den Vorsitzenden des "
        "Gebietsexekutivkomitees Gomel, Iwan Krupko. Der Warenumsatz zwischen Ungarn und Belarus lag im "
        "Jahr 2021 bei 300 Millionen Euro. Er soll bis 2025 eine Milliarde Euro erreichen.",
    ),
    (
        "ser-6",
        None,
        "Wirtschaftsforum in Graz\n"
        "Graz - Landeshauptmann Christopher Drexler eröffnete am Freitag das Wirtschaftsforum. "
        "Die steirischen Unternehmen setzten 3.500.000 Rubel und EUR 7,2 Millionen in Russland um. "
        "Der russische Generalkonsul Sergej Netschajew sagte, das Memorandum werde im Herbst unterzeichnet.",
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return relex.load()


def _docs(nlp):
    return [make_doc(nlp, text, id=id_, date=date) for id_, date, text in TEXTS]


@pytest.fixture(scope="module")
def processed(nlp):
    """The texts processed one by one with ``nlp(doc)``."""
    return [nlp(doc) for doc in _docs(nlp)]


@pytest.fixture(scope="module")
def expected(processed):
    return [relex.to_dict(doc) for doc in processed]


def test_fixture_texts_exercise_relations_money_and_nested_mentions(expected, processed):
    labels = {r["label"] for d in expected for r in d["relations"]}
    assert labels == {"signed_by", "holds_office", "trade_volume"}
    assert any(e["label"] == "MONEY" for d in expected for e in d["entities"])
    assert any(NESTED_KEY in doc.spans and len(doc.spans[NESTED_KEY]) for doc in processed)
    assert [d["id"] for d in expected] == [t[0] for t in TEXTS]


def test_n_process_2_equals_n_process_1_and_one_by_one(nlp, expected):
    one = [relex.to_dict(d) for d in nlp.pipe(_docs(nlp), batch_size=2, n_process=1)]
    # one multiprocessing call (slow to start on 2 cores); batch_size=2 spreads the texts over both workers
    two = [relex.to_dict(d) for d in nlp.pipe(_docs(nlp), batch_size=2, n_process=2)]
    assert one == expected
    assert two == expected


def _as_json(value):
    return json.loads(json.dumps(value))


def test_docbin_with_user_data_round_trip(nlp, processed, expected):
    db = DocBin(store_user_data=True)
    for doc in processed:
        db.add(doc)
    restored = list(DocBin(store_user_data=True).from_bytes(db.to_bytes()).get_docs(nlp.vocab))
    assert [relex.to_dict(d) for d in restored] == expected
    for before, after in zip(processed, restored):
        assert [(e.start_char, e.end_char, e.label_) for e in after.ents] == [
            (e.start_char, e.end_char, e.label_) for e in before.ents
        ]
        for b, a in zip(before.ents, after.ents):
            assert (a._.canonical, a._.value, a._.currency) == (b._.canonical, b._.value, b._.currency)
        if NESTED_KEY in before.spans:
            assert [(s.start, s.end, s.label_, s._.canonical) for s in after.spans[NESTED_KEY]] == [
                (s.start, s.end, s.label_, s._.canonical) for s in before.spans[NESTED_KEY]
            ]
        # msgpack gives tuples back for lists; the records are equal as JSON
        assert _as_json(after.user_data[RELATIONS_KEY]) == _as_json(before.user_data[RELATIONS_KEY])
        assert [repr(r) for r in after._.relations] == [repr(r) for r in before._.relations]
        assert after._.date == before._.date


def test_money_values_survive_docbin(nlp, processed):
    db = DocBin(store_user_data=True)
    db.add(processed[3])
    (doc,) = DocBin(store_user_data=True).from_bytes(db.to_bytes()).get_docs(nlp.vocab)
    money = [(e.text, e._.value, e._.currency) for e in doc.ents if e.label_ == "MONEY"]
    assert ("$4 Mrd. 161,8 Mio.", 4_161_800_000.0, "USD") in money


def test_pickle_round_trip(processed, expected):
    # one pickle for all: each Doc pickles its Vocab, which the pickle memo then stores once
    restored = pickle.loads(pickle.dumps(processed))
    assert len(restored) == len(processed)
    assert [relex.to_dict(d) for d in restored] == expected


def _walk(value, path="user_data"):
    """Every leaf of a nested structure with its path."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(k, f"{path} key")
            yield from _walk(v, f"{path}[{k!r}]")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, value


def test_relation_records_are_plain_data(processed):
    plain = (str, int, float, bool, type(None))
    n_records = 0
    for doc in processed:
        records = doc.user_data.get(RELATIONS_KEY, [])
        n_records += len(records)
        for path, leaf in _walk(doc.user_data):
            assert not isinstance(leaf, (Span, Token, Doc)), path
            assert isinstance(leaf, plain), (path, type(leaf))
        json.dumps(records)  # JSON-ready, too
    assert n_records > 0


def test_two_runs_and_reversed_order_give_identical_output(nlp, expected):
    again = [relex.to_dict(d) for d in nlp.pipe(_docs(nlp), batch_size=3)]
    backwards = [relex.to_dict(d) for d in nlp.pipe(list(reversed(_docs(nlp))), batch_size=4)]
    assert again == expected
    assert list(reversed(backwards)) == expected


def test_saved_pipeline_loads_through_entry_points_in_a_fresh_process(nlp, tmp_path):
    path = tmp_path / "pipeline"
    nlp.to_disk(path)
    texts = [text for _, _, text in TEXTS]
    expected = [relex.to_dict(nlp(text)) for text in texts]
    code = textwrap.dedent(
        """
        import json, sys
        import spacy
        assert "relex" not in sys.modules
        nlp = spacy.load(sys.argv[1])
        loaded_relex = "relex" in sys.modules  # imported by the spacy_factories entry points
        texts = json.load(sys.stdin)
        docs = [nlp(t) for t in texts]
        from relex.output import to_dict  # only to print the result
        print(json.dumps({"pipes": nlp.pipe_names, "entry_points": loaded_relex,
                          "out": [to_dict(d) for d in docs]}))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], input=json.dumps(texts), capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["entry_points"] is True
    assert result["pipes"] == nlp.pipe_names
    assert result["out"] == expected
