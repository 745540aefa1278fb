"""Offices, regions, organisations and people on sentences written for these tests."""
from __future__ import annotations

import pytest


def ents(doc, label):
    return [(e.text, e._.canonical) for e in doc.ents if e.label_ == label]


@pytest.mark.parametrize(
    "text, office, canonical",
    [
        ("Das sagte der stellvertretende Wirtschaftsminister von Polen, Marek Nowak.", "stellvertretende Wirtschaftsminister", "stellvertretender Wirtschaftsminister"),
        ("Sie traf den ersten stellvertretenden Vorsitzenden der Regierung des Gebiets Tula, Igor Sacharow.", "ersten stellvertretenden Vorsitzenden der Regierung", "erster stellvertretender Vorsitzender der Regierung"),
        ("Auch Vize-Außenministerin Laura Berg war anwesend.", "Vize-Außenministerin", "Vize-Außenministerin"),
        ("Er sprach mit dem außerordentlichen und bevollmächtigten Botschafter Ungarns, Péter Kis.", "außerordentlichen und bevollmächtigten Botschafter", "außerordentlicher und bevollmächtigter Botschafter"),
        ("Der amtierende Bürgermeister Jan Vogel eröffnete die Messe.", "amtierende Bürgermeister", "amtierender Bürgermeister"),
        ("Das bestätigte Staatssekretärin Eva Lindner am Montag.", "Staatssekretärin", "Staatssekretärin"),
        ("Zu Gast war der Gouverneur des Gebiets Brjansk, Alexander Bogomas.", "Gouverneur", "Gouverneur"),
        ("Am Treffen nahm der Präsidenten-Berater nicht teil, wohl aber Präsident Lars Holm.", "Präsident", "Präsident"),
    ],
)
def test_office_forms(nlp, text, office, canonical):
    assert (office, canonical) in ents(nlp(text), "OFFICE")


def test_generic_and_unnamed_roles_are_not_offices(nlp):
    doc = nlp("Ein Sprecher des Ministeriums äußerte sich nicht. Auch sein Amtskollege schwieg.")
    assert ents(doc, "OFFICE") == []


def test_regions_with_designators_and_inflection(nlp):
    doc = nlp("Die Delegation der Region Kaluga reiste über das Gebiet Smolensk in die Russische Föderation, "
              "dann weiter in die Hauptstadt Russlands und nach MINSK.")
    canon = {c for _, c in ents(doc, "REGION")}
    assert {"Region Kaluga", "Gebiet Smolensk", "Russische Föderation", "Russland", "Minsk"} <= canon


def test_continents_are_not_regions(nlp):
    doc = nlp("Die Firma liefert nach Europa, Asien und Lateinamerika, vor allem aber nach Bayern.")
    assert [c for _, c in ents(doc, "REGION")] == ["Bayern"]


def test_designator_and_bare_name_are_one_region(nlp):
    doc = nlp("Die Republik Belarus und Georgien verhandeln. Belarus liefert Traktoren.")
    assert {c for _, c in ents(doc, "REGION")} == {"Republik Belarus", "Georgien"}


def test_nested_region_inside_organisation(nlp):
    import relex

    out = relex.to_dict(nlp("Die Verwaltung des Gebiets Tambow lud die belarussische Botschaft in Litauen ein."))
    labelled = {(e["label"], e["canonical"]) for e in out["entities"]}
    assert ("ORG", "Verwaltung des Gebiets Tambow") in labelled
    assert ("ORG", "belarussische Botschaft in Litauen") in labelled
    assert ("REGION", "Gebiet Tambow") in labelled
    assert ("REGION", "Litauen") in labelled


def test_organisations(nlp):
    doc = nlp("WARSCHAU, 2. Mai (PAP) - Das Landwirtschaftsministerium und die OAO Gomselmasch unterzeichneten nichts; "
              "das Auswärtige Amt schwieg.")
    orgs = {t for t, _ in ents(doc, "ORG")}
    assert {"Landwirtschaftsministerium", "OAO Gomselmasch", "Auswärtige Amt"} <= orgs


def test_people_from_cues_and_later_surname_mentions(nlp):
    doc = nlp("Gouverneur Pjotr Dudkin traf Vertreter der Industrie. \"Wir wachsen\", sagte Dudkin. "
              "Frau Olga Kirilenko stimmte zu, so Kirilenko.")
    people = ents(doc, "PER")
    assert ("Pjotr Dudkin", "Pjotr Dudkin") in people
    assert ("Dudkin", "Pjotr Dudkin") in people
    assert ("Kirilenko", "Olga Kirilenko") in people
    assert all("Frau" not in t for t, _ in people)


def test_agreement_with_its_complement(nlp):
    doc = nlp("Das Protokoll zur Änderung des Abkommens und ein Aktionsplan für 2025-2026 liegen vor.")
    agreements = [t for t, _ in ents(doc, "AGREEMENT")]
    assert "Protokoll zur Änderung des Abkommens" in agreements
    assert "Aktionsplan für 2025-2026" in agreements
