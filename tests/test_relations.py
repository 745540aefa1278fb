"""Relations on short German news texts written for these tests."""
from __future__ import annotations

import relex
from conftest import facts


def test_active_signing(nlp):
    text = "Am Freitag unterzeichneten Ministerpräsident Karl Weber und Gouverneur Oleg Baranow ein Kooperationsabkommen."
    f = facts(nlp, text)
    assert f["signed_by"] == {("Kooperationsabkommen", "Karl Weber"), ("Kooperationsabkommen", "Oleg Baranow")}


def test_passive_signing_with_office_apposition(nlp):
    text = ("Das Memorandum wurde vom stellvertretenden Handelsminister von Litauen, Tomas Petraitis, "
            "und dem Gouverneur des Gebiets Pskow, Michail Wedernikow, unterzeichnet.")
    f = facts(nlp, text)
    assert f["signed_by"] == {("Memorandum", "Tomas Petraitis"), ("Memorandum", "Michail Wedernikow")}
    assert ("Tomas Petraitis", "stellvertretender Handelsminister", "Litauen") in f["holds_office"]
    assert ("Michail Wedernikow", "Gouverneur", "Gebiet Pskow") in f["holds_office"]


def test_document_refers_back_to_the_agreement(nlp):
    text = ("In Riga wurde ein Aktionsprogramm für 2027-2028 vereinbart. "
            "Das Dokument wurde von Bürgermeister Mārtiņš Kalns unterzeichnet.")
    assert facts(nlp, text)["signed_by"] == {("Aktionsprogramm für 2027-2028", "Mārtiņš Kalns")}


def test_announced_signing_gives_no_relation(nlp):
    text = "Außenministerin Helga Brandt und ihr Amtskollege Juri Petrow wollen im Mai ein Abkommen unterzeichnen."
    assert facts(nlp, text)["signed_by"] == set()


def test_signer_introduced_by_office_and_named_later(nlp):
    text = ("Der Landwirtschaftsminister der Republik Moldau, Vasile Rusu, besuchte Minsk. "
            "Ein Protokoll über Getreidelieferungen wurde am Dienstag vom Landwirtschaftsminister unterzeichnet.")
    f = facts(nlp, text)
    assert ("Protokoll über Getreidelieferungen", "Vasile Rusu") in f["signed_by"]
    assert ("Vasile Rusu", "Landwirtschaftsminister", "Republik Moldau") in f["holds_office"]


def test_office_mentions_resolve_to_the_named_holder(nlp):
    text = ("Der kasachische Präsident Marat Ospanow traf Gouverneur Pawel Gromow. "
            "Das Staatsoberhaupt lobte die Zusammenarbeit.")
    f = facts(nlp, text)
    assert ("Marat Ospanow", "Präsident", "Kasachstan") in f["holds_office"]
    assert ("Marat Ospanow", "Staatsoberhaupt", "Kasachstan") in f["holds_office"]
    assert ("Pawel Gromow", "Gouverneur", None) in f["holds_office"]


def test_relative_clause_and_nationality_adjective(nlp):
    text = "Er traf Sabine Roth, die auch österreichische Vizekanzlerin ist."
    assert ("Sabine Roth", "Vizekanzlerin", "Österreich") in facts(nlp, text)["holds_office"]


def test_trade_volume_with_period_and_status(nlp):
    text = ("Der Handelsumsatz zwischen Usbekistan und Belarus betrug 2023 rund 1,3 Milliarden US-Dollar. "
            "Bis 2026 soll das Handelsvolumen zwischen beiden Ländern auf $2 Mrd. steigen.")
    f = facts(nlp, text)
    assert (frozenset({"Usbekistan", "Belarus"}), 1.3e9, "USD", "2023", "actual") in f["trade_volume"]
    assert any(v == 2e9 and s == "target" for _, v, _, _, s in f["trade_volume"])


