"""relex.extract_frames / relex.to_frames: columns, dtypes, ids, one row per fact, errors,
and agreement with relex.to_dict. The sentences are written for these tests."""
from __future__ import annotations

import math

import pandas as pd
import pytest

import relex
from relex.frames import Frames
from relex.pipeline import make_doc

TRADE = (
    "Der Handelsumsatz zwischen Österreich und Ungarn betrug 2024 rund 9,8 Milliarden Euro. "
    "Der Handelsumsatz von 9,8 Milliarden Euro sei ein Rekord, sagte die Wirtschaftsministerin Ungarns, Katalin Szabó."
)
SIGNING = "Das Abkommen wurde vom Gouverneur des Gebiets Kaluga, Wladislaw Schapscha, unterzeichnet."
RELATIVE = "BUDAPEST, 2. März - Der Handelsumsatz zwischen Ungarn und Serbien lag im vergangenen Jahr bei $3,1 Mrd."
NESTED = "Die Regierung der Region Jaroslawl und das Industrieministerium von Belarus unterzeichneten ein Protokoll."
NOTHING = "Am Wochenende regnete es in Bayern."  # an entity, no fact

ENTITY_COLUMNS = ["doc_id", "start", "end", "text", "label", "canonical", "value", "currency", "sentence"]
RELATION_COLUMNS = [
    "doc_id", "label", "head_text", "head_label", "head_canonical", "tail_text", "tail_label", "tail_canonical",
    "counterpart", "jurisdiction", "period", "status", "value", "currency", "confidence", "sentence",
]
ENTITY_LABELS = ["PER", "OFFICE", "REGION", "MONEY", "ORG", "AGREEMENT", "DATE"]


@pytest.fixture(scope="module")
def frames(nlp) -> Frames:
    return relex.extract_frames([TRADE, SIGNING, NESTED, NOTHING], nlp=nlp)


def _check_schema(entities: pd.DataFrame, relations: pd.DataFrame) -> None:
    assert list(entities.columns) == ENTITY_COLUMNS
    assert list(relations.columns) == RELATION_COLUMNS
    for frame, cols in ((entities, ["start", "end"]), (relations, [])):
        for col in cols:
            assert str(frame[col].dtype) == "Int64", col
    for col in ("text", "canonical", "currency", "sentence"):
        assert isinstance(entities[col].dtype, pd.StringDtype) and entities[col].dtype.na_value is pd.NA, col
    for col in ("head_text", "head_canonical", "tail_text", "tail_canonical", "counterpart", "jurisdiction",
                "period", "currency", "sentence"):
        assert isinstance(relations[col].dtype, pd.StringDtype), col
    assert entities["value"].dtype == "float64"
    assert relations["value"].dtype == "float64" and relations["confidence"].dtype == "float64"
    assert list(entities["label"].cat.categories) == ENTITY_LABELS
    assert list(relations["head_label"].cat.categories) == ENTITY_LABELS
    assert list(relations["tail_label"].cat.categories) == ENTITY_LABELS
    assert list(relations["label"].cat.categories) == ["signed_by", "holds_office", "trade_volume"]
    assert list(relations["status"].cat.categories) == ["actual", "target"]


def test_columns_and_dtypes(frames):
    entities, relations = frames
    _check_schema(entities, relations)
    assert isinstance(frames, Frames) and frames.entities is entities and frames.relations is relations


def test_list_input_gets_positions_as_ids(frames):
    entities, relations = frames
    assert str(entities["doc_id"].dtype) == "Int64"
    assert set(entities["doc_id"]) == {0, 1, 2, 3}
    assert set(relations["doc_id"]) == {0, 1}  # NESTED: a signing by organisations; NOTHING: no fact


def test_one_row_per_fact_as_doc_relations(nlp, frames):
    _, relations = frames
    for i, text in enumerate([TRADE, SIGNING, NESTED, NOTHING]):
        assert (relations["doc_id"] == i).sum() == len(nlp(text)._.relations)
    trade = relations[relations["label"] == "trade_volume"]
    assert len(trade) == 1  # stated twice in TRADE, one fact
    row = trade.iloc[0]
    assert {row["head_canonical"], row["counterpart"]} == {"Österreich", "Ungarn"}
    assert row["value"] == pytest.approx(9.8e9) and row["currency"] == "EUR"
    assert row["period"] == "2024" and row["status"] == "actual"
    others = relations[relations["label"] != "trade_volume"]
    assert others["value"].isna().all() and others["currency"].isna().all() and others["status"].isna().all()


