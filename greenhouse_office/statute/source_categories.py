"""Kyoto Protocol Annex A "Sectors/source categories": what kind of source an action's emissions come from.

s6 reads "source category" with the Convention and the Protocol, and s8 sets targets by source
category, so an application says which Annex A categories its action falls in (the proponent's own
reading; s31 does not require it). Codes are the IPCC 1996 reporting codes the categories carry in
national inventories (5 is land-use change and forestry, which Annex A does not list).
"""

from dataclasses import dataclass

SECTION = "s6, s8; Kyoto Protocol Annex A"


@dataclass(frozen=True)
class SourceCategory:
    code: str
    sector: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.sector}: {self.name}"


_ANNEX_A = {
    "Energy, fuel combustion": [
        ("1.A.1", "Energy industries"),
        ("1.A.2", "Manufacturing industries and construction"),
        ("1.A.3", "Transport"),
        ("1.A.4", "Other sectors"),
        ("1.A.5", "Other"),
    ],
    "Energy, fugitive emissions from fuels": [
        ("1.B.1", "Solid fuels"),
        ("1.B.2", "Oil and natural gas"),
        ("1.B.3", "Other"),
    ],
    "Industrial processes": [
        ("2.A", "Mineral products"),
        ("2.B", "Chemical industry"),
        ("2.C", "Metal production"),
        ("2.D", "Other production"),
        ("2.E", "Production of halocarbons and sulphur hexafluoride"),
        ("2.F", "Consumption of halocarbons and sulphur hexafluoride"),
        ("2.G", "Other"),
    ],
    "Solvent and other product use": [("3", "Solvent and other product use")],
    "Agriculture": [
        ("4.A", "Enteric fermentation"),
        ("4.B", "Manure management"),
        ("4.C", "Rice cultivation"),
        ("4.D", "Agricultural soils"),
        ("4.E", "Prescribed burning of savannas"),
        ("4.F", "Field burning of agricultural residues"),
        ("4.G", "Other"),
    ],
    "Waste": [
        ("6.A", "Solid waste disposal on land"),
        ("6.B", "Wastewater handling"),
        ("6.C", "Waste incineration"),
        ("6.D", "Other"),
    ],
}

SOURCE_CATEGORIES: dict[str, SourceCategory] = {
    code: SourceCategory(code, sector, name) for sector, rows in _ANNEX_A.items() for code, name in rows
}
SOURCE_CATEGORY_CHOICES = [(code, category.label) for code, category in SOURCE_CATEGORIES.items()]


def source_category_labels(codes) -> list[str]:
    """The labels of ``codes`` in Annex A's order (unknown codes are left out)."""
    return [category.label for code, category in SOURCE_CATEGORIES.items() if code in set(codes or ())]