def test_pronoun_carries_trade_figure_into_next_sentence(nlp):
    text = ("Gouverneur Ilja Fomin erklärte, der Warenumsatz zwischen dem Gebiet Omsk und Belarus wachse stetig. "
            "„Er hat 2024 bereits 95 Millionen Dollar erreicht.“")
    assert facts(nlp, text)["trade_volume"] == {(frozenset({"Gebiet Omsk", "Belarus"}), 95e6, "USD", "2024", "actual")}


def test_exports_imports_and_growth_are_not_trade_volume(nlp):
    text = ("Die Exporte nach Polen erreichten 300 Millionen Euro, die Importe aus Polen 120 Millionen Euro. "
            "Der Handelsumsatz zwischen Polen und Belarus ist um 40 Millionen Euro gestiegen.")
    assert facts(nlp, text)["trade_volume"] == set()


def test_relative_year_uses_the_article_date(nlp):
    text = "Im vergangenen Jahr erreichte der Handelsumsatz zwischen Armenien und Belarus 280 Millionen Dollar."
    (fact,) = facts(nlp, text, date="2025-04-02")["trade_volume"]
    assert fact[3] == "2024"


def test_repeated_paragraph_gives_each_fact_once(nlp):
    paragraph = ("Der Handelsumsatz zwischen Georgien und Belarus erreichte 2022 rund 80 Millionen Dollar. "
                 "Das Abkommen wurde von Bürgermeister Irakli Beridse unterzeichnet.\n")
    doc = nlp(paragraph * 3)
    labels = [r["label"] for r in relex.to_dict(doc)["relations"]]
    assert sorted(labels) == ["holds_office", "signed_by", "trade_volume"]


def test_relations_getter_returns_spans(nlp):
    doc = nlp("Präsidentin Maria Lopes unterzeichnete in Lissabon das Partnerschaftsabkommen.")
    by_label = {r.label: r for r in doc._.relations}
    assert by_label["holds_office"].head.text == "Maria Lopes"
    assert by_label["holds_office"].tail.text == "Präsidentin"
    assert by_label["signed_by"].head.text == "Partnerschaftsabkommen"
    assert 0 <= by_label["signed_by"].confidence <= 1


def test_sentence_ending_in_a_scale_abbreviation(nlp):
    text = "Der Handelsumsatz zwischen Polen und Litauen lag 2023 bei $412,5 Mio. Ziel ist es, ihn weiter zu steigern."
    (fact,) = facts(nlp, text)["trade_volume"]
    assert fact[1] == 412.5e6 and fact[4] == "actual"


def test_two_local_officials_in_a_row(nlp):
    text = ("Der Bürgermeister von Graz, Stefan Lindner, und die Bürgermeisterin von Maribor, Petra Kovač, "
            "unterzeichneten eine Partnerschaftsvereinbarung.")
    f = facts(nlp, text)
    assert ("Stefan Lindner", "Bürgermeister", "Graz") in f["holds_office"]
    assert ("Petra Kovač", "Bürgermeisterin", "Maribor") in f["holds_office"]
    assert len(f["holds_office"]) == 2
    assert {s for _, s in f["signed_by"]} == {"Stefan Lindner", "Petra Kovač"}


def test_state_adjective_and_regional_office(nlp):
    text = "Die oberösterreichische Landesrätin Birgit Haller traf Vertreter der Region Friaul-Julisch Venetien."
    f = facts(nlp, text)
    assert ("Birgit Haller", "Landesrätin", "Oberösterreich") in f["holds_office"]
    doc = nlp(text)
    assert "Region Friaul-Julisch Venetien" in {e._.canonical for e in doc.ents if e.label_ == "REGION"}


def test_plural_office_with_two_names(nlp):
    doc = nlp("Anwesend waren die stellvertretenden Ministerpräsidenten Anna Roth und Igor Lenz.")
    assert {e.text for e in doc.ents if e.label_ == "PER"} == {"Anna Roth", "Igor Lenz"}
