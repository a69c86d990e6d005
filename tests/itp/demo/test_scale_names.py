"""itp.demo.scale.names: synthetic names and text from Faker, seeded."""

from itp.demo.scale.names import SyntheticNames, email_local_part


def draws(names):
    """What a run draws first: people and places of a few countries, and some text."""
    return (
        [names.person(country) for country in ("PL", "IT", "US", "JP") for _ in range(5)],
        [names.place(country) for country in ("DE", "BR") for _ in range(5)],
        [names.paragraph() for _ in range(3)],
    )


def test_synthetic_names_are_the_same_for_the_same_seed():
    assert draws(SyntheticNames(seed=7)) == draws(SyntheticNames(seed=7))


def test_synthetic_names_differ_with_another_seed():
    first, second = draws(SyntheticNames(seed=7)), draws(SyntheticNames(seed=8))

    assert first[0] != second[0]
    assert first[1] != second[1]
    assert first[2] != second[2]


def test_synthetic_names_of_a_locale_do_not_depend_on_the_countries_drawn_before():
    names, other = SyntheticNames(seed=7), SyntheticNames(seed=7)
    other.place("FR")  # builds the French pool first

    assert names.pools.keys() != other.pools.keys()
    names.place("PL"), other.place("PL")
    assert names.pools["pl_PL"] == other.pools["pl_PL"]


def test_email_local_part_is_the_name_in_plain_letters_and_a_number():
    assert email_local_part("Przemysław", "Olchawa", 7) == "przemyslaw.olchawa.7"
    assert email_local_part("Renée", "O'Connor-Dubois", 12) == "renee.oconnor-dubois.12"
    assert email_local_part("", "Ørsted", 3) == "orsted.3"
