"""Australia's States and Territories (s33(1)(b)(ii) newspapers; AIA s36(2) public holidays)."""

from django.db import models


class StateOrTerritory(models.TextChoices):
    # Codes are those of the `holidays` package, so public holidays can be looked up by them.
    ACT = "ACT", "Australian Capital Territory"
    NSW = "NSW", "New South Wales"
    NT = "NT", "Northern Territory"
    QLD = "QLD", "Queensland"
    SA = "SA", "South Australia"
    TAS = "TAS", "Tasmania"
    VIC = "VIC", "Victoria"
    WA = "WA", "Western Australia"
