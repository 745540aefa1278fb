"""``relex.extract_frames`` / ``relex.to_frames``: entities and relations as pandas tables.

The rows are built from :func:`relex.to_dict` by :mod:`relex.rows`, so the tables, the
JSON and the CSV of ``relex extract`` always agree; the dtypes are fixed (categorical
labels, nullable offsets, ``string`` text) so that frames of different runs concatenate
and compare.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

from .output import to_dict
from .pipeline import load, make_doc
from .relations import LABELS as RELATION_LABELS
from .rows import ENTITY_COLUMNS, RELATION_COLUMNS, entity_rows, relation_rows

ENTITY_LABELS = ("PER", "OFFICE", "REGION", "MONEY", "ORG", "AGREEMENT", "DATE")
STATUSES = ("actual", "target")
PROGRESS_MIN_DOCS = 50  # below this many documents no progress bar is shown by default

_S, _I, _F = "string", "Int64", "float64"
# dtype per column; the column order is that of relex.rows, shared with ``relex extract --format csv``
DTYPES: dict[str, Any] = {
    "start": _I, "end": _I, "text": _S, "canonical": _S, "value": _F, "currency": _S, "sentence": _S,
    "head_text": _S, "head_label": ENTITY_LABELS, "head_canonical": _S,
    "tail_text": _S, "tail_label": ENTITY_LABELS, "tail_canonical": _S,
    "counterpart": _S, "jurisdiction": _S, "period": _S, "status": STATUSES, "confidence": _F,
}
ENTITY_DTYPES = {c: {**DTYPES, "label": ENTITY_LABELS}[c] for c in ENTITY_COLUMNS if c != "doc_id"}
RELATION_DTYPES = {c: {**DTYPES, "label": RELATION_LABELS}[c] for c in RELATION_COLUMNS if c != "doc_id"}


class Frames(NamedTuple):
    """The two tables of one extraction; unpack it as ``entities, relations = ...``."""

    entities: pd.DataFrame
    relations: pd.DataFrame


def _column(values: list[Any], dtype: Any) -> pd.Series:
    if isinstance(dtype, tuple):  # categorical: fixed categories, unknown labels appended, never lost
        extra = sorted({v for v in values if v is not None and v not in dtype})
        return pd.Series(pd.Categorical(values, categories=[*dtype, *extra]))
    return pd.Series(values, dtype=dtype)


def _frame(rows: list[dict[str, Any]], columns: dict[str, Any], ids: list[Any], id_dtype: Any) -> pd.DataFrame:
    data = {"doc_id": pd.Series(ids, dtype=id_dtype)}
    data.update({name: _column([r.get(name) for r in rows], dtype) for name, dtype in columns.items()})
    return pd.DataFrame(data)


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    return [(s.start_char, s.end_char) for s in sents]


def _id_dtype(ids: Sequence[Any]) -> Any:
    """The dtype pandas infers for the ids (nullable ``Int64``/``string`` where it can)."""
    if not len(ids):
        return "Int64"
    dtype = pd.array(list(ids)).dtype
    return object if pd.api.types.is_object_dtype(dtype) else dtype  # mixed ids stay as they are


def _collect(pairs: Iterable[tuple[Any, Doc]], id_dtype: Any) -> Frames:
    """Rows of each (id, doc) as it comes, so that a long ``nlp.pipe`` keeps no Doc alive."""
    ent_rows: list[dict[str, Any]] = []
    rel_rows: list[dict[str, Any]] = []
    ent_ids: list[Any] = []
    rel_ids: list[Any] = []
    for doc_id, doc in pairs:
        record = to_dict(doc)
        ents, rels = entity_rows(record, _sentence_bounds(doc)), relation_rows(record)
        ent_rows.extend(ents)
        rel_rows.extend(rels)
        ent_ids.extend([doc_id] * len(ents))
        rel_ids.extend([doc_id] * len(rels))
    return Frames(_frame(ent_rows, ENTITY_DTYPES, ent_ids, id_dtype), _frame(rel_rows, RELATION_DTYPES, rel_ids, id_dtype))


def to_frames(docs: Iterable[Doc], ids: Sequence[Any] | None = None) -> Frames:
    """Tables of processed docs. ``ids`` default to the docs' relex ids (``make_doc(id=)``)
    where every doc has one, else to positions 0..n-1."""
    docs = list(docs)
    for i, doc in enumerate(docs):
        if not isinstance(doc, Doc):
            raise TypeError(f"to_frames() needs spaCy Docs, but item {i} is {type(doc).__name__}")
    if ids is None:
        own = [doc.user_data.get("relex_id") for doc in docs]
        ids = own if all(i is not None for i in own) else list(range(len(docs)))
    elif len(ids) != len(docs):
        raise ValueError(f"got {len(ids)} ids for {len(docs)} docs")
    return _collect(zip(ids, docs), _id_dtype(ids))


def _date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a str, date or Timestamp; None for a missing date."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)


@lru_cache(maxsize=1)
def _default_nlp() -> Language:
    return load()


def extract_frames(
    texts_or_dataframe: pd.DataFrame | pd.Series | Iterable[str],
    text_col: str = "text",
    id_col: str | None = "id",
    n_process: int = 1,
    batch_size: int = 64,
    nlp: Language | None = None,
    *,
    ids: Sequence[Any] | None = None,
    date_col: str | None = "date",
    progress: bool | None = None,
) -> Frames:
    """Run relex over many texts and return ``Frames(entities, relations)``.

    A DataFrame keeps its ``id_col`` values as ``doc_id`` (``id_col=None``: its index)
    and may carry publication dates in ``date_col`` so that relative periods resolve;
    a Series or list of str gets ``ids`` or 0..n-1. ``progress=None`` shows a bar from
    50 documents on.
    """
    if isinstance(texts_or_dataframe, pd.DataFrame):
        df = texts_or_dataframe
        if ids is not None:
            raise ValueError("ids= is for a list of texts; a DataFrame gives its ids in id_col")
        for col in (text_col, id_col):
            if col is not None and col not in df.columns:
                hint = " (id_col=None uses the index)" if col == id_col else ""
                raise KeyError(f"column {col!r} not in the DataFrame, which has {list(df.columns)}{hint}")
        texts = df[text_col].tolist()
        id_values = df[id_col] if id_col is not None else df.index.to_series()
        ids, id_dtype = id_values.tolist(), id_values.dtype
        dates = df[date_col].tolist() if date_col is not None and date_col in df.columns else [None] * len(df)
        place, column = "row {i} (id {id!r})", f", column {text_col!r},"
    else:
        if isinstance(texts_or_dataframe, (str, bytes, Doc)):
            raise TypeError(f"extract_frames() needs a list of texts or a DataFrame, not one {type(texts_or_dataframe).__name__}")
        texts = list(texts_or_dataframe)
        if ids is None:
            ids = list(range(len(texts)))
        elif len(ids) != len(texts):
            raise ValueError(f"got {len(ids)} ids for {len(texts)} texts")
        ids, id_dtype, dates = list(ids), _id_dtype(ids), [None] * len(texts)
        place, column = "text {i} (id {id!r})", ""
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            missing = " (a missing value)" if text is None or (isinstance(text, float) and text != text) else ""
            raise TypeError(f"{place.format(i=i, id=ids[i])}{column} is {type(text).__name__}{missing}, not str: {text!r}")
    nlp = nlp if nlp is not None else _default_nlp()
    show = len(texts) >= PROGRESS_MIN_DOCS if progress is None else progress

    def stream() -> Iterable[Doc]:
        for i, (text, doc_id, date) in enumerate(zip(texts, ids, dates)):
            try:
                yield make_doc(nlp, text, id=str(doc_id), date=_date(date))
            except ValueError as err:  # a malformed date: say which row
                raise ValueError(f"{place.format(i=i, id=doc_id)}: {err}") from None

    piped = nlp.pipe(stream(), n_process=n_process, batch_size=batch_size)
    bar = tqdm(piped, total=len(texts), disable=not show, desc="relex", unit="doc")
    return _collect(((doc_id, doc) for doc, doc_id in zip(bar, ids)), id_dtype)  # bar first: it sees the end
