"""relex on bad and unusual input: arbitrary Unicode, money-looking strings, very long
documents, many documents, mixed languages, markup, control characters, blanks and
values that are not text.
"""
from __future__ import annotations

import functools
import gc
import math
import time
import weakref

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import relex
from relex import find_money, parse_money
from relex.pipeline import make_doc

NLP = relex.load()  # one pipeline for the whole module: loading is the slow part

PIPELINE_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def check_output(text: str, doc) -> dict:
    """The invariants every processed document keeps; returns ``to_dict``."""
    assert doc.text == text
    out = relex.to_dict(doc)
    assert out["text"] == text
    for ent in out["entities"]:
        assert 0 <= ent["start"] <= ent["end"] <= len(text), ent
        assert text[ent["start"] : ent["end"]] == ent["text"], ent
        if ent["label"] == "MONEY":
            assert ent["value"] is not None and math.isfinite(ent["value"]), ent
    for rel in out["relations"]:
        mentions = [rel["head"], rel["tail"], *(q for q in rel["qualifiers"].values() if isinstance(q, dict))]
        for mention in mentions:
            assert text[mention["start"] : mention["end"]] == mention["text"], rel
        assert 0.0 <= rel["confidence"] <= 1.0
    for span in doc.ents:
        assert text[span.start_char : span.end_char] == span.text
    return out


# --------------------------------------------------------------------------- arbitrary text

@PIPELINE_SETTINGS
@given(st.text(max_size=300))
@example("")
@example("\x00\ud7ff\U0010ffff")
def test_arbitrary_unicode_through_the_pipeline(text):
    check_output(text, NLP(text))


WORDS = [
    "Der", "die", "des", "Präsident", "Belarus", "Gebiet", "Gebiets", "Kaluga", "Handelsumsatz", "zwischen", "und",
    "erreichte", "410", "Millionen", "US-Dollar", "Minister", "Alexander", "Jefimow", ",", ".", "\n", "\n\n", "von",
    "unterzeichnete", "das", "Abkommen", "Bürgermeister", "Linz", "$4 Mrd.", "161,8 Mio.", "1,5", "Mio.", "Euro",
    "(", ")", "-", "Er", "sagte", "im", "Jahr", "2024", "Januar-März", "Gouverneur", "belarussische", "Botschafter",
    "Ungarns", "€", "Dokument", "wurde", "vom", "stv.", "Kooperationsabkommen", "Warenumsatz", "Exporte", "als",
    "BGU-Vizerektor", "Staatsoberhäupter", "eine halbe Milliarde", "Dollar", "Moskau", "Russland", "„", "“", ":",
]


@PIPELINE_SETTINGS
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=60).map(" ".join))
def test_news_like_word_soup_through_the_pipeline(text):
    check_output(text, NLP(text))


# --------------------------------------------------------------------------- money parser

@settings(max_examples=300, deadline=None)
@given(st.text())
@example("9" * 400 + " Euro")
@example("$" + "9" * 320 + " Bio.")
@example("$5 Mrd. " + "9" * 400 + " Mio.")
def test_money_parser_on_arbitrary_strings(text):
    found = find_money(text)
    for money in found:
        assert math.isfinite(money.value) and money.value >= 0, money
        assert text[money.start : money.end] == money.text
        assert len(money.currency) == 3 and money.currency.isupper()
    first = parse_money(text)
    assert first == (found[0] if found else None)


MONEY_ALPHABET = st.sampled_from(
    list("0123456789.,- $€£\u00a0") + ["Mio.", "Mrd.", "Millionen", "Milliarde", "Tsd.", "Bio.", "Billionen", "Euro",
                                        "Dollar", "US-Dollar", "Rubel", "eine halbe", "zwei", "belarussische", "EUR"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MONEY_ALPHABET, max_size=20).map("".join))
def test_money_parser_on_money_like_noise(text):
    for money in find_money(text):
        assert math.isfinite(money.value) and money.value >= 0, money
        assert text[money.start : money.end] == money.text


SCALES = {"": 1.0, "Tsd.": 1e3, "Tausend": 1e3, "Mio.": 1e6, "Million": 1e6, "Millionen": 1e6, "Mrd.": 1e9,
          "Milliarde": 1e9, "Milliarden": 1e9, "Bio.": 1e12, "Billionen": 1e12}
CURRENCY_AFTER = {"Euro": "EUR", "€": "EUR", "EUR": "EUR", "US-Dollar": "USD", "Dollar": "USD", "USD": "USD",
                  "Rubel": "RUB", "Franken": "CHF", "Yuan": "CNY", "Pfund": "GBP", "Zloty": "PLN", "BYN": "BYN"}
