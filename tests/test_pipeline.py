"""Loading, bases, output format and bad input."""
from __future__ import annotations

import json

import pytest
import spacy

import relex
from relex.pipeline import COMPONENTS


def test_load_gives_a_german_pipeline_with_all_components(nlp):
    assert nlp.lang == "de"
    for name in COMPONENTS:
        assert name in nlp.pipe_names


def test_load_accepts_a_pipeline_path(tmp_path):
    base = spacy.blank("de")
    ruler = base.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": [{"TEXT": "Zora"}, {"TEXT": "Quandt"}]}])
    base.to_disk(tmp_path / "base")
    nlp = relex.load(base=tmp_path / "base")
    assert nlp.pipe_names[0] == "entity_ruler"
    doc = nlp("Zora Quandt unterzeichnete ein Protokoll.")
    assert ("Zora Quandt", "PER") in [(e.text, e.label_) for e in doc.ents]
    assert relex.to_dict(doc)["relations"][0]["label"] == "signed_by"


def test_load_rejects_a_pipeline_for_another_language(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "en")
    with pytest.raises(ValueError, match="German"):
        relex.load(base=tmp_path / "en")


def test_to_dict_follows_the_output_spec(nlp):
    text = "Der Handelsumsatz zwischen Serbien und Belarus betrug 2021 rund 250 Millionen Dollar."
    out = relex.to_dict(nlp(text), id="t-1")
    assert set(out) == {"id", "text", "entities", "relations"}
    assert out["id"] == "t-1" and out["text"] == text
    starts = [e["start"] for e in out["entities"]]
    assert starts == sorted(starts)
    for ent in out["entities"]:
        assert text[ent["start"] : ent["end"]] == ent["text"]
        assert {"start", "end", "text", "label", "canonical"} <= set(ent)
    (rel,) = out["relations"]
    assert rel["label"] == "trade_volume"
    assert rel["tail"]["value"] == 250e6 and rel["tail"]["currency"] == "USD"
    assert rel["qualifiers"]["counterpart"]["label"] == "REGION"
    assert rel["qualifiers"]["status"] == "actual"
    assert 0 <= rel["confidence"] <= 1
    assert rel["sentence"] == text
    json.dumps(out)


def test_non_text_input_raises_type_error(nlp):
    with pytest.raises(TypeError, match="int"):
        nlp(123)
    with pytest.raises(TypeError, match="list"):
        relex.pipeline.make_doc(nlp, ["text"])


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_blank_text_gives_an_empty_doc(nlp, text):
    out = relex.to_dict(nlp(text))
    assert out["entities"] == [] and out["relations"] == []


def test_text_over_max_length_raises_with_advice(nlp):
    limit = nlp.max_length
    try:
        nlp.max_length = 1000
        with pytest.raises(ValueError, match="max_length"):
            nlp("Wort " * 300)
    finally:
        nlp.max_length = limit


@pytest.mark.parametrize(
    "text",
    [
        "<p>Präsident <b>Ivo Marić</b> unterzeichnete &amp; lachte.</p>",
        "Steuerzeichen\x00\x07\x1b mitten im Text: 5 Mio. € \u200b\u202e rückwärts",
        "🙂 Emoji, ＦＵＬＬＷＩＤＴＨ und 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 mit 3 Mrd. Dollar",
    ],
)
def test_markup_and_odd_unicode_do_not_crash(nlp, text):
    out = relex.to_dict(nlp(text))
    for ent in out["entities"]:
        assert text[ent["start"] : ent["end"]] == ent["text"]


def test_make_doc_checks_the_date(nlp):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        relex.pipeline.make_doc(nlp, "Text", date="2.3.2024")


def test_evaluate_ner_compares_base_and_relex(tmp_path, capsys):
    from relex.cli import main

    conll = tmp_path / "held.conll"
    conll.write_text(
        "Gouverneur O\nPjotr B-PER\nDudkin I-PER\nbesuchte O\nMinsk B-LOC\n. O\n\n"
        "Das O\nGebiet B-LOC\nTambow I-LOC\nwächst O\n. O\n",
        "utf-8",
    )
    assert main(["evaluate", "--ner", str(conll), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert set(scores) == {"base", "relex"}
    # the rules find the name after the office and the designator phrase
    assert scores["relex"]["labels"]["PER"]["tp"] == 1
    assert scores["relex"]["labels"]["LOC"]["tp"] == 2


def test_load_uses_the_shipped_model_when_present(nlp):
    from relex.pipeline import shipped_model

    if shipped_model() is None:
        pytest.skip("no trained model in models/ (rules over a blank German tokenizer)")
    assert nlp.meta["name"] == "relex_news"
    assert "ner" in nlp.pipe_names and nlp.pipe_names.index("ner") < nlp.pipe_names.index("relex_entities")


TWO_MINISTERS = (
    "Die Wirtschaftsministerin der Region Perm, Olga Tschupris, unterzeichnete am Dienstag "
    "in Minsk ein Kooperationsabkommen mit dem belarussischen Industrieminister."
)


def test_rule_candidates_are_dropped_once_entities_are_decided(nlp):
    doc = nlp(TWO_MINISTERS)
    assert "relex_candidates" not in doc.spans  # every span group is serialised with the doc
    assert {e.label_ for e in doc.ents} >= {"OFFICE", "PER", "AGREEMENT"}


def test_keep_candidates_leaves_every_rule_candidate_for_debugging():
    nlp = relex.load()
    nlp.get_pipe("relex_entities").keep_candidates = True
    doc = nlp(TWO_MINISTERS)
    kept = {(s.start_char, s.end_char, s.label_) for s in doc.spans["relex_candidates"]}
    assert ("Olga Tschupris" in {doc.text[a:b] for a, b, label in kept if label == "PER"})
    ruled = {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ("OFFICE", "AGREEMENT")}
    assert ruled and ruled <= kept


def test_keep_candidates_is_a_config_setting(tmp_path):
    nlp = relex.load()
    nlp.replace_pipe("relex_entities", "relex_entities", config={"keep_candidates": True})
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.get_pipe("relex_entities").keep_candidates is True
    assert "relex_candidates" in reloaded(TWO_MINISTERS).spans


def test_line_breaks_do_not_override_a_parser(nlp):
    from spacy.tokens import Doc

    words = ["Minsk", "\n", "Der", "Botschafter", "sprach", "."]
    parsed = Doc(nlp.vocab, words=words, spaces=[False, False, True, True, False, False],
                 heads=[4, 4, 3, 4, 4, 4], deps=["nsubj", "dep", "det", "nsubj", "ROOT", "punct"])
    unparsed = Doc(nlp.vocab, words=words, spaces=[False, False, True, True, False, False])
    unparsed[0].is_sent_start = True
    lines = nlp.get_pipe("relex_sentences")
    assert [s.text for s in lines(unparsed).sents] == ["Minsk\n", "Der Botschafter sprach."]
    assert len(list(lines(parsed).sents)) == 1  # the parse keeps its one sentence
