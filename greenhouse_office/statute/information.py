"""s42: information to be public, and the grounds on which the Minister may determine otherwise.

s42(1) makes public by default what the Minister receives and what the Office prepares; the
Minister may withhold an item only on a ground below, each with the provision it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WithholdingGround:
    """A ground on which the Minister may determine that information not be made public."""

    code: str
    section: str
    words: str

    @property
    def label(self) -> str:
        return f"{self.section}: {self.words}"


WITHHOLDING_GROUNDS: tuple[WithholdingGround, ...] = (
    WithholdingGround(
        "public_interest",
        "s42(2)",
        "the Minister believes it is not in the public interest to make it public",
    ),
    # s42(3): commercial confidence alone is not enough; the Minister must weigh the detriment.
    WithholdingGround(
        "commercial_detriment",
        "s42(3)",
        "the commercial detriment that may result from publishing it outweighs the public interest",
    ),
    WithholdingGround(
        "defence_or_security",
        "s42(4)",
        "the defence or security of the Commonwealth",
    ),
)


def withholding_ground(code: str) -> WithholdingGround:
    """The ground called ``code``; KeyError if the Act gives no such ground."""
    for ground in WITHHOLDING_GROUNDS:
        if ground.code == code:
            return ground
    raise KeyError(code)