def test_qualifiers_are_canonical_names(frames):
    _, relations = frames
    office = relations[(relations["label"] == "holds_office") & (relations["head_canonical"] == "Wladislaw Schapscha")]
    assert office["tail_canonical"].tolist() == ["Gouverneur"]
    assert office["jurisdiction"].tolist() == ["Gebiet Kaluga"]  # "Gebiets Kaluga" in the text
    assert office["counterpart"].isna().all()
    signed = relations[relations["label"] == "signed_by"]
    assert ("Abkommen", "Wladislaw Schapscha") in set(zip(signed["head_canonical"], signed["tail_canonical"]))


def test_entities_carry_money_and_sentence(frames):
    entities, _ = frames
    money = entities[entities["label"] == "MONEY"]
    assert money["value"].tolist() == [9.8e9, 9.8e9] and money["currency"].tolist() == ["EUR", "EUR"]
    assert entities.loc[entities["label"] != "MONEY", "value"].isna().all()
    first, second = TRADE.split(". Der ")
    assert money["sentence"].tolist() == [first + ".", "Der " + second]
    for row in entities.itertuples():
        text = [TRADE, SIGNING, NESTED, NOTHING][row.doc_id]
        assert text[row.start:row.end] == row.text and row.text in row.sentence


def test_tables_agree_with_to_dict(nlp, frames):
    """Rebuilt independently of relex.rows: what the JSON says, the tables say."""
    entities, relations = frames
    for i, text in enumerate([TRADE, SIGNING, NESTED, NOTHING]):
        data = relex.to_dict(nlp(text))
        ents = entities[entities["doc_id"] == i]
        assert list(zip(ents["start"], ents["end"], ents["text"], ents["label"], ents["canonical"])) == [
            (e["start"], e["end"], e["text"], e["label"], e["canonical"]) for e in data["entities"]
        ]
        rels = relations[relations["doc_id"] == i]
        expected = []
        for r in data["relations"]:
            q = r["qualifiers"]
            name = lambda v: v["canonical"] if isinstance(v, dict) else v  # noqa: E731
            expected.append((
                r["label"], r["head"]["text"], r["head"]["canonical"], r["tail"]["text"], r["tail"]["canonical"],
                name(q.get("counterpart")), name(q.get("jurisdiction")), q.get("period"), q.get("status"),
                r["confidence"], r["sentence"],
            ))
        got = [
            tuple(None if pd.isna(v) else v for v in row)
            for row in rels[["label", "head_text", "head_canonical", "tail_text", "tail_canonical", "counterpart",
                             "jurisdiction", "period", "status", "confidence", "sentence"]].itertuples(index=False)
        ]
        assert got == expected


def test_dataframe_keeps_its_ids_and_uses_dates(nlp):
    df = pd.DataFrame({"id": [101, 205], "text": [SIGNING, RELATIVE], "date": ["2025-03-02", "2025-03-02"]})
    entities, relations = relex.extract_frames(df, nlp=nlp)
    assert relations["doc_id"].dtype == df["id"].dtype
    assert set(entities["doc_id"]) == {101, 205}
    trade = relations[relations["label"] == "trade_volume"]
    assert trade["doc_id"].tolist() == [205]
    assert trade["period"].tolist() == ["2024"]  # "im vergangenen Jahr" of an article of 2025
    assert trade["value"].tolist() == [3.1e9] and trade["currency"].tolist() == ["USD"]
    assert (relations.loc[relations["label"] == "signed_by", "doc_id"] == 101).all()


