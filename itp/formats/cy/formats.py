"""How the site writes dates, times and numbers in Welsh (see ``itp/formats/en/formats.py``).

A 24-hour clock, as on the English pages, rather than Django's Welsh "2:30 y.b.". Input
formats come from Django's Welsh module, which also accepts ISO dates.
"""

DATE_FORMAT = "j F Y"  # 15 Ionawr 2026
SHORT_DATE_FORMAT = "d/m/Y"  # 15/01/2026: tables and lists
TIME_FORMAT = "H:i"  # 09:00
DATETIME_FORMAT = "j F Y, H:i T"  # 15 Ionawr 2026, 09:00 CET
SHORT_DATETIME_FORMAT = "d/m/Y, H:i T"  # 15/01/2026, 09:00 CET
YEAR_MONTH_FORMAT = "F Y"  # Ionawr 2026
MONTH_DAY_FORMAT = "j F"  # 15 Ionawr
FIRST_DAY_OF_WEEK = 1  # Monday

DECIMAL_SEPARATOR = "."  # 36.5
THOUSAND_SEPARATOR = ","  # 39,560,000
NUMBER_GROUPING = 3