CURRENCY_BEFORE = {"$": "USD", "€": "EUR", "£": "GBP", "EUR": "EUR", "USD": "USD", "CHF": "CHF"}


def german_digits(n: int, grouped: bool) -> str:
    """``1234567`` -> ``1.234.567`` (German thousands separators) or ``1234567``."""
    return f"{n:,}".replace(",", ".") if grouped else str(n)


@st.composite
def money_strings(draw):
    n = draw(st.integers(0, 10**9))
    decimals = draw(st.one_of(st.none(), st.text("0123456789", min_size=1, max_size=3)))
    number = german_digits(n, draw(st.booleans())) + (f",{decimals}" if decimals else "")
    scale = draw(st.sampled_from(sorted(SCALES)))
    value = float(f"{n}.{decimals}" if decimals else n) * SCALES[scale]
    scaled = number + (f" {scale}" if scale else "")
    if draw(st.booleans()):
        currency = draw(st.sampled_from(sorted(CURRENCY_AFTER)))
        return f"{scaled} {currency}", value, CURRENCY_AFTER[currency]
    currency = draw(st.sampled_from(sorted(CURRENCY_BEFORE)))
    return currency + draw(st.sampled_from(["", " "])) + scaled, value, CURRENCY_BEFORE[currency]


@settings(max_examples=300, deadline=None)
@given(money_strings(), st.sampled_from(["{}", "Der Handelsumsatz erreichte {} im Jahr 2023.", "Rund {}, sagte er."]))
def test_generated_amounts_parse_to_their_value(money, context):
    written, value, currency = money
    found = find_money(context.format(written))
    assert len(found) == 1, found
    assert found[0].text == written
    assert found[0].value == pytest.approx(value, rel=1e-9)
    assert found[0].currency == currency


@pytest.mark.parametrize(
    "text, value, currency",
    [
        ("410 Millionen US-Dollar", 410e6, "USD"),
        ("2,5 Mio. Euro", 2.5e6, "EUR"),
        ("$4 Mrd. 161,8 Mio.", 4_161.8e6, "USD"),
        ("1,1 Milliarden Euro", 1.1e9, "EUR"),
        ("eine halbe Milliarde Dollar", 0.5e9, "USD"),
        ("3.500.000 Rubel", 3.5e6, "RUB"),
        ("EUR 7,2 Millionen", 7.2e6, "EUR"),
        ("€ 12,4 Mio.", 12.4e6, "EUR"),
        ("29,6 Millionen belarussische Rubel", 29.6e6, "BYN"),
        ("1.000,5 Mio. €", 1_000.5e6, "EUR"),
    ],
)
def test_known_money_formats(text, value, currency):
    money = parse_money(f"Das Volumen lag bei {text} im Vorjahr.")
    assert money is not None and money.text == text
    assert money.value == pytest.approx(value, rel=1e-9)
    assert money.currency == currency


# --------------------------------------------------------------------------- size

PARAGRAPH = (
    "MINSK, 3. März (BelTA) - Der Handelsumsatz zwischen Belarus und dem Gebiet Kaluga erreichte 2024 rund "
    "410 Millionen US-Dollar. Darüber sprach der belarussische Industrieminister Alexander Jefimow mit dem "
    "Gouverneur des Gebiets Kaluga, Wladislaw Schapscha.\n\n"
)


