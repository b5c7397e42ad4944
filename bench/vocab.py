"""Deterministic made-up words for the synthetic store: names, roles, quote vocabulary.

Everything is derived from a `random.Random` the caller seeds, so one seed gives one store.
Words are built from syllables, so prefixes of one to three letters spread over the
alphabet the way real names do (many share `ma`, few share `zu`).
"""

from __future__ import annotations

import itertools
import random

ONSETS = ("b", "br", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "st",
          "t", "tr", "v", "w", "z", "ch", "gr", "kr")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ei", "y")
CODAS = ("", "", "", "n", "r", "s", "l", "m", "x", "nd", "rt")

_FIRST_NAMES = (
    "Aaron Abigail Adam Ada Adrian Agnes Ahmed Aisha Alan Alba Aleksander Alice Amara Amir Ana "
    "Andrea Anna Anton Arjun Astrid Beatriz Ben Bianca Boris Carla Carlos Chen Chiara Chloe "
    "Christine Clara Daniel Dario Diana Dmitri Elena Elif Emil Emma Erik Eva Fatima Felix "
    "Fernando Freya Gabriel Grace Hana Hannah Hassan Helena Henrik Hugo Ibrahim Ida Igor Ines "
    "Ingrid Isaac Ivan Jakob Jana Javier Jens Joao Jonas Josefine Julia Kamala Karim Katarina "
    "Kenji Klaus Lara Leila Leon Lina Luca Lucia Magnus Maria Mark Marta Mateo Maya Mehmet Mei "
    "Mia Mikhail Nadia Naomi Nikolai Nina Noah Nora Olaf Olga Omar Oscar Paula Pedro Petra "
    "Priya Rafael Rahul Rosa Ruth Samir Sara Sebastian Sofia Stefan Sven Tariq Teresa Tomas "
    "Ursula Valentina Victor Wei Xavier Yara Yusuf Zainab Zofia"
)
FIRST_NAMES = tuple(_FIRST_NAMES.split())

ROLES = ("Chief Executive", "Chair", "President", "Secretary-General", "Director-General",
         "Governor", "Managing Director", "Executive Director", "Rector", "Chief Financial "
         "Officer", "Vice President", "Treasurer", "Commissioner", "Prime Minister")

ORG_KINDS = (
    ("{W} {W2} Holdings", "company"), ("{W} Group", "company"), ("{W} Airways", "company"),
    ("{W} Bank", "company"), ("{W} Energy", "company"), ("{W} Motors", "company"),
    ("{W} Systems", "company"), ("{W} & {W2}", "company"), ("Republic of {W}", "country"),
    ("Kingdom of {W}", "country"), ("{W} Trade Council", "international"),
    ("{W} Development Fund", "international"), ("{W} Health Organization", "international"),
    ("University of {W}", "university"), ("{W} Institute", "university"),
    ("{W} Football Club", "club"), ("{W} Foundation", "ngo"), ("{W} Relief Society", "ngo"),
    ("Ministry of {W2} Affairs", "government"), ("{W} Central Bank", "government"),
)

_FUNCTION_WORDS = (
    "the we and to of a in that is will for our it this be with not on are have as all "
    "must by at from an they more people can time today who what new work year now make "
    "about us very together one there been has would should their world future country "
    "support every which when need here first also only great help long into like over "
    "stand build strong"
)
FUNCTION_WORDS = tuple(_FUNCTION_WORDS.split())

PLACES = ("Brussels", "Geneva", "New York", "Nairobi", "Singapore", "Lisbon", "Tokyo", "Lima",
          "Oslo", "Cairo", "Warsaw", "Toronto", "Seoul", "Madrid", "Dakar", "Hanoi")
OCCASIONS = ("at a press conference in {P}", "in a speech in {P}", "in an interview",
             "at the annual meeting in {P}", "in a statement", "to reporters in {P}",
             "at the summit in {P}", "on taking office")
PUBLISHERS = ("Daily Ledger", "World Wire", "Morning Courier", "Global Times Review",
              "Capital Post", "Northern Herald", "Business Day", "Harbour Gazette")


def syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)


def word(rng: random.Random, syllables: tuple[int, int] = (2, 3)) -> str:
    """A made-up capitalized word such as `Varonis` or `Krailmex`."""
    count = rng.randint(*syllables)
    return "".join(syllable(rng) for _ in range(count)).capitalize()


def unique_words(rng: random.Random, count: int, taken: set[str] | None = None,
                 syllables: tuple[int, int] = (2, 3)) -> list[str]:
    """`count` distinct made-up words, none of them in `taken` (which is extended)."""
    seen = taken if taken is not None else set()
    found: list[str] = []
    while len(found) < count:
        candidate = word(rng, syllables)
        if candidate not in seen:
            seen.add(candidate)
            found.append(candidate)
    return found


def acronym(name: str) -> str | None:
    """`Varonis Trade Council` → `VTC`; None when the name has fewer than two words."""
    letters = [part[0] for part in name.replace("&", " ").split()
               if part[0].isupper() and part.lower() not in ("of", "and")]
    return "".join(letters) if len(letters) >= 2 else None


class Zipf:
    """Words drawn with probability proportional to 1 / rank: a few very common words."""

    def __init__(self, rng: random.Random, content_words: int):
        generated = [w.lower() for w in unique_words(rng, content_words, set(FUNCTION_WORDS),
                                                     syllables=(1, 3))]
        self.words = [*FUNCTION_WORDS, *generated]
        self.cumulative = list(itertools.accumulate(1 / rank
                                                    for rank in range(1, len(self.words) + 1)))

    def sample(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)
