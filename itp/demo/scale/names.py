"""Names and text of the scale data, from Faker seeded with the run's seed.

People and places are named in the language of their country (a Polish official is called
Przemysław Olchawa, an Italian organisation is in Lisciano Niccone), so that pages, search and
exports meet the accents and lengths that real names have. Faker is slow per call and the
generator writes up to two million people: for each locale it is asked once per run for pools
of names, places and paragraphs, and the run's random generator picks from those pools. Each
locale's Faker is seeded from the run's seed and the locale, so the same seed gives the same
pools whichever country comes first.
"""

import random

from django.utils.text import slugify
from faker import Faker
from faker.decode import unidecode

# The Faker locale whose names and places each country's people and places get. Faker writes
# Japanese and Korean names and places in their own scripts, which an e-mail address cannot
# hold; people and places there take British ones.
COUNTRY_LOCALES = {
    "DE": "de_DE",
    "IT": "it_IT",
    "FR": "fr_FR",
    "ES": "es_ES",
    "SE": "sv_SE",
    "PL": "pl_PL",
    "GB": "en_GB",
    "US": "en_US",
    "CA": "en_CA",
    "MX": "es_MX",
    "BR": "pt_BR",
    "IN": "en_IN",
    "AU": "en_AU",
    "ZA": "zu_ZA",
}
OTHER_COUNTRIES_LOCALE = "en_GB"
# The programme works in English: descriptions and case studies are English words (Faker's
# British locale writes lorem ipsum).
TEXT_LOCALE = "en_US"

# How many of each the pools hold: enough that names repeat as rarely as real ones do.
NAMES_PER_LOCALE = 300  # first names, and as many last names
PLACES_PER_LOCALE = 200
PARAGRAPHS = 200


class SyntheticNames:
    """Pools of names, places and text drawn from Faker once per run, then picked from at
    random.

    The picks have a random generator of their own, seeded from the run's seed: the run's
    generator draws the rows' numbers, dates and links, which stay the same when the names
    change (another locale, larger pools).
    """

    def __init__(self, *, seed):
        self.seed = seed
        self.rng = random.Random(f"names:{seed}")
        self.pools = {}
        self.paragraphs = self._faker(TEXT_LOCALE).paragraphs(nb=PARAGRAPHS)

    def person(self, country):
        """A (first name, last name) as people of ``country`` are called."""
        pool = self._pool(country)
        return self.rng.choice(pool["first names"]), self.rng.choice(pool["last names"])

    def place(self, country):
        """The name of a place in ``country``: a region, a city, the start of a company's name."""
        return self.rng.choice(self._pool(country)["places"])

    def paragraph(self):
        """A paragraph of English words, a few sentences long."""
        return self.rng.choice(self.paragraphs)

    def _pool(self, country):
        locale = COUNTRY_LOCALES.get(country, OTHER_COUNTRIES_LOCALE)
        if locale not in self.pools:
            fake = self._faker(locale)
            self.pools[locale] = {
                "first names": [fake.first_name() for _ in range(NAMES_PER_LOCALE)],
                "last names": [fake.last_name() for _ in range(NAMES_PER_LOCALE)],
                "places": [fake.city() for _ in range(PLACES_PER_LOCALE)],
            }
        return self.pools[locale]

    def _faker(self, locale):
        fake = Faker(locale)
        fake.seed_instance(f"{self.seed}:{locale}")
        return fake


def email_local_part(first, last, number):
    """The part of a synthetic person's e-mail address before the @: their name in plain
    ASCII letters (Przemysław Olchawa: przemyslaw.olchawa) and a number that keeps it unique.

    Transliterated with the table Faker writes its own e-mail addresses with: Django's slugify
    alone drops the letters that Unicode does not decompose (ł, ø).
    """
    parts = (slugify(unidecode(first)), slugify(unidecode(last)), str(number))
    return ".".join(part for part in parts if part)