def test_two_megabyte_document_raises_a_value_error_that_names_the_limit():
    text = PARAGRAPH * (2_000_000 // len(PARAGRAPH) + 1)
    assert len(text) > 2_000_000 > NLP.max_length
    for call in (lambda: NLP(text), lambda: make_doc(NLP, text), lambda: list(NLP.pipe([text]))):
        with pytest.raises(ValueError, match="max_length"):
            call()


def test_document_below_a_raised_limit_is_processed_whole_not_truncated():
    text = PARAGRAPH * 40 + "Zum Schluss: 7 Mio. Euro."
    old = NLP.max_length
    try:
        NLP.max_length = len(text) - 1
        with pytest.raises(ValueError, match="max_length"):
            NLP(text)
        NLP.max_length = len(text) + 1
        doc = NLP(text)
    finally:
        NLP.max_length = old
    out = check_output(text, doc)
    money = [e for e in out["entities"] if e["label"] == "MONEY"]
    assert len(money) == 41
    assert money[-1]["text"] == "7 Mio. Euro" and money[-1]["end"] == len(text) - 1


@functools.lru_cache(maxsize=2)
def _inputs_of_components(n_paragraphs: int) -> dict[str, object]:
    """For each component, the Doc it receives when one document of ``n_paragraphs`` paragraphs runs through."""
    doc = NLP.make_doc(PARAGRAPH * n_paragraphs)
    inputs = {}
    for name, proc in NLP.pipeline:
        inputs[name] = doc.copy()
        doc = proc(doc)
    return inputs


def _cpu_seconds(names: list[str], n_paragraphs: int, repeat: int) -> float:
    """CPU seconds the components ``names`` spend on their input (best of ``repeat`` runs each, summed)."""
    total = 0.0
    for name in names:
        best = math.inf
        for _ in range(repeat):
            doc = _inputs_of_components(n_paragraphs)[name].copy()
            t0 = time.process_time()
            NLP.get_pipe(name)(doc)
            best = min(best, time.process_time() - t0)
        total += best
    return total


def _growth(names: list[str]) -> float:
    # 64 -> 512 paragraphs (about 3,000 -> 24,000 words): linear ~8x, quadratic ~64x. The small
    # run must last long enough (milliseconds) that scheduler noise does not decide the ratio.
    small, large = _cpu_seconds(names, 64, repeat=7), _cpu_seconds(names, 512, repeat=3)
    print(f"{'+'.join(names)}: {small:.4f}s for 64 paragraphs, {large:.4f}s for 512 ({large / small:.1f}x)")
    return large / max(small, 1e-3)


QUADRATIC = {
    "relex_sentences": "components/sentences.py sets Token.is_sent_start token by token, and spaCy's setter "
    "scans the whole Doc (doc.has_annotation('DEP')) on every call",
    "relex_entities": "components/entities.py compares every NER candidate with every rule candidate (the "
    "any(... for r in rules) filter) and every nested span with every container (_nested)",
    "relex_relations": "components/relations.py scans all entities / all places for every sentence "
    "(_trade_volume monies, _partner_mentions, _signed_by, prev_regions in _trigger_for) and for every "
    "token (_place_starting)",
}


@pytest.mark.parametrize(
    "name",
    list(QUADRATIC),  # each was quadratic once, for the reason given
)
def test_component_time_grows_about_linearly_with_document_length(name):
    # with a raised nlp.max_length a 2 MB document would take tens of minutes
    assert _growth([name]) < 16


def test_other_relex_components_grow_about_linearly_with_document_length():
    others = [name for name in NLP.pipe_names if name.startswith("relex_") and name not in QUADRATIC]
    assert len(others) >= 5
    assert _growth(others) < 16


def test_ten_thousand_one_line_documents():
    lines = [f"{i}: Minister Meier nannte {i},5 Mio. Euro." if i % 10 == 0 else f"Zeile {i}." for i in range(10_000)]
    n = 0
    with NLP.select_pipes(disable=[p for p in NLP.pipe_names if p in ("tok2vec", "ner")]):  # relex's own work only
        for line, doc in zip(lines, NLP.pipe(lines, batch_size=500)):
            assert doc.text == line
            money = [e for e in doc.ents if e.label_ == "MONEY"]
            if n % 10 == 0:
                assert [(m.text, m._.value) for m in money] == [(f"{n},5 Mio. Euro", (n + 0.5) * 1e6)]
            else:
                assert money == []
            n += 1
    assert n == 10_000


# --------------------------------------------------------------------------- odd content

def test_mixed_languages():
    text = (
        "Der Handelsumsatz zwischen Belarus und Russland erreichte 5 Mio. Euro. "
        "The trade volume reached five billion dollars, said Minister John Smith. "
        "Товарооборот между Беларусью и Россией составил 5 млрд долларов. "
        "两国贸易额达到50亿美元。 Στο Βερολίνο. التجارة بين البلدين 🇩🇪🤝🇧🇾"
    )
    out = check_output(text, NLP(text))
    assert {"text": "5 Mio. Euro", "value": 5e6, "currency": "EUR"}.items() <= next(
        e for e in out["entities"] if e["label"] == "MONEY"
    ).items()


HTML = (
    "<html><body><h1>Handel</h1><p>Der <b>Handelsumsatz</b> zwischen Belarus und Russland erreichte "
    "<span class=\"num\">5 Mio. Euro</span>.</p><script>var x = '$4 Mrd.';</script>"
    "<p>Minister&nbsp;Hans&nbsp;Meier &amp; Co.</p></body></html>"
)


def test_html_markup():
    out = check_output(HTML, NLP(HTML))
    money = [e for e in out["entities"] if e["label"] == "MONEY"]
    assert [(m["canonical"], m["value"], m["currency"]) for m in money][0] == ("5 Mio. Euro", 5e6, "EUR")


def test_money_in_html_is_the_amount_without_markup():
    out = relex.to_dict(NLP(HTML))
    money = [e for e in out["entities"] if e["label"] == "MONEY"]
    assert money[0]["text"] == "5 Mio. Euro"
    assert all("<" not in e["text"] and ">" not in e["text"] for e in out["entities"])


def test_control_characters():
    text = (
        "\ufeffDer\x00 Minister\x07 Hans Meier\u200b unterzeichnete\r\n\x1b[31mdas Abkommen\x0c über "
        "5 Mio.\u00a0Euro.\x7f\u2028Der Handelsumsatz\x0b zwischen Belarus und Russland\x85 lag bei 3 Mrd. Euro."
    )
    out = check_output(text, NLP(text))
    assert ("3 Mrd. Euro", 3e9) in [(e["text"], e.get("value")) for e in out["entities"]]


def test_lone_surrogate_is_not_text_spacy_can_encode():
    # a str that is not valid Unicode (e.g. from json.loads('"\\ud800"')): a ValueError, which the CLI reports
    text = "Der Minister\ud800 sprach."
    with pytest.raises(ValueError):
        make_doc(NLP, text)
    with pytest.raises(ValueError):
        NLP(text)


@pytest.mark.parametrize("text", ["", " ", "\n", "\n\n\t  \r\n", "\u00a0\u2003\u3000", "\x00", "."])
def test_empty_and_blank_texts(text):
    out = check_output(text, NLP(text))
    assert out["entities"] == [] and out["relations"] == []
    doc = NLP(make_doc(NLP, text, id="blank", date="2024-01-01"))
    assert list(doc.ents) == [] and doc._.relations == []
    assert relex.to_dict(doc)["id"] == "blank"


def test_blank_documents_in_a_batch_with_real_ones():
    texts = ["", "Der Handelsumsatz zwischen Belarus und Russland erreichte 5 Mio. Euro.", "   ", "\n"]
    outs = [relex.to_dict(d) for d in NLP.pipe(texts)]
    assert [len(o["entities"]) > 0 for o in outs] == [False, True, False, False]


# --------------------------------------------------------------------------- not text

@pytest.mark.parametrize("value", [123, 1.5, None, ["Text"], {"text": "x"}])
def test_not_text_raises_type_error_naming_the_type(value):
    name = type(value).__name__
    with pytest.raises(TypeError, match=rf"\b{name}\b"):
        make_doc(NLP, value)
    with pytest.raises(TypeError, match=rf"\b{name}\b"):
        make_doc(NLP, value, id="x", date="2024-01-01")
    with pytest.raises(TypeError, match=rf"\b{name}\b"):
        find_money(value)
    with pytest.raises(TypeError, match=rf"\b{name}\b"):
        parse_money(value)


def test_bytes_to_make_doc_raise_type_error():
    with pytest.raises(TypeError, match="bytes"):
        make_doc(NLP, "Text".encode())


@pytest.mark.parametrize("value", [123, None, ["Text"]])
def test_pipeline_call_with_not_text_raises_type_error(value):
    with pytest.raises(TypeError, match=rf"\b{type(value).__name__}\b"):
        NLP(value)
    with pytest.raises(TypeError, match=rf"\b{type(value).__name__}\b"):
        list(NLP.pipe(["Gut.", value]))


def test_extract_frames_with_not_text_raises_type_error_naming_the_type():
    with pytest.raises(TypeError, match=r"\bint\b"):
        relex.extract_frames(["Gut.", 123], nlp=NLP)
    with pytest.raises(TypeError, match=r"\bstr\b"):
        relex.extract_frames("one text, not a list", nlp=NLP)


def test_to_dict_needs_a_doc():
    with pytest.raises(TypeError, match="str"):
        relex.to_dict("Der Minister")


def test_make_doc_rejects_a_bad_date():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        make_doc(NLP, "Text", date="19.05.2022")


def test_processed_docs_are_freed_once_the_caller_drops_them(nlp):
    # per-doc caches must not hold a doc (a Span refers to its doc): over a year of news
    # a leak grows without bound
    texts = [
        "Der Gouverneur des Gebiets Tula, Dmitri Miljajew, traf am Montag den belarussischen "
        f"Botschafter. Der Handelsumsatz erreichte {n} Millionen US-Dollar."
        for n in range(100, 140)
    ]
    refs = [weakref.ref(doc) for doc in nlp.pipe(texts)]
    gc.collect()
    assert sum(ref() is not None for ref in refs) == 0
