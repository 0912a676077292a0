"""The words the Office's documents quote are the Bill's (greenhouse_office.statute.wording)."""

from pathlib import Path

import pytest

from greenhouse_office.statute.wording import S34, S35

# The Bill as introduced, kept in the repository as the specification (docs/statute/).
BILL = (
    Path(__file__).resolve().parents[2]
    / "docs"
    / "statute"
    / "convention-on-climate-change-implementation-bill-1999.txt"
)


@pytest.mark.parametrize("quoted", [S34, S35], ids=lambda q: q.section)
def test_the_quoted_words_and_heading_are_the_bills(quoted):
    bill = " ".join(BILL.read_text().split())
    number = quoted.section.removeprefix("s")
    assert f"{number} {quoted.heading}" in bill
    assert quoted.words in bill
