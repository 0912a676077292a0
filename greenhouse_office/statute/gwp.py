"""Kyoto Protocol Annex A gases and their 100-year global warming potentials (GWPs).

s6 measures greenhouse gas emissions in tonnes of carbon dioxide equivalents; Kyoto Art 5(3) takes
the equivalence from GWPs "accepted by the IPCC and agreed upon by the COP", and a revision applies
only to commitment periods adopted after it. So each month of emissions is converted with the set in
force for that month (``gwp_set_for_month``: SAR to December 2012, AR4 for 2013-2020, AR5 from 2021;
the periods live in ``parameters``), and a gas counts only in the months Annex A lists it
(``check_greenhouse_gas``: NF3 from 2013, the Doha Amendment). Any set may still be chosen to compare.
A species a report does not list is left out of that set, so using it is an error rather than a
silent zero. Arithmetic is exact ``Decimal``; floats are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, Inexact, InvalidOperation
from enum import StrEnum
from types import MappingProxyType

from .errors import GasNotInGwpSet, InvalidQuantity, UnknownGas, UnknownGwpSet
from .parameters import ANNEX_A_SECTION, GWP_SECTION, Key, parameter, parameter_history
from .periods import as_day

# Exact arithmetic: enough precision that a sum or product of finite Decimals is never rounded,
# and a trap in case one ever would be.
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, Inexact])


class GasGroup(StrEnum):
    """Kyoto Protocol Annex A as amended: the six gases of 1997, and NF3 (Doha Amendment, from 2013)."""

    CO2 = "CO2"
    CH4 = "CH4"
    N2O = "N2O"
    HFCS = "HFCs"
    PFCS = "PFCs"
    SF6 = "SF6"
    NF3 = "NF3"


@dataclass(frozen=True)
class Species:
    """One gas by its canonical name, its Annex A group, and other names users type."""

    name: str
    group: GasGroup
    aliases: tuple[str, ...] = ()


SPECIES: tuple[Species, ...] = (
    Species("CO2", GasGroup.CO2, ("carbon dioxide",)),
    Species("CH4", GasGroup.CH4, ("methane",)),
    Species("N2O", GasGroup.N2O, ("nitrous oxide",)),
    Species("HFC-23", GasGroup.HFCS, ("CHF3", "R-23", "trifluoromethane")),
    Species("HFC-32", GasGroup.HFCS, ("CH2F2", "R-32", "difluoromethane")),
    Species("HFC-41", GasGroup.HFCS, ("CH3F", "R-41", "fluoromethane")),
    Species("HFC-43-10mee", GasGroup.HFCS, ("CF3CHFCHFCF2CF3", "R-43-10mee")),
    Species("HFC-125", GasGroup.HFCS, ("CHF2CF3", "R-125", "pentafluoroethane")),
    Species("HFC-134", GasGroup.HFCS, ("CHF2CHF2", "R-134")),
    Species("HFC-134a", GasGroup.HFCS, ("CH2FCF3", "R-134a")),
    Species("HFC-143", GasGroup.HFCS, ("CH2FCHF2", "R-143")),
    Species("HFC-143a", GasGroup.HFCS, ("CH3CF3", "R-143a")),
    Species("HFC-152a", GasGroup.HFCS, ("CH3CHF2", "R-152a")),
    Species("HFC-227ea", GasGroup.HFCS, ("CF3CHFCF3", "R-227ea")),
    Species("HFC-236fa", GasGroup.HFCS, ("CF3CH2CF3", "R-236fa")),
    Species("HFC-245ca", GasGroup.HFCS, ("CH2FCF2CHF2", "R-245ca")),
    Species("HFC-245fa", GasGroup.HFCS, ("CHF2CH2CF3", "R-245fa")),
    Species("HFC-365mfc", GasGroup.HFCS, ("CH3CF2CH2CF3", "R-365mfc")),
    Species("CF4", GasGroup.PFCS, ("PFC-14", "tetrafluoromethane", "perfluoromethane")),
    Species("C2F6", GasGroup.PFCS, ("PFC-116", "hexafluoroethane", "perfluoroethane")),
    Species("C3F8", GasGroup.PFCS, ("PFC-218", "octafluoropropane", "perfluoropropane")),
    Species("C4F10", GasGroup.PFCS, ("PFC-31-10", "perfluorobutane")),
    Species("c-C4F8", GasGroup.PFCS, ("PFC-318", "octafluorocyclobutane", "perfluorocyclobutane")),
    Species("C5F12", GasGroup.PFCS, ("PFC-41-12", "perfluoropentane")),
    Species("C6F14", GasGroup.PFCS, ("PFC-51-14", "perfluorohexane")),
    Species("SF6", GasGroup.SF6, ("sulphur hexafluoride", "sulfur hexafluoride")),
    Species("NF3", GasGroup.NF3, ("nitrogen trifluoride",)),
)
SPECIES_BY_NAME: Mapping[str, Species] = MappingProxyType({s.name: s for s in SPECIES})
_ORDER = {s.name: i for i, s in enumerate(SPECIES)}

# 100-year GWPs, as printed in each report.
_SAR = {  # IPCC 1995, WG I, Table 2.9 (the values of decision 2/CP.3)
    "CO2": 1,
    "CH4": 21,
    "N2O": 310,
    "HFC-23": 11_700,
    "HFC-32": 650,
    "HFC-41": 150,
    "HFC-43-10mee": 1_300,
    "HFC-125": 2_800,
    "HFC-134": 1_000,
    "HFC-134a": 1_300,
    "HFC-143": 300,
    "HFC-143a": 3_800,
    "HFC-152a": 140,
    "HFC-227ea": 2_900,
    "HFC-236fa": 6_300,
    "HFC-245ca": 560,
    # HFC-245fa and HFC-365mfc have no SAR value.
    "CF4": 6_500,
    "C2F6": 9_200,
    "C3F8": 7_000,
    "C4F10": 7_000,
    "c-C4F8": 8_700,
    "C5F12": 7_500,
    "C6F14": 7_400,
    "SF6": 23_900,
    # NF3 has no SAR value (and is not an Annex A gas before 2013).
}
_AR4 = {  # IPCC 2007, WG I, Table 2.14
    "CO2": 1,
    "CH4": 25,
    "N2O": 298,
    "HFC-23": 14_800,
    "HFC-32": 675,
    "HFC-41": 92,
    "HFC-43-10mee": 1_640,
    "HFC-125": 3_500,
    "HFC-134": 1_100,
    "HFC-134a": 1_430,
    "HFC-143": 353,
    "HFC-143a": 4_470,
    "HFC-152a": 124,
    "HFC-227ea": 3_220,
    "HFC-236fa": 9_810,
    "HFC-245ca": 693,
    "HFC-245fa": 1_030,
    "HFC-365mfc": 794,
    "CF4": 7_390,
    "C2F6": 12_200,
    "C3F8": 8_830,
    "C4F10": 8_860,
    "c-C4F8": 10_300,
    "C5F12": 9_160,
    "C6F14": 9_300,
    "SF6": 22_800,
    "NF3": 17_200,
}
_AR5 = {  # IPCC 2013, WG I, Table 8.A.1, without climate-carbon feedbacks
    "CO2": 1,
    "CH4": 28,
    "N2O": 265,
    "HFC-23": 12_400,
    "HFC-32": 677,
    "HFC-41": 116,
    "HFC-43-10mee": 1_650,
    "HFC-125": 3_170,
    "HFC-134": 1_120,
    "HFC-134a": 1_300,
    "HFC-143": 328,
    "HFC-143a": 4_800,
    "HFC-152a": 138,
    "HFC-227ea": 3_350,
    "HFC-236fa": 8_060,
    "HFC-245ca": 716,
    "HFC-245fa": 858,
    "HFC-365mfc": 804,
    "CF4": 6_630,
    "C2F6": 11_100,
    "C3F8": 8_900,
    "C4F10": 9_200,
    "c-C4F8": 9_540,
    "C5F12": 8_550,
    "C6F14": 7_910,
    "SF6": 23_500,
    "NF3": 16_100,
}


@dataclass(frozen=True)
class GwpSet:
    """A named set of 100-year GWPs, with where it comes from and who adopted it."""

    name: str
    report: str
    year: int
    table: str
    citation: str
    values: Mapping[str, Decimal]


def _gwp_set(name: str, report: str, year: int, table: str, citation: str, values: dict[str, int]) -> GwpSet:
    return GwpSet(
        name, report, year, table, citation, MappingProxyType({gas: Decimal(v) for gas, v in values.items()})
    )


GWP_SETS: Mapping[str, GwpSet] = MappingProxyType(
    {
        "SAR": _gwp_set(
            "SAR",
            "IPCC Second Assessment Report",
            1995,
            "WG I, Table 2.9 (100-year)",
            "Kyoto Protocol Art 5(3) and decision 2/CP.3: in force for months to December 2012, the end of "
            "the first commitment period 2008-2012 (s8(3))",
            _SAR,
        ),
        "AR4": _gwp_set(
            "AR4",
            "IPCC Fourth Assessment Report",
            2007,
            "WG I, Table 2.14 (100-year)",
            "Doha Amendment (decision 1/CMP.8) and decision 4/CMP.8: in force for months of the Kyoto "
            "second commitment period, 2013-2020",
            _AR4,
        ),
        "AR5": _gwp_set(
            "AR5",
            "IPCC Fifth Assessment Report",
            2013,
            "WG I, Table 8.A.1 (100-year, without climate-carbon feedbacks)",
            "decision 18/CMA.1, annex, para 37 (the Paris Agreement rules): in force for months from 2021",
            _AR5,
        ),
    }
)

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _normal(name: str) -> str:
    """Case-, space-, hyphen- and subscript-blind form: "HFC-134a", "hfc134a", "CO₂" all match."""
    return "".join(ch for ch in name.translate(_SUBSCRIPTS).casefold() if ch not in " -_")


_ALIASES: dict[str, str] = {}
for _species in SPECIES:
    for _name in (_species.name, *_species.aliases):
        if _ALIASES.setdefault(_normal(_name), _species.name) != _species.name:
            raise RuntimeError(f"gas alias {_name!r} is ambiguous")
_GROUP_NAMES = {_normal(g): g for g in ("HFCs", "HFC", "PFCs", "PFC")}


def canonical_gas(name: str) -> str:
    """The canonical species name for ``name``, or ``UnknownGas`` naming it."""
    if not isinstance(name, str):
        raise UnknownGas(f"A gas must be named by a string, not {type(name).__name__}.")
    found = _ALIASES.get(_normal(name))
    if found is not None:
        return found
    if _normal(name) in _GROUP_NAMES:
        raise UnknownGas(
            f"{name!r} is a group of gases in Kyoto Protocol Annex A; "
            "give each species, e.g. HFC-134a or CF4.",
            section="s6 (source category)",
        )
    raise UnknownGas(
        f"Unknown gas {name!r}: not a Kyoto Protocol Annex A greenhouse gas. "
        f"Known: {', '.join(SPECIES_BY_NAME)}.",
        section="s6 (source category)",
    )


def gas_sort_key(name: str) -> int:
    """Annex A order (CO2, CH4, N2O, HFCs, PFCs, SF6) for stable listings."""
    return _ORDER[canonical_gas(name)]


def get_gwp_set(name: str | GwpSet) -> GwpSet:
    """A GWP set by name, case-insensitively ("SAR", "ar4", "AR5")."""
    if isinstance(name, GwpSet):
        return name
    found = GWP_SETS.get(name.strip().upper()) if isinstance(name, str) else None
    if found is None:
        raise UnknownGwpSet(f"Unknown GWP set {name!r}; use one of {', '.join(GWP_SETS)}.")
    return found


def gwp(gas: str, gwp_set: str | GwpSet) -> Decimal:
    """The 100-year GWP of ``gas`` in ``gwp_set``; an error if the report does not list it."""
    chosen = get_gwp_set(gwp_set)
    species = canonical_gas(gas)
    try:
        return chosen.values[species]
    except KeyError:
        raise GasNotInGwpSet(
            f"{species} has no global warming potential in the {chosen.name} set "
            f"({chosen.report}, {chosen.table}); choose another set.",
        ) from None


def check_tonnes(tonnes: object, what: str = "tonnes") -> Decimal:
    """An exact, finite, non-negative quantity (``Decimal`` or ``int``) as a ``Decimal``."""
    if isinstance(tonnes, bool) or not isinstance(tonnes, Decimal | int):
        raise InvalidQuantity(
            f"{what} must be a Decimal (or a whole number), not {type(tonnes).__name__}; "
            "floats are refused because they are not exact."
        )
    quantity = Decimal(tonnes)
    if not quantity.is_finite():
        raise InvalidQuantity(f"{what} must be a finite number, not {quantity}.")
    if quantity < 0:
        raise InvalidQuantity(f"{what} must not be negative ({quantity}).")
    return quantity


def to_co2e(gas: str, tonnes: Decimal, gwp_set: str | GwpSet) -> Decimal:
    """Tonnes of ``gas`` in tonnes of CO2 equivalents (s6), exactly."""
    return EXACT.multiply(check_tonnes(tonnes, f"tonnes of {gas}"), gwp(gas, gwp_set))


def gwp_set_for_month(month: date) -> GwpSet:
    """s6, Kyoto Art 5(3): the GWP set in force for emissions in ``month`` (a day of it)."""
    return get_gwp_set(str(parameter(Key.GWP_SET_IN_FORCE, on=as_day(month, "month")).value))


def greenhouse_gases_in(month: date) -> tuple[GasGroup, ...]:
    """s6, Kyoto Protocol Annex A as amended: the gas groups that count in ``month``."""
    groups = parameter(Key.ANNEX_A_GAS_GROUPS, on=as_day(month, "month")).value
    if not isinstance(groups, tuple):
        raise TypeError("parameter annex_a_gas_groups is not a tuple of gas groups")
    return tuple(GasGroup(str(name)) for name in groups)


def check_greenhouse_gas(gas: str, month: date) -> str:
    """The canonical name of ``gas`` if Annex A lists it for ``month``; ``UnknownGas`` saying why if not."""
    species = SPECIES_BY_NAME[canonical_gas(gas)]
    if species.group in greenhouse_gases_in(month):
        return species.name
    listed = [v for v in parameter_history(Key.ANNEX_A_GAS_GROUPS) if species.group.value in v.value]
    since = listed[0].valid_from
    name = f"{species.name} ({species.aliases[0]})" if species.aliases else species.name
    raise UnknownGas(
        f"{name} is not a greenhouse gas for {month:%B %Y}: the Doha Amendment added it to Kyoto "
        f"Protocol Annex A only from the beginning of the second commitment period, "
        f"{since.day} {since:%B %Y} (s6 counts the gases of Annex A as amended). "
        "Leave it out of months before then.",
        code="gas_not_yet_in_annex_a",
        section=ANNEX_A_SECTION,
    )


def gwp_in_force(gas: str, month: date) -> Decimal:
    """The GWP of ``gas`` for emissions in ``month``: the set in force then (s6, Kyoto Art 5(3))."""
    species = check_greenhouse_gas(gas, month)
    in_force = gwp_set_for_month(month)
    try:
        return in_force.values[species]
    except KeyError:
        raise GasNotInGwpSet(
            f"{species} has no global warming potential in the {in_force.name} set "
            f"({in_force.report}), the set in force for {month:%B %Y} ({GWP_SECTION}), so its tonnes "
            "cannot be measured in CO2 equivalents for that month.",
            section=GWP_SECTION,
        ) from None


def gwp_periods_in_words() -> str:
    """ "SAR for months to December 2012, AR4 for January 2013 to December 2020, AR5 from January 2021"."""
    parts = []
    for version in parameter_history(Key.GWP_SET_IN_FORCE):
        start, end = version.valid_from, version.valid_to
        if version.valid_from == date.min and end is not None:
            parts.append(f"{version.value} for months to {end:%B %Y}")
        elif end is None:
            parts.append(f"{version.value} from {start:%B %Y}")
        else:
            parts.append(f"{version.value} for {start:%B %Y} to {end:%B %Y}")
    return ", ".join(parts)
