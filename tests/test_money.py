"""The money parser on every format the spec names, and the component that uses it."""
from __future__ import annotations

import math

import pytest

from relex import find_money, parse_money


@pytest.mark.parametrize(
    "text, value, currency",
    [
        ("29,6 Millionen Dollar", 29.6e6, "USD"),
        ("1.500 Euro", 1500, "EUR"),
        ("$225 Mio.", 225e6, "USD"),
        ("300 Millionen US-Dollar", 300e6, "USD"),
        ("eine halbe Milliarde Dollar", 5e8, "USD"),
        ("$4 Mrd. 161,8 Mio.", 4_161_800_000, "USD"),
        ("12 Tsd. €", 12e3, "EUR"),
        ("3 Bio. Rubel", 3e12, "RUB"),
        ("40 Millionen belarussische Rubel", 40e6, "BYN"),
        ("7,5 Mrd. Yuan", 7.5e9, "CNY"),
        ("80 Millionen Franken", 80e6, "CHF"),
        ("USD 15 Mio.", 15e6, "USD"),
        ("EUR 2,25 Milliarden", 2.25e9, "EUR"),
        ("1-Milliarde-US-Dollar-Marke", 1e9, "USD"),
        ("18 Milliarden Euro", 18e9, "EUR"),
    ],
)
def test_formats(text, value, currency):
    money = parse_money(text)
    assert money is not None, text
    assert math.isclose(money.value, value, rel_tol=1e-9)
    assert money.currency == currency


@pytest.mark.parametrize("hedge", ["rund", "über", "mehr als", "knapp", "fast", "ca."])
def test_hedges_stay_outside_the_amount(hedge):
    text = f"Der Umsatz lag bei {hedge} 45,3 Millionen Euro."
    (money,) = find_money(text)
    assert money.text == "45,3 Millionen Euro"
    assert hedge not in money.text


@pytest.mark.parametrize("text", ["100 Mio.", "um 12 Prozent", "ein Dollar-Kurs", "im Jahr 2024", "3,5 %"])
def test_no_money_without_currency(text):
    assert find_money(text) == []


def test_several_amounts_keep_their_offsets():
    text = "Die Exporte stiegen auf $92,6 Mio., die Importe auf 40 Millionen Euro."
    found = find_money(text)
    assert [m.value for m in found] == [92.6e6, 40e6]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_money_component_sets_value_and_currency(nlp):
    doc = nlp("Der Warenumsatz erreichte im Vorjahr 2,4 Milliarden US-Dollar.")
    (money,) = [e for e in doc.ents if e.label_ == "MONEY"]
    assert money.text == "2,4 Milliarden US-Dollar"
    assert money._.value == pytest.approx(2.4e9)
    assert money._.currency == "USD"


def test_rejects_non_text():
    with pytest.raises(TypeError, match="int"):
        find_money(42)
