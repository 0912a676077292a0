"""s26, s29(2): the Minister's opinion that an action inhibits the achievement of the targets.

A person must not take an action that, in the opinion of the Minister, has inhibited, will inhibit or
is likely to inhibit the achievement of targets for reducing greenhouse gas emissions, unless the
Minister has approved it under s30 (s26). The Commonwealth and its agencies answer instead under
s29(2), whose words differ: "inhibits, will inhibit, or is likely to inhibit". Each limb below
carries the provision it rests on and the Act's words.
"""

from __future__ import annotations

from dataclasses import dataclass

S26 = "s26"
S29_2 = "s29(2)"
TARGETS = "the achievement of targets for reducing greenhouse gas emissions"


@dataclass(frozen=True)
class OpinionLimb:
    """One limb of an opinion the Act lets the Minister form about an action."""

    code: str
    section: str  # the provision of the limb, e.g. "s26(a)"
    words: str  # the Act's verb, e.g. "has inhibited"

    @property
    def opinion(self) -> str:
        """The opinion in the Act's words: "the action has inhibited the achievement of targets ..."."""
        return f"the action {self.words} {TARGETS}"

    @property
    def label(self) -> str:
        return f"{self.section}: {self.opinion}"


OPINION_LIMBS: dict[str, tuple[OpinionLimb, ...]] = {
    # s26: a person (not the Commonwealth or a Commonwealth agency).
    S26: (
        OpinionLimb("has_inhibited", "s26(a)", "has inhibited"),  # s26(a)
        OpinionLimb("will_inhibit", "s26(a)", "will inhibit"),  # s26(a)
        OpinionLimb("likely_to_inhibit", "s26(b)", "is likely to inhibit"),  # s26(b)
    ),
    # s29(2): the Commonwealth or a Commonwealth agency.
    S29_2: (
        OpinionLimb("inhibits", "s29(2)", "inhibits"),
        OpinionLimb("will_inhibit", "s29(2)", "will inhibit"),
        OpinionLimb("likely_to_inhibit", "s29(2)", "is likely to inhibit"),
    ),
}

SECTION_WORDS = {
    S26: "s26: a person's action",
    S29_2: "s29(2): an action of the Commonwealth or a Commonwealth agency",
}


def opinion_section(*, commonwealth: bool) -> str:
    """s29(2) if the Commonwealth or a Commonwealth agency takes the action, else s26."""
    return S29_2 if commonwealth else S26


def opinion_limbs(section: str) -> tuple[OpinionLimb, ...]:
    """The limbs of ``section`` (s26 or s29(2)); KeyError for any other section."""
    return OPINION_LIMBS[section]


def opinion_limb(section: str, code: str) -> OpinionLimb:
    """The limb called ``code`` of ``section``; KeyError if the section gives no such limb."""
    for limb in opinion_limbs(section):
        if limb.code == code:
            return limb
    raise KeyError(code)


def all_limb_codes() -> list[str]:
    """Every limb code of either section, once each, in the Act's order."""
    codes: list[str] = []
    for limbs in OPINION_LIMBS.values():
        codes += [limb.code for limb in limbs if limb.code not in codes]
    return codes
