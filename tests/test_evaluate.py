"""Tests for relex.evaluate: one small case per matching rule, outputs, pairing, NER spans, CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from relex import evaluate as ev

LABELS = ("PER", "OFFICE", "REGION", "MONEY", "ORG")


def gold(id="d1", text="", **kw):
    """A gold document; entity lists and relation lists as keyword arguments."""
    return {"id": id, "text": text,
            "entities": {k: kw.get(k, []) for k in LABELS},
            "relations": {k: kw.get(k, []) for k in ev.RELATION_LABELS}}


def ent(label, canonical, text=None, **extra):
    return {"start": 0, "end": 1, "text": text or canonical, "label": label, "canonical": canonical, **extra}


def money(text, value, currency):
    return {"text": text, "value": value, "currency": currency}


def pred(id="d1", entities=(), relations=()):
    return {"id": id, "text": "", "entities": list(entities), "relations": list(relations)}


def rel(label, head, tail, **qualifiers):
    return {"label": label, "head": head, "tail": tail, "qualifiers": qualifiers, "confidence": 1.0, "sentence": ""}


def counts(g, p, label):
    c = ev.score_documents([g], [p]).counts[label]
    return c.tp, c.fp, c.fn


def ents(label, *names):
    return pred(entities=[ent(label, n) for n in names])


# ------------------------------------------------------------------ string normalisation


def test_case_umlaut_and_sharp_s_are_folded():
    g = gold(ORG=["Außenministerium Österreichs"])
    assert counts(g, ents("ORG", "AUSSENMINISTERIUM OSTERREICHS"), "ORG") == (1, 0, 0)


def test_whitespace_and_hyphen_are_normalised():
    g = gold(OFFICE=["Vize-Verkehrsminister"], REGION=["Bad  Wiesental"])
    p = pred(entities=[ent("OFFICE", "Vizeverkehrsminister"), ent("REGION", "Bad Wiesental")])
    assert counts(g, p, "OFFICE") == (1, 0, 0)
    assert counts(g, p, "REGION") == (1, 0, 0)


def test_inflection_endings_are_stripped():
    g = gold(OFFICE=["stellvertretender Verkehrsminister"], ORG=["Bayerische Staatsregierung"])
    p = pred(entities=[ent("OFFICE", "stellvertretenden Verkehrsministers"), ent("ORG", "Bayerischen Staatsregierung")])
    assert counts(g, p, "OFFICE") == (1, 0, 0)
    assert counts(g, p, "ORG") == (1, 0, 0)


def test_different_words_do_not_match():
    assert counts(gold(OFFICE=["Verkehrsminister"]), ents("OFFICE", "Finanzminister"), "OFFICE") == (0, 1, 1)


# ------------------------------------------------------------------ per-label rules


def test_person_last_name_matches_full_name():
    assert counts(gold(PER=["Katrin Obermaier"]), ents("PER", "Obermaier"), "PER") == (1, 0, 0)
    assert counts(gold(PER=["Obermaier"]), ents("PER", "Katrin Obermaier"), "PER") == (1, 0, 0)
    assert counts(gold(PER=["Katrin Obermaier"]), ents("PER", "K. Obermaier"), "PER") == (1, 0, 0)


def test_person_conflicting_first_names_do_not_match():
    assert counts(gold(PER=["Katrin Obermaier"]), ents("PER", "Jonas Obermaier"), "PER") == (0, 1, 1)


def test_region_designator_is_optional():
    for predicted in ("Kaluga", "Region Kaluga", "Oblast Kaluga", "Gebiet von Kaluga"):
        assert counts(gold(REGION=["Gebiet Kaluga"]), ents("REGION", predicted), "REGION") == (1, 0, 0), predicted
    assert counts(gold(REGION=["Republik Moldau"]), ents("REGION", "Moldau"), "REGION") == (1, 0, 0)


def test_designator_rule_is_only_for_regions():
    assert counts(gold(ORG=["Stadtwerke Kaluga"]), ents("ORG", "Kaluga"), "ORG") == (0, 1, 1)


def test_money_value_within_half_percent_and_same_currency():
    g = gold(MONEY=[money("4,2 Millionen Euro", 4.2e6, "EUR")])

    def m(value, currency, text="irgendwas"):
        return pred(entities=[ent("MONEY", text, value=value, currency=currency)])

    assert counts(g, m(4.2e6, "EUR", "4.200.000 €"), "MONEY") == (1, 0, 0)  # text is not compared
    assert counts(g, m(4.22e6, "EUR"), "MONEY") == (1, 0, 0)  # 0.48 %
    assert counts(g, m(4.23e6, "EUR"), "MONEY") == (0, 1, 1)  # 0.71 %
    assert counts(g, m(4.2e6, "USD"), "MONEY") == (0, 1, 1)


def test_signed_by_agreement_exact_prefix_or_head_noun():
    g = gold(signed_by=[{"agreement": "Partnerschaftsabkommen für 2030-2032", "signer": "Katrin Obermaier"}])
    signer = ent("PER", "Obermaier")
    for agreement, ok in [("Partnerschaftsabkommens für 2030-2032", True), ("Partnerschaftsabkommen", True),
                          ("Partnerschaftsabkommen über Verkehr", True), ("Memorandum", False)]:
        p = pred(relations=[rel("signed_by", ent("AGREEMENT", agreement), signer)])
        assert counts(g, p, "signed_by") == ((1, 0, 0) if ok else (0, 1, 1)), agreement


def test_signed_by_prefers_exact_agreement():
    g = gold(signed_by=[{"agreement": "Abkommen über Fischerei", "signer": "Paul Weber"},
                        {"agreement": "Abkommen über Forschung", "signer": "Paul Weber"}])
    p = pred(relations=[rel("signed_by", ent("AGREEMENT", "Abkommen über Forschung"), ent("PER", "Paul Weber"))])
    report = ev.score_documents([g], [p])
    assert report.counts["signed_by"].tp == 1
    assert report.documents[0].missed == [("signed_by", ev.SignedBy("Abkommen über Fischerei", "Paul Weber"))]


def _office(person, office, jurisdiction):
    quals = {"jurisdiction": None if jurisdiction is None else ent("REGION", jurisdiction, text="kalugaische")}
    return pred(relations=[rel("holds_office", ent("PER", person), ent("OFFICE", office), **quals)])


def test_holds_office_jurisdiction_loose_and_none_only_matches_none():
    g = gold(holds_office=[{"person": "Katrin Obermaier", "office": "Gouverneurin", "jurisdiction": "Gebiet Kaluga"}])
    assert counts(g, _office("Obermaier", "Gouverneurin", "Kaluga"), "holds_office") == (1, 0, 0)
    assert counts(g, _office("Katrin Obermaier", "Gouverneurin", None), "holds_office") == (0, 1, 1)
    assert counts(g, _office("Katrin Obermaier", "Bürgermeisterin", "Gebiet Kaluga"), "holds_office") == (0, 1, 1)
    g_none = gold(holds_office=[{"person": "Katrin Obermaier", "office": "Gouverneurin", "jurisdiction": None}])
    assert counts(g_none, _office("Katrin Obermaier", "Gouverneurin", None), "holds_office") == (1, 0, 0)
    assert counts(g_none, _office("Katrin Obermaier", "Gouverneurin", "Kaluga"), "holds_office") == (0, 1, 1)


def test_holds_office_jurisdiction_can_be_an_org():
    g = gold(holds_office=[{"person": "Paul Weber", "office": "Sprecher",
                            "jurisdiction": "Landwirtschaftsministerium"}])
    p = pred(relations=[rel("holds_office", ent("PER", "Weber"), ent("OFFICE", "Sprecher"),
                            jurisdiction=ent("ORG", "Landwirtschaftsministeriums"))])
    assert counts(g, p, "holds_office") == (1, 0, 0)


def _trade(head, counterpart, value, currency="EUR", period=None, status="actual"):
    tail = ent("MONEY", "Betrag", value=value, currency=currency)
    return pred(relations=[rel("trade_volume", ent("REGION", head), tail,
                               counterpart=ent("REGION", counterpart), period=period, status=status)])


TRADE = gold(trade_volume=[{"partners": ["Gebiet Kaluga", "Sachsen"], "value": 5e7, "currency": "EUR",
                            "period": "Januar-Juni 2031", "status": "actual"}])


def test_trade_volume_unordered_loose_partners():
    assert counts(TRADE, _trade("Freistaat Sachsen", "Kaluga", 5e7, period="2031"), "trade_volume") == (1, 0, 0)


def test_trade_volume_value_currency_and_status():
    assert counts(TRADE, _trade("Kaluga", "Sachsen", 5.02e7, period="2031"), "trade_volume") == (1, 0, 0)
    assert counts(TRADE, _trade("Kaluga", "Sachsen", 5.5e7, period="2031"), "trade_volume") == (0, 1, 1)
    assert counts(TRADE, _trade("Kaluga", "Sachsen", 5e7, "USD", period="2031"), "trade_volume") == (0, 1, 1)
    assert counts(TRADE, _trade("Kaluga", "Sachsen", 5e7, period="2031", status="target"), "trade_volume") == (0, 1, 1)
    assert counts(TRADE, _trade("Kaluga", "Bayern", 5e7, period="2031"), "trade_volume") == (0, 1, 1)


def test_trade_volume_period_years_or_both_null():
    assert counts(TRADE, _trade("Kaluga", "Sachsen", 5e7, period="erstes Halbjahr 2031"), "trade_volume") == (1, 0, 0)
    assert counts(TRADE, _trade("Kaluga", "Sachsen", 5e7, period="2030"), "trade_volume") == (0, 1, 1)
    assert counts(TRADE, _trade("Kaluga", "Sachsen", 5e7, period=None), "trade_volume") == (0, 1, 1)
    g_null = gold(trade_volume=[{**TRADE["relations"]["trade_volume"][0], "period": None}])
    assert counts(g_null, _trade("Kaluga", "Sachsen", 5e7, period=None), "trade_volume") == (1, 0, 0)
    assert counts(g_null, _trade("Kaluga", "Sachsen", 5e7, period="2031"), "trade_volume") == (0, 1, 1)


def test_periods_without_years_must_be_equal():
    assert ev.match_period("erstes Quartal", "ersten Quartal") == 2
    assert ev.match_period("erstes Quartal", "zweites Quartal") == 0


# ------------------------------------------------------------------ duplicates and one-to-one


def test_duplicate_predictions_are_collapsed():
    p = ents("REGION", "Oberland", "Oberlandes", "OBERLAND", "Oberland")
    assert counts(gold(REGION=["Oberland"]), p, "REGION") == (1, 0, 0)


def test_two_loose_predictions_for_one_gold_leave_one_spurious():
    report = ev.score_documents([gold(REGION=["Gebiet Kaluga"])], [ents("REGION", "Kaluga", "Gebiet Kaluga")])
    assert (report.counts["REGION"].tp, report.counts["REGION"].fp) == (1, 1)
    assert report.documents[0].spurious == [("REGION", "Kaluga")]  # the exact one was matched


def test_money_with_same_value_and_currency_is_one_fact():
    g = gold(MONEY=[money("2 Mrd. Euro", 2e9, "EUR")])
    p = pred(entities=[ent("MONEY", "2 Mrd. Euro", value=2e9, currency="EUR"),
                       ent("MONEY", "zwei Milliarden Euro", value=2e9, currency="EUR")])
    assert counts(g, p, "MONEY") == (1, 0, 0)


def test_matching_is_one_to_one_and_maximal():
    # Greedy best-first would pair 100.0 with 100.0 and leave 100.4 unmatched; augmenting finds 2 pairs.
    g = gold(MONEY=[money("a", 100.0, "USD"), money("b", 100.4, "USD")])
    p = pred(entities=[ent("MONEY", "c", value=100.0, currency="USD"), ent("MONEY", "d", value=99.6, currency="USD")])
    assert counts(g, p, "MONEY") == (2, 0, 0)
    # one prediction can match only one gold item
    assert counts(gold(PER=["Katrin Obermaier", "Jonas Obermaier"]), ents("PER", "Obermaier"), "PER") == (1, 0, 1)


# ------------------------------------------------------------------ conversion, pairing, reports


def test_predictions_to_facts_uses_canonical_names():
    p = pred(entities=[ent("PER", "Katrin Obermaier", text="Obermaiers"), ent("PER", "Katrin Obermaier"),
                       ent("MONEY", "5 Mio. Euro", value=5e6, currency="EUR"), ent("DATE", "im Mai")],
             relations=[rel("trade_volume", ent("REGION", "Gebiet Kaluga", text="Kaluga"),
                            ent("MONEY", "5 Mio. Euro", value=5e6, currency="EUR"),
                            counterpart=ent("REGION", "Sachsen"), period="2031", status="target")])
    facts = ev.predictions_to_facts(p)
    assert facts.entities["PER"] == ["Katrin Obermaier"]
    assert facts.entities["MONEY"] == [ev.Money("5 Mio. Euro", 5e6, "EUR")]
    assert facts.relations["trade_volume"] == [
        ev.TradeVolume(("Gebiet Kaluga", "Sachsen"), 5e6, "EUR", "2031", "target")]


def test_gold_documents_can_also_be_predictions():
    g = gold(PER=["Katrin Obermaier"], MONEY=[money("1 Mio. Euro", 1e6, "EUR")],
             holds_office=[{"person": "Katrin Obermaier", "office": "Landrätin", "jurisdiction": None}])
    report = ev.score_documents([g], [g])
    assert report.entities.f1 == 1.0 and report.relations.f1 == 1.0


def test_documents_pair_by_id_in_any_order():
    golds = [gold("a", PER=["Paul Weber"]), gold("b", PER=["Katrin Obermaier"])]
    preds = [pred("b", [ent("PER", "Obermaier")]), pred("a", [ent("PER", "Weber")])]
    report = ev.score_documents(golds, preds)
    assert report.counts["PER"].tp == 2 and [d.id for d in report.documents] == ["a", "b"]


def test_unpaired_ids_are_an_error():
    with pytest.raises(ev.EvaluationError, match="no prediction for: b"):
        ev.score_documents([gold("a"), gold("b")], [pred("a")])
    with pytest.raises(ev.EvaluationError, match="duplicate"):
        ev.score_documents([gold("a")], [pred("a"), pred("a")])


def test_documents_without_ids_pair_by_order():
    g, p = gold(PER=["Paul Weber"]), pred(entities=[ent("PER", "Weber")])
    del g["id"], p["id"]
    assert ev.score_documents([g], [p]).counts["PER"].tp == 1
    with pytest.raises(ev.EvaluationError, match="counts differ"):
        ev.score_documents([g, g], [p])


def _small_report():
    g = gold("doc-7", PER=["Katrin Obermaier", "Paul Weber"], REGION=["Sachsen"],
             holds_office=[{"person": "Paul Weber", "office": "Landrat", "jurisdiction": None}])
    p = pred("doc-7", [ent("PER", "Obermaier"), ent("REGION", "Sachsen"), ent("REGION", "Thüringen")])
    return ev.score_documents([g], [p])


def test_table_rows_and_values():
    table = _small_report().table()
    lines = table.splitlines()
    names = [line.split("  ")[0].strip() for line in lines[3:] if not line.startswith("---")]
    assert names == ["PER", "OFFICE", "REGION", "MONEY", "ORG", "entities (micro)",
                     "signed_by", "holds_office", "trade_volume", "relations (micro)"]
    assert lines[0] == "1 documents" and lines[1].split() == ["label", "tp", "fp", "fn", "P", "R", "F1"]
    per = next(line for line in lines if line.startswith("PER")).split()
    assert per == ["PER", "1", "0", "1", "1.000", "0.500", "0.667"]
    assert next(line for line in lines if line.startswith("MONEY")).split()[-3:] == ["-", "-", "-"]
    assert len({len(line) for line in lines[1:]}) == 1  # aligned


def test_json_report():
    data = json.loads(json.dumps(_small_report().to_dict()))
    assert data["entities"]["REGION"] == {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0, "f1": 2 / 3}
    assert data["micro"]["entities"]["tp"] == 2 and data["micro"]["relations"]["fn"] == 1
    assert data["entities"]["MONEY"]["precision"] is None
    errors = data["errors"][0]
    assert errors["id"] == "doc-7"
    assert {"label": "holds_office", "fact": {"person": "Paul Weber", "office": "Landrat", "jurisdiction": None}} \
        in errors["missed"]
    assert errors["spurious"] == [{"label": "REGION", "fact": "Thüringen"}]


def test_errors_listing():
    text = _small_report().errors()
    assert text.splitlines()[0] == "== doc-7"
    assert "missed    PER           Paul Weber" in text
    assert "missed    holds_office  Paul Weber | Landrat | jurisdiction=None" in text
    assert "spurious  REGION        Thüringen" in text
    assert ev.score_documents([gold()], [pred()]).errors() == "no errors"


def test_read_jsonl_names_file_and_line(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"id": "a"}\n\n{"id": \n', encoding="utf-8")
    with pytest.raises(ev.EvaluationError, match=r"bad\.jsonl:3: invalid JSON"):
        ev.read_jsonl(f)
    f.write_text('{"id": "a"}\n\n', encoding="utf-8")
    assert ev.read_jsonl(f) == [{"id": "a"}]


def test_evaluate_runs_pipeline_on_gold_texts():
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Obermaier"}, {"label": "REGION", "pattern": "Kaluga"}])

    def to_dict(doc):
        return {"id": "ignored", "text": doc.text, "relations": [],
                "entities": [ent(e.label_, e.text) for e in doc.ents]}

    golds = [gold("x", "Katrin Obermaier besuchte Kaluga.", PER=["Katrin Obermaier"], REGION=["Gebiet Kaluga"]),
             gold("y", "Kein Name.", ORG=["Landtag"])]
    report = ev.evaluate(nlp, golds, to_dict=to_dict)
    assert report.entities.to_dict()["tp"] == 2 and report.counts["ORG"].fn == 1


# ------------------------------------------------------------------ mention-level NER


@pytest.fixture
def ruler_nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe("entity_ruler").add_patterns([
        {"label": "PER", "pattern": [{"TEXT": "Katrin"}, {"TEXT": "Obermaier"}]},
        {"label": "REGION", "pattern": "Kaluga"},
        {"label": "PER", "pattern": "Weber"},
    ])
    return nlp


CONLL = """# ein Kommentar
Katrin\tB-PER
Obermaier\tI-PER
besucht\tO
Kaluga\tB-LOC
.\tO

