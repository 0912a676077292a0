"""s2: when the Act commences."""

from __future__ import annotations

from datetime import date, timedelta

from . import config

# s2(a): the UNFCCC entered into force for Australia on 21 March 1994 (Convention Art 23(1)).
CONVENTION_IN_FORCE_FOR_AUSTRALIA = date(1994, 3, 21)
# s2(b): Australia deposited its instrument of ratification of the Kyoto Protocol on 12 December
# 2007; it entered into force for Australia on the 90th day after, 11 March 2008 (Kyoto Art 25(3)).
KYOTO_IN_FORCE_FOR_AUSTRALIA = date(2008, 3, 11)


def statutory_commencement() -> date:
    """s2: "the day after the later of" the two entry-into-force days (12 March 2008)."""
    later = max(CONVENTION_IN_FORCE_FOR_AUSTRALIA, KYOTO_IN_FORCE_FOR_AUSTRALIA)
    return later + timedelta(days=1)


def commencement() -> date:
    """The day the Act commences: s2, unless ``settings.GREENHOUSE_COMMENCEMENT`` overrides it."""
    return config.commencement_override() or statutory_commencement()
