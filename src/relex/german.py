"""Small helpers for German word forms that several components share."""
from __future__ import annotations

ADJ_ENDINGS = ("en", "er", "em", "es", "e")

DEFINITE = {"der", "die", "das", "den", "dem", "des"}
INDEFINITE = {"ein", "eine", "einen", "einem", "einer", "eines"}

# capitalised words that start sentences or stand in names' way, never names themselves
NOT_NAMES = {
    "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen", "Einem", "Einer", "Im", "In", "Am",
    "An", "Auf", "Aus", "Bei", "Beim", "Mit", "Nach", "Von", "Vom", "Zu", "Zum", "Zur", "Für", "Über", "Unter",
    "Er", "Sie", "Es", "Wir", "Ich", "Ihr", "Man", "Dies", "Diese", "Dieser", "Dieses", "Und", "Oder",
    "Aber", "Auch", "Als", "Wie", "Wenn", "Dass", "Daß", "Doch", "So", "Laut", "Seit", "Bis", "Nur", "Noch",
    "Damit", "Dazu", "Dabei", "Daher", "Deshalb", "Außerdem", "Zudem", "Insgesamt", "Gestern", "Heute",
    "Morgen", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag", "Ihm", "Ihn",
    "Ihnen", "Seine", "Seinen", "Seiner", "Sein", "Unsere", "Unser", "Unseren", "Es", "Herr", "Frau",
    "Jahr", "Jahres", "Jahren", "Rahmen", "Seite", "Seiten", "Treffen", "Besuch", "Besuchs", "Gespräch",
    "Zusammenarbeit", "Regierung", "Delegation", "Minister", "Präsident", "Ende", "Anfang", "Mitte",
}



def strip_adjective_ending(word: str) -> str:
    """``stellvertretenden`` -> ``stellvertretend``; words without an ending stay."""
    low = word
    for end in ADJ_ENDINGS:
        if low.lower().endswith(end) and len(low) > len(end) + 2:
            return low[: -len(end)]
    return low


def is_name_like(text: str) -> bool:
    """A capitalised alphabetic word (hyphens and apostrophes allowed) that could be part of a name."""
    if not text or text in NOT_NAMES:
        return False
    core = text.replace("-", "").replace("'", "").replace("’", "")
    return core.isalpha() and text[0].isupper() and not (text.isupper() and len(text) > 1)
