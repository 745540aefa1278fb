"""``relex.render``: a document's entities (displaCy) and its relations (a table) as HTML.

Everything is drawn from :func:`relex.to_dict`, so the picture shows what the JSON
says. All text goes through ``html.escape`` (displaCy escapes the text it marks up),
because news text may contain markup; styles are inline so that Jupyter, nbviewer and
a standalone page look the same.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy import displacy
from spacy.tokens import Doc
from spacy.util import is_in_jupyter

from .output import to_dict

COLORS = {
    "PER": "#c9b6f2",
    "OFFICE": "#ffd27f",
    "REGION": "#9ee0c6",
    "MONEY": "#c5e99b",
    "ORG": "#8fd8f2",
    "AGREEMENT": "#f7a8b8",
    "DATE": "#d9d9d9",
}
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
# displaCy's own template, without the line breaks that show as a space before "," after an
# entity, and with each line of a wrapped entity drawn as a whole box
_ENT_TEMPLATE = (
    '<mark class="entity" style="background: {bg}; padding: 0.45em 0.6em; margin: 0 0.25em; line-height: 1; '
    'border-radius: 0.35em; box-decoration-break: clone; -webkit-box-decoration-break: clone;">{text}'
    '<span style="font-size: 0.8em; font-weight: bold; line-height: 1; border-radius: 0.35em; '
    'vertical-align: middle; margin-left: 0.5rem">{label}{kb_link}</span></mark>'
)
_CELL = "padding: 0.3em 0.7em; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top"


def _execution_count() -> int | None:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return None if shell is None else shell.execution_count


class HTML(str):
    """Rendered markup: a plain ``str`` that Jupyter shows as HTML, and only once when
    ``render`` already displayed it in the same cell."""

    _shown_in: int | None = None

    def _repr_html_(self) -> str:
        return str(self)

    def _ipython_display_(self) -> None:
        if self._shown_in is not None and self._shown_in == _execution_count():
            self._shown_in = None  # render() showed it in this cell: don't repeat it as Out[]
            return
        from IPython.display import HTML as IPythonHTML, display

        display(IPythonHTML(str(self)))

    def show(self) -> HTML:
        self._ipython_display_()
        self._shown_in = _execution_count()
        return self


def _chip(label: str) -> str:
    color = COLORS.get(label, "#ddd")
    return (
        f'<span style="background: {color}; border-radius: 0.3em; padding: 0.05em 0.35em; '
        f'font-size: 0.75em; font-weight: bold; margin-right: 0.35em">{html.escape(label)}</span>'
    )


def _mention(m: dict[str, Any]) -> str:
    """A head or tail: label chip, text, and the canonical form or money value where they add something."""
    out = _chip(m["label"]) + html.escape(m["text"])
    extra = m.get("canonical") if m.get("canonical") not in (None, m["text"]) else None
    if m.get("value") is not None:
        extra = f"{m['value']:,.0f} {m.get('currency') or ''}".replace(",", "\u2009").strip()
    if extra:
        out += f' <span style="color: #666; font-size: 0.85em">({html.escape(str(extra))})</span>'
    return out


def _qualifiers(quals: dict[str, Any]) -> str:
    parts = []
    for key, value in quals.items():
        if value is None:
            continue
        shown = (value.get("canonical") or value.get("text")) if isinstance(value, dict) else value
        parts.append(f'<span style="color: #666">{html.escape(key)}:</span> {html.escape(str(shown))}')
    return "<br>".join(parts)


def relations_table(data: dict[str, Any]) -> str:
    """The relations of one ``to_dict`` result as a compact HTML table."""
    if not data["relations"]:
        return '<p style="color: #666; font-size: 0.9em; margin: 0.5em 0">No relations found.</p>'
    head = "".join(f'<th style="{_CELL}; border-bottom: 2px solid #bbb">{h}</th>'
                   for h in ("relation", "head", "tail", "qualifiers", "confidence"))
    rows = []
    for rel in data["relations"]:
        cells = (
            f"<b>{html.escape(rel['label'])}</b>",
            _mention(rel["head"]),
            _mention(rel["tail"]),
            _qualifiers(rel["qualifiers"]),
            f"{float(rel['confidence']):.2f}",
        )
        rows.append("<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in cells) + "</tr>")
    return (
        f'<table class="relex-relations" style="border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; font-family: {FONT}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _outermost(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """displaCy's ``ent`` style cannot nest; keep the outer mention (``Regierung der Region X``)."""
    kept: list[dict[str, Any]] = []
    for ent in sorted(entities, key=lambda e: (e["start"], -e["end"])):
        if not kept or ent["start"] >= kept[-1]["end"]:
            kept.append(ent)
    return kept


def render(doc: Doc, jupyter: bool | None = None) -> HTML:
    """HTML of the doc's entities and a table of its relations; in Jupyter (or with
    ``jupyter=True``) it is also displayed, as ``displacy.render`` does."""
    if not isinstance(doc, Doc):
        raise TypeError(f"render() needs a spaCy Doc, not {type(doc).__name__}")
    data = to_dict(doc)
    ents = [{"start": e["start"], "end": e["end"], "label": e["label"]} for e in _outermost(data["entities"])]
    options = {"colors": COLORS, "template": _ENT_TEMPLATE}
    marked = displacy.render({"text": data["text"], "ents": ents}, style="ent", manual=True, jupyter=False, options=options)
    title = f'<h3 style="margin: 0 0 0.3em 0">{html.escape(str(data["id"]))}</h3>' if data["id"] is not None else ""
    out = HTML(f'<div class="relex-doc" style="font-family: {FONT}; margin-bottom: 2em">{title}{marked}{relations_table(data)}</div>')
    if jupyter or (jupyter is None and is_in_jupyter()):
        out.show()
    return out


def render_html(docs: Doc | Iterable[Doc], title: str = "relex") -> str:
    """A standalone HTML page (UTF-8, no scripts) with every doc rendered."""
    docs = [docs] if isinstance(docs, Doc) else list(docs)
    legend = "".join(_chip(label) for label in COLORS)
    body = "\n<hr style='border: 0; border-top: 1px solid #ddd'>\n".join(str(render(doc, jupyter=False)) for doc in docs)
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n"
        f'<body style="font-family: {FONT}; font-size: 16px; max-width: 1100px; margin: 2em auto; padding: 0 1.5em; color: #222">\n'
        f'<h1 style="font-size: 1.4em">{html.escape(title)}</h1>\n<p>{legend}</p>\n{body}\n</body>\n</html>\n'
    )


def write_html(docs: Doc | Iterable[Doc], path: str | Path, title: str = "relex") -> Path:
    """Write :func:`render_html` to ``path`` and return the path, for sharing results outside Jupyter."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(docs, title=title), encoding="utf-8")
    return path
