"""How the site writes dates, times and numbers in English: on its pages, in its e-mails and in
its PDFs alike (CSV keeps ISO dates for the programs that read it; XLSX keeps real dates).

Templates name these formats (``|date:"DATE_FORMAT"``, ``|date:"SHORT_DATE_FORMAT"``,
``|time:"TIME_FORMAT"``) instead of spelling out their own. A time always goes out with its
zone's abbreviation beside it, so the datetime formats carry it ("T").
"""

DATE_FORMAT = "j F Y"  # 15 January 2026
SHORT_DATE_FORMAT = "j M Y"  # 15 Jan 2026: tables and lists
TIME_FORMAT = "H:i"  # 09:00, a 24-hour clock
DATETIME_FORMAT = "j F Y, H:i T"  # 15 January 2026, 09:00 CET
SHORT_DATETIME_FORMAT = "j M Y, H:i T"  # 15 Jan 2026, 09:00 CET
YEAR_MONTH_FORMAT = "F Y"  # January 2026
MONTH_DAY_FORMAT = "j F"  # 15 January
FIRST_DAY_OF_WEEK = 1  # Monday

# 39,560,000 and 36.5: quantities are grouped by thousands. Numbers that are names rather than
# quantities (years, ids, page numbers in links, coordinates) are written with |unlocalize.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
