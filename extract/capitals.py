"""A capital in an article's dateline names the country it reports from (`NEW DELHI:`,
`NAIROBI, June 26`), when the text never writes the country's name."""

from __future__ import annotations

import re

CAPITALS = {
    "Abuja": "Nigeria", "Accra": "Ghana", "Addis Ababa": "Ethiopia", "Ankara": "Turkey",
    "Athens": "Greece", "Baghdad": "Iraq", "Bangkok": "Thailand", "Beijing": "China",
    "Beirut": "Lebanon", "Berlin": "Germany", "Bogota": "Colombia", "Brasilia": "Brazil",
    "Buenos Aires": "Argentina", "Cairo": "Egypt", "Canberra": "Australia",
    "Caracas": "Venezuela", "Colombo": "Sri Lanka", "Copenhagen": "Denmark",
    "Dhaka": "Bangladesh", "Dublin": "Ireland", "Harare": "Zimbabwe", "Havana": "Cuba",
    "Helsinki": "Finland", "Islamabad": "Pakistan", "Jakarta": "Indonesia",
    "Kabul": "Afghanistan", "Kampala": "Uganda", "Kathmandu": "Nepal", "Khartoum": "Sudan",
    "Kigali": "Rwanda", "Kinshasa": "Democratic Republic of the Congo", "Kyiv": "Ukraine",
    "Lagos": "Nigeria", "Lima": "Peru", "Lisbon": "Portugal", "Lusaka": "Zambia",
    "Madrid": "Spain", "Manila": "Philippines", "Mexico City": "Mexico", "Moscow": "Russia",
    "Nairobi": "Kenya", "New Delhi": "India", "Oslo": "Norway", "Ottawa": "Canada",
    "Pretoria": "South Africa", "Rabat": "Morocco", "Riyadh": "Saudi Arabia",
    "Santiago": "Chile", "Seoul": "South Korea", "Stockholm": "Sweden", "Taipei": "Taiwan",
    "Tehran": "Iran", "Tokyo": "Japan", "Tunis": "Tunisia", "Vienna": "Austria",
    "Warsaw": "Poland", "Wellington": "New Zealand",
}
_CAPITAL = re.compile(r"\b(" + "|".join(sorted(CAPITALS, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


def dateline_countries(opening: str) -> list[str]:
    """The countries whose capitals the first lines of an article name."""
    return [CAPITALS[_canonical(match.group(1))] for match in _CAPITAL.finditer(opening)]


def _canonical(found: str) -> str:
    return next(city for city in CAPITALS if city.lower() == found.lower())
