"""Shared fixtures: one relex pipeline per test session, and the path to ../shared."""
from __future__ import annotations

from pathlib import Path

import pytest

import relex

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    return relex.load()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is not present (a user's checkout has none)")
    return SHARED


def facts(nlp, text: str, date: str | None = None) -> dict:
    """The relations of one text as {label: set of tuples of canonical names}."""
    doc = nlp(relex.pipeline.make_doc(nlp, text, date=date))
    out: dict[str, set] = {"signed_by": set(), "holds_office": set(), "trade_volume": set()}
    for rel in relex.to_dict(doc)["relations"]:
        q = rel["qualifiers"]
        if rel["label"] == "signed_by":
            out["signed_by"].add((rel["head"]["canonical"], rel["tail"]["canonical"]))
        elif rel["label"] == "holds_office":
            j = q.get("jurisdiction")
            out["holds_office"].add((rel["head"]["canonical"], rel["tail"]["canonical"], j["canonical"] if j else None))
        else:
            out["trade_volume"].add(
                (frozenset({rel["head"]["canonical"], q["counterpart"]["canonical"]}), rel["tail"]["value"], rel["tail"]["currency"], q["period"], q["status"])
            )
    return out
