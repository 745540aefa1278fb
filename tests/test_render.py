"""relex.render / render_html / write_html: labels, colours, escaping, the relations table.
The sentences are written for these tests."""
from __future__ import annotations

import html
import re
import sys
import types

import pytest

import relex
from relex.pipeline import make_doc
from relex.render import COLORS, render_html, relations_table, write_html

TEXT = (
    "KALUGA, 5. Mai - Belarus und das Gebiet Kaluga kamen im Jahr 2024 auf ein Handelsvolumen von rund "
    "410 Millionen US-Dollar. Das Abkommen wurde vom Gouverneur des Gebiets Kaluga, Wladislaw Schapscha, unterzeichnet."
)
MARKUP = 'Die <b>Gemeinde</b> & das "Land": Bürgermeisterin Anna Keller unterzeichnete das Abkommen. <script>alert(1)</script>'
NESTED = "Die Regierung der Region Jaroslawl und das Industrieministerium von Belarus unterzeichneten ein Protokoll."

MARK = re.compile(r'<mark class="entity" style="background: (#[0-9a-f]{6});[^"]*">(.*?)<span[^>]*>(\w+)</span></mark>')


def _visible_text(markup: str) -> str:
    """The text a browser shows of displaCy's part, without the label tags."""
    part = markup.split('<div class="entities"', 1)[1].split("</div>", 1)[0]
    part = re.sub(r"<span[^>]*>\w+</span></mark>", "", part.split(">", 1)[1])
    return html.unescape(re.sub(r"<[^>]+>", "", part.replace("<br>", "\n")))


def test_labels_and_colours_of_every_entity(nlp):
    doc = nlp(TEXT)
    out = relex.render(doc, jupyter=False)
    assert isinstance(out, str)
    marks = MARK.findall(out)
    entities = relex.to_dict(doc)["entities"]
    assert [(html.unescape(text), label) for _, text, label in marks] == [(e["text"], e["label"]) for e in entities]
    for colour, _, label in marks:
        assert colour == COLORS[label]
    assert {"REGION", "DATE", "MONEY", "AGREEMENT", "OFFICE", "PER"} <= {label for _, _, label in marks}
    assert len(set(COLORS.values())) == len(COLORS) == 7
    assert _visible_text(out) == TEXT  # no space or character added or lost around the marks


def test_relations_table_lists_every_fact(nlp):
    doc = nlp(TEXT)
    out = relex.render(doc, jupyter=False)
    table = out.split('<table class="relex-relations"', 1)[1]
    headers = re.findall(r"<th\b[^>]*>(.*?)</th>", table)
    assert headers == ["relation", "head", "tail", "qualifiers", "confidence"]
    rows = re.findall(r"<tr><td.*?</tr>", table)
    facts = relex.to_dict(doc)["relations"]
    assert len(rows) == len(facts) == 3
    for row, fact in zip(rows, facts):
        cells = [re.sub(r"<[^>]+>", " ", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        assert fact["label"] in cells[0]
        assert fact["head"]["text"] in cells[1] and fact["tail"]["text"] in cells[2]
        assert cells[4] == f"{fact['confidence']:.2f}"
    trade = next(r for r in rows if "trade_volume" in r)
    assert "counterpart:" in trade and "Gebiet Kaluga" in trade and "2024" in trade and "actual" in trade
    assert "410\u2009000\u2009000 USD" in trade  # the money value next to the text
    office = next(r for r in rows if "holds_office" in r)
    assert "jurisdiction:" in office and "(Gebiet Kaluga)" not in office.split("jurisdiction")[0]


def test_text_and_title_are_escaped(nlp):
    doc = nlp(make_doc(nlp, MARKUP, id="<i>Quelle</i>"))
    out = relex.render(doc, jupyter=False)
    assert "<script>" not in out and "<b>Gemeinde" not in out and "<i>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&lt;b&gt;Gemeinde&lt;/b&gt;" in out
    assert "&lt;i&gt;Quelle&lt;/i&gt;" in out and "&amp; das &quot;Land&quot;" in out
    assert _visible_text(out) == MARKUP
    assert ("Anna Keller", "PER") in [(t, label) for _, t, label in MARK.findall(out)]


def test_relations_table_escapes_its_cells():
    mention = {"text": "<img src=x>", "label": "PER", "canonical": "<img src=x onerror=1>"}
    data = {"relations": [{
        "label": "signed_by", "head": {"text": "A & B", "label": "AGREEMENT", "canonical": "A & B"},
        "tail": mention, "qualifiers": {"jurisdiction": {"text": "<u>", "label": "REGION", "canonical": "<u>"}},
        "confidence": 0.5, "sentence": "",
    }]}
    table = relations_table(data)
    assert "<img" not in table and "<u>" not in table
    assert "&lt;img src=x&gt;" in table and "A &amp; B" in table and "&lt;u&gt;" in table


def test_nested_mentions_do_not_break_the_text(nlp):
    doc = nlp(NESTED)
    labels = [e["label"] for e in relex.to_dict(doc)["entities"]]
    assert labels.count("REGION") >= 1 and labels.count("ORG") >= 1  # REGION nested in ORG
    out = relex.render(doc, jupyter=False)
    marks = [(html.unescape(t), label) for _, t, label in MARK.findall(out)]
    assert ("Regierung der Region Jaroslawl", "ORG") in marks and ("Region Jaroslawl", "REGION") not in marks
    assert _visible_text(out) == NESTED
    assert "No relations found." in out


def test_jupyter_displays_once(nlp, monkeypatch):
    shown: list[str] = []
    display_mod = types.ModuleType("IPython.display")
    display_mod.HTML = lambda markup: markup
    display_mod.display = shown.append
    monkeypatch.setitem(sys.modules, "IPython.display", display_mod)
    doc = nlp(TEXT)
    out = relex.render(doc, jupyter=True)
    assert shown == [str(out)]
    relex.render(doc, jupyter=False)
    assert len(shown) == 1
    assert out._repr_html_() == str(out)


def test_render_needs_a_doc():
    with pytest.raises(TypeError, match="str"):
        relex.render(TEXT)


def test_render_html_is_a_page_of_all_docs(nlp):
    docs = [nlp(make_doc(nlp, TEXT, id="kaluga")), nlp(make_doc(nlp, MARKUP, id="gemeinde"))]
    page = render_html(docs, title="Fakten & Zahlen")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in page and "<title>Fakten &amp; Zahlen</title>" in page
    assert page.count('<div class="relex-doc"') == 2 and page.count('<table class="relex-relations"') == 2
    assert page.index(">kaluga<") < page.index(">gemeinde<")
    assert "<script" not in page
    assert render_html(docs[0]).count('<div class="relex-doc"') == 1


def test_write_html(nlp, tmp_path):
    docs = [nlp(TEXT)]
    path = write_html(docs, tmp_path / "fakten.html")
    assert path == tmp_path / "fakten.html"
    written = path.read_text(encoding="utf-8")
    assert written == render_html(docs)
    assert "Wladislaw Schapscha" in written and "unterzeichnet" in written


def test_write_html_creates_the_folder(tmp_path):
    import relex
    from relex.render import write_html

    doc = relex.load()("Bürgermeisterin Ida Brunner unterzeichnete das Abkommen.")
    path = write_html([doc], tmp_path / "new" / "folder" / "page.html")
    assert path.exists() and "Ida Brunner" in path.read_text("utf-8")
