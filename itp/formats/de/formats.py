"""How the site writes dates, times and numbers in German (see ``itp/formats/en/formats.py``).

Input formats come from Django's German module, which also accepts ISO dates.
"""

DATE_FORMAT = "j. F Y"  # 15. Januar 2026
SHORT_DATE_FORMAT = "d.m.Y"  # 15.01.2026: tables and lists
TIME_FORMAT = "H:i"  # 09:00
DATETIME_FORMAT = "j. F Y, H:i T"  # 15. Januar 2026, 09:00 CET
SHORT_DATETIME_FORMAT = "d.m.Y, H:i T"  # 15.01.2026, 09:00 CET
YEAR_MONTH_FORMAT = "F Y"  # Januar 2026
MONTH_DAY_FORMAT = "j. F"  # 15. Januar
FIRST_DAY_OF_WEEK = 1  # Monday

DECIMAL_SEPARATOR = ","  # 36,5
THOUSAND_SEPARATOR = "."  # 39.560.000
NUMBER_GROUPING = 3