-DOCSTART- O

Paul B-PER
Weber I-PER
lobt O
Sachsen B-LOC
"""


def test_ner_spans_from_conll(tmp_path, ruler_nlp):
    f = tmp_path / "mini.conll"
    f.write_text(CONLL, encoding="utf-8")
    rep = ev.score_ner_spans(ruler_nlp, f, label_map={"LOC": "REGION"})
    assert list(rep.counts) == ["PER", "REGION"]
    assert (rep.counts["PER"].tp, rep.counts["PER"].fp, rep.counts["PER"].fn) == (1, 1, 1)  # "Weber" != "Paul Weber"
    assert (rep.counts["REGION"].tp, rep.counts["REGION"].fn) == (1, 1)
    assert rep.micro.to_dict()["tp"] == 2 and "micro" in rep.table()
    only = ev.score_ner_spans(ruler_nlp, f, labels=["LOC"])  # no map: relex says REGION, data says LOC
    assert (only.counts["LOC"].tp, only.counts["LOC"].fn) == (0, 2) and list(only.counts) == ["LOC"]


def test_conll_index_column_and_later_tag_column(tmp_path):
    f = tmp_path / "idx.tsv"
    f.write_text("#\tquelle\n1\tKatrin\tB-PER\tO\n2\tObermaier\tI-PER\tO\n\n1\t2031\tO\tO\n", encoding="utf-8")
    assert ev.read_conll(f) == [(["Katrin", "Obermaier"], ["B-PER", "I-PER"]), (["2031"], ["O"])]
    g = tmp_path / "cols.txt"
    g.write_text("Kaluga _ _ B-LOC\n# _ _ O\n", encoding="utf-8")
    assert ev.read_conll(g) == [(["Kaluga"], ["B-LOC"])]


def test_iob_spans_tolerates_iob1_and_bioes():
    assert ev.iob_spans(["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == \
        [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]
    assert ev.iob_spans(["S-PER", "B-LOC", "E-LOC", "O"]) == [(0, 1, "PER"), (1, 3, "LOC")]


def test_ner_spans_from_docbin(tmp_path, ruler_nlp):
    from spacy.tokens import Doc, DocBin

    doc = Doc(ruler_nlp.vocab, words=["Katrin", "Obermaier", "in", "Kaluga"])
    doc.ents = [doc.char_span(0, 16, label="PER"), doc.char_span(20, 26, label="LOC")]
    path = tmp_path / "mini.spacy"
    DocBin(docs=[doc]).to_disk(path)
    rep = ev.score_ner_spans(ruler_nlp, path, label_map={"LOC": "REGION"})
    assert rep.micro.f1 == 1.0


# ------------------------------------------------------------------ command line


@pytest.fixture
def files(tmp_path):
    g = tmp_path / "gold.jsonl"
    p = tmp_path / "pred.jsonl"
    g.write_text(json.dumps(gold("a", PER=["Katrin Obermaier"], REGION=["Sachsen"]), ensure_ascii=False) + "\n",
                 encoding="utf-8")
    p.write_text(json.dumps(pred("a", [ent("PER", "Obermaier"), ent("REGION", "Thüringen")]),
                            ensure_ascii=False) + "\n", encoding="utf-8")
    return g, p


def _run(argv):
    return ev.run(ev.add_arguments(__import__("argparse").ArgumentParser()).parse_args(argv))


def test_cli_table_errors_and_json(files, capsys):
    g, p = files
    assert _run([str(g), "--pred", str(p), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "entities (micro)" in out and "spurious  REGION        Thüringen" in out
    assert _run([str(g), "--pred", str(p), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entities"]["PER"]["tp"] == 1


def test_cli_bad_input_exit_code_2(files, tmp_path, capsys):
    g, p = files
    bad = tmp_path / "broken.jsonl"
    bad.write_text("{nope\n", encoding="utf-8")
    assert _run([str(g), "--pred", str(bad)]) == 2
    assert "broken.jsonl:1: invalid JSON" in capsys.readouterr().err
    assert _run([str(tmp_path / "missing.jsonl"), "--pred", str(p)]) == 2
    assert "missing.jsonl" in capsys.readouterr().err
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps(pred("zzz")) + "\n", encoding="utf-8")
    assert _run([str(g), "--pred", str(other)]) == 2
    assert "do not pair up" in capsys.readouterr().err


def test_python_dash_m(files):
    g, p = files
    src = str(Path(ev.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "relex.evaluate", str(g), "--pred", str(p), "--json"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["micro"]["entities"]["tp"] == 1