def test_dataframe_string_ids_timestamps_and_index(nlp):
    df = pd.DataFrame(
        {"key": ["art-b", "art-a"], "body": [RELATIVE, SIGNING], "date": pd.to_datetime(["2025-03-02", None])},
        index=[7, 3],
    )
    _, relations = relex.extract_frames(df, text_col="body", id_col="key", nlp=nlp)
    assert set(relations["doc_id"]) == {"art-b", "art-a"}
    assert relations.loc[relations["label"] == "trade_volume", "period"].tolist() == ["2024"]
    _, by_index = relex.extract_frames(df, text_col="body", id_col=None, nlp=nlp)
    assert set(by_index["doc_id"]) == {7, 3}


def test_given_ids_for_a_list(nlp):
    _, relations = relex.extract_frames(pd.Series([NOTHING, SIGNING]), ids=["x", "y"], nlp=nlp)
    assert set(relations["doc_id"]) == {"y"} and isinstance(relations["doc_id"].dtype, pd.StringDtype)
    with pytest.raises(ValueError, match="2 ids for 1 texts"):
        relex.extract_frames([SIGNING], ids=["a", "b"], nlp=nlp)


@pytest.mark.parametrize("empty", [[], pd.Series([], dtype="string"), pd.DataFrame({"id": [], "text": []})])
def test_empty_input_gives_empty_typed_frames(nlp, empty):
    entities, relations = relex.extract_frames(empty, nlp=nlp)
    assert len(entities) == 0 and len(relations) == 0
    _check_schema(entities, relations)


def test_to_frames_uses_the_docs_ids(nlp):
    docs = list(nlp.pipe([make_doc(nlp, SIGNING, id="k-1"), make_doc(nlp, TRADE, id="k-2")]))
    entities, relations = relex.to_frames(docs)
    assert set(relations["doc_id"]) == {"k-1", "k-2"}
    _check_schema(entities, relations)
    _, positional = relex.to_frames([nlp(SIGNING), nlp(TRADE)])
    assert set(positional["doc_id"]) == {0, 1}
    _, given = relex.to_frames(docs, ids=[10, 20])
    assert set(given["doc_id"]) == {10, 20}
    with pytest.raises(TypeError, match="item 1 is str"):
        relex.to_frames([docs[0], SIGNING])


def test_non_str_text_names_type_and_row(nlp):
    with pytest.raises(TypeError, match=r"text 1 .*float.*not str"):
        relex.extract_frames([SIGNING, math.nan], nlp=nlp)
    df = pd.DataFrame({"id": ["a", "b", "c"], "text": [SIGNING, TRADE, None]})
    with pytest.raises(TypeError, match=r"row 2 \(id 'c'\), column 'text', is \w+ \(a missing value\)"):
        relex.extract_frames(df, nlp=nlp)
    with pytest.raises(TypeError, match=r"text 0 \(id 0\) is bytes"):
        relex.extract_frames([b"bytes"], nlp=nlp)
    with pytest.raises(TypeError, match="not one str"):
        relex.extract_frames(SIGNING, nlp=nlp)


def test_missing_columns_are_named(nlp):
    with pytest.raises(KeyError, match="'text'"):
        relex.extract_frames(pd.DataFrame({"id": [1], "body": [SIGNING]}), nlp=nlp)
    with pytest.raises(KeyError, match="'doc'"):
        relex.extract_frames(pd.DataFrame({"id": [1], "text": [SIGNING]}), id_col="doc", nlp=nlp)


def test_bad_date_names_the_row(nlp):
    df = pd.DataFrame({"id": ["a", "b"], "text": [SIGNING, TRADE], "date": ["2025-03-02", "2.3.2025"]})
    with pytest.raises(ValueError, match=r"row 1 \(id 'b'\).*YYYY-MM-DD"):
        relex.extract_frames(df, nlp=nlp)


def test_progress_bar_only_when_asked_or_many(nlp, capsys):
    relex.extract_frames([NOTHING] * 3, nlp=nlp)
    assert "relex" not in capsys.readouterr().err
    relex.extract_frames([NOTHING] * 3, nlp=nlp, progress=True)
    assert "3/3" in capsys.readouterr().err


def test_n_process_gives_the_same_tables(nlp, frames):
    entities, relations = relex.extract_frames([TRADE, SIGNING, NESTED, NOTHING], nlp=nlp, n_process=2, batch_size=1)
    pd.testing.assert_frame_equal(entities, frames.entities)
    pd.testing.assert_frame_equal(relations, frames.relations)
