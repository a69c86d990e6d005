"""How the site writes dates, times and numbers in Polish (see ``itp/formats/en/formats.py``).

A day of a month takes the month's genitive ("E": 15 stycznia), a month on its own the
nominative ("F": styczeń 2026). Input formats come from Django's Polish module, which also
accepts ISO dates.
"""

DATE_FORMAT = "j E Y"  # 15 stycznia 2026
SHORT_DATE_FORMAT = "d.m.Y"  # 15.01.2026: tables and lists
TIME_FORMAT = "H:i"  # 09:00
DATETIME_FORMAT = "j E Y, H:i T"  # 15 stycznia 2026, 09:00 CET
SHORT_DATETIME_FORMAT = "d.m.Y, H:i T"  # 15.01.2026, 09:00 CET
YEAR_MONTH_FORMAT = "F Y"  # styczeń 2026
MONTH_DAY_FORMAT = "j E"  # 15 stycznia
FIRST_DAY_OF_WEEK = 1  # Monday

DECIMAL_SEPARATOR = ","  # 36,5
THOUSAND_SEPARATOR = "\xa0"  # 39 560 000, with a no-break space
NUMBER_GROUPING = 3
