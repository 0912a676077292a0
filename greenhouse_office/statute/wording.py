"""The words of the Bill that the Office's documents quote, once, with their section.

Quoted from the Convention on Climate Change (Implementation) Bill 1999 as introduced; a test
checks each against the text of the Bill (tests/statute/test_wording.py).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Quoted:
    section: str
    heading: str
    words: str


# s34: what the Office must do in advising the Minister about the proponent's application.
S34 = Quoted(
    section="s34",
    heading="Consideration of comments",
    words="In advising the Minister about the proponent's application, the Greenhouse Office must: "
    "(a) consider all written comments made to the Director on or before the day, and at the address "
    "for lodgment, specified in the notice; and (b) include in the advice a report on the comments and "
    "their consideration.",
)

# s35: the Minister's power to direct that a GIA be prepared.
S35 = Quoted(
    section="s35",
    heading="Minister may direct that a Greenhouse Impact Assessment be prepared",
    words="The Minister may, at any time, direct a person to prepare a Greenhouse Impact Assessment of an "
    "action.",
)
