"""The bounds of what the public surfaces accept: the system's choices, not the Bill's.

The Bill sets no limit on how many months a profile spans, how many tonnes a month may hold or which
days may be asked about; without limits one request could hold a worker for minutes or build a page
of megabytes. Every public page and API endpoint checks its input against these numbers at the edge
and refuses with a 400 that names the limit (docs/INTERPRETATION.md, "Bounded input"). They are
generous: no real action comes near them.
"""

from datetime import date

# --- Emission profiles (the screening page, POST /api/v1/screening, applications) ---------------
# Months from January of the Kyoto Protocol's base year (Art 3(7): 1990, the year Australia's
# targets are measured against) to December of the horizon year: a profile may record an action's
# history and project its future within the century.
FIRST_PROFILE_YEAR = 1990
LAST_PROFILE_YEAR = 2100
# From its first month to its last (months left out count as zero, so the span is what costs):
# a century of months.
MAX_PROFILE_MONTHS = 1200
# Tonnes of one gas in one month: fewer than 10^12 (a million million; the world emits about
# 5 x 10^10 t CO2-e a year), to at most 6 decimal places (a gram).
MAX_TONNES_INTEGER_DIGITS = 12
MAX_TONNES_DECIMAL_PLACES = 6
# A cell or JSON string holding a number of tonnes: checked before it is read as a number.
MAX_NUMBER_TEXT = 40

# --- Days asked about (the rules endpoints) -----------------------------------------------------
# From the Bill's year (commencement is later, s2; the rules refuse earlier days with their own
# reasons) to the end of the horizon year.
FIRST_RULES_DAY = date(1999, 1, 1)
LAST_RULES_DAY = date(LAST_PROFILE_YEAR, 12, 31)

# --- Request bodies (every JSON API) -------------------------------------------------------------
# A JSON body of at most 1 MB (a century-long profile of six gases is about 250 KB), nested at most
# 20 levels (the deepest input, an application's profile, is 4).
MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 20

# --- Public comments (s33(2)(c): the comment form and POST .../comments) -------------------------
# A written comment of at most 20,000 characters (about eight pages); longer submissions go in the
# attached PDF, checked as every upload is.
MAX_COMMENT_CHARS = 20_000


def profile_years_text() -> str:
    return f"{FIRST_PROFILE_YEAR} to {LAST_PROFILE_YEAR}"


def rules_days_text() -> str:
    return f"{FIRST_RULES_DAY.day} {FIRST_RULES_DAY:%B %Y} to {LAST_RULES_DAY.day} {LAST_RULES_DAY:%B %Y}"


def max_tonnes_text() -> str:
    return f"less than {10**MAX_TONNES_INTEGER_DIGITS:,}"
