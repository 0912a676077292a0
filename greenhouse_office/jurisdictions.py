"""Where an action can be, and the places a notice is published for (s3, s33(1)(b)(ii); AIA s36(2)).

s3 extends the Act to the external Territories, and "State" and "Territory" in s33(1)(b)(ii) are
read under the Acts Interpretation Act 1901 (a Territory is one under the Constitution's territories
power): the six States, the Australian Capital Territory, the Northern Territory, the Jervis Bay
Territory and the external Territories are each a place an action can be and a place likely to be
affected. An action in the offshore area (beyond the States' and Territories' coastal waters) is in
none of them: its location is ``OFFSHORE``, with a description of where.
"""

from django.db import models


class StateOrTerritory(models.TextChoices):
    # The first eight codes are those of the `holidays` package, so public holidays can be looked
    # up by them; the others are not places whose holidays count (the Office sits in the ACT).
    ACT = "ACT", "Australian Capital Territory"
    NSW = "NSW", "New South Wales"
    NT = "NT", "Northern Territory"
    QLD = "QLD", "Queensland"
    SA = "SA", "South Australia"
    TAS = "TAS", "Tasmania"
    VIC = "VIC", "Victoria"
    WA = "WA", "Western Australia"
    JBT = "JBT", "Jervis Bay Territory"
    # s3: the external Territories.
    NFK = "NFK", "Norfolk Island"
    CXR = "CXR", "Territory of Christmas Island"
    CCK = "CCK", "Territory of Cocos (Keeling) Islands"
    ACI = "ACI", "Territory of Ashmore and Cartier Islands"
    CSI = "CSI", "Coral Sea Islands Territory"
    HMD = "HMD", "Territory of Heard Island and McDonald Islands"
    AAT = "AAT", "Australian Antarctic Territory"


EXTERNAL_TERRITORIES = (
    StateOrTerritory.NFK,
    StateOrTerritory.CXR,
    StateOrTerritory.CCK,
    StateOrTerritory.ACI,
    StateOrTerritory.CSI,
    StateOrTerritory.HMD,
    StateOrTerritory.AAT,
)

OFFSHORE = "offshore"
OFFSHORE_LABEL = "Offshore: not in a State or Territory (describe where)"

# Where an action can be: a State or Territory, or offshore.
ACTION_LOCATIONS = [*StateOrTerritory.choices, (OFFSHORE, OFFSHORE_LABEL)]
