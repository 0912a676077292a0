"""docs/STATUTE.md traces each section of the Bill to the rule applied, the code and the tests.

These tests keep the table true. They need no database.

WHERE CITATIONS ARE READ. Every .py file under greenhouse_office/, assessments/ and taskforces/
(migrations and tests excluded): its string literals (docstrings, messages, help texts, ``section``
values; implicitly concatenated literals joined, f-string fields blanked) and its comment blocks.
Every file under templates/, paragraph by paragraph. Each literal, comment block or paragraph is one
passage; line breaks inside a passage count as spaces. Identifiers are not read.

WHAT IS A CITATION (``extract_citations``):

* ``s33(3)``, ``s32(2)(a)``, ``s2``: a lower-case "s", the section number, then any "(x)"
  subdivisions, not inside a word ("crimes_act.s4b2" and "under_s42" are not citations;
  "penalty_units.s25" is).
* ``ss25-29``, ``ss25, 27 and 31``, ``section 25``, ``sections 25 to 31``: every section listed; a
  range ("-", "to") stands for every section in it.

WHICH CITATIONS ARE OF ANOTHER LAW, not the Bill:

* its number has a letter (s2G, s4AA, s4B(3)): the Bill has no lettered sections;
* the other law is named just before it ("AIA s36(2)", "Crimes Act 1914 s4AA", "Crimes Act
  s4B(2)", "Acts Interpretation Act 1901 s2G", "Kyoto ...", "Convention ...") or just after it
  ("s27 of the NEPM (Implementation) Act 1998", "s27 NEPM (Implementation) Act 1998", "... of the
  Criminal Code");
* it repeats, later in the same passage, a citation already given to another law there
  ("AIA s36(2): ... when that day is a holiday, s36(2) lets them ...").

Naming this Act itself ("Convention on Climate Change (Implementation) Act 1999") keeps it the Bill's.
Everything else is the Bill's, and must be a section the Bill has (1 to 42).

MATCHING RULE. A Bill citation is in the table when some row's section is the cited provision
itself, encloses it (a row for s33 covers s33(1)(b)(i)), or lies within it (the row for s27(3)
covers a citation of the whole of s27). So citing a subdivision on no row's branch (s33(2)(d) when
only s33(3) has a row) fails until a row for it, or for its whole section, is added.

THE TABLE. One row per section or subsection: Section | Rule | Code | Tests | Notes. Code cells hold
`module.path:attribute` references (dotted attributes allowed); Tests cells hold
`tests/path.py::test_name` references (``Class::method`` and parametrised ids ``[...]`` allowed).
Every row needs code and tests, except that a row whose Notes begin with "**Not yet tested**" needs
only code, and one whose Notes begin with "**Not yet built**" needs neither; such rows are listed
under "## Not yet built or tested". Every reference given must resolve.
"""

from __future__ import annotations

import ast
import importlib
import io
import re
import tokenize
from dataclasses import dataclass
from functools import cache, reduce
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATUTE_MD = ROOT / "docs" / "STATUTE.md"
CODE_PACKAGES = ("greenhouse_office", "assessments", "taskforces")
TEMPLATE_DIRS = ("templates",)
SKIPPED_DIRS = {"migrations", "tests", "__pycache__"}
BILL_SECTIONS = range(1, 43)  # the Bill has sections 1 to 42, none lettered
NOT_YET_BUILT = "**Not yet built**"
NOT_YET_TESTED = "**Not yet tested**"
GAPS_HEADING = "## Not yet built or tested"

Section = tuple[int, tuple[str, ...]]  # (number, subdivisions): s33(1)(b) is (33, ("1", "b"))

# --- Citations ---------------------------------------------------------------------------------

_TOKEN = r"(?P<num>\d+)(?P<letters>[A-Z]*)(?P<subs>(?:\([0-9a-z]{1,4}\))*)(?![0-9A-Za-z]|\.\d)"
_TOKEN_PLAIN = re.sub(r"\?P<\w+>", "?:", _TOKEN)
_SEPARATOR = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+|\s*[-\u2013]\s*)"  # "-" or an en dash
_CITATION = re.compile(
    rf"(?<![A-Za-z0-9_])(?:s|(?P<list>ss\s?|[Ss]ections?\s+))"
    rf"(?P<body>{_TOKEN_PLAIN}(?(list)(?:{_SEPARATOR}{_TOKEN_PLAIN})*))"
)
_ITEM = re.compile(rf"(?P<sep>{_SEPARATOR})?{_TOKEN}")
_RANGE = re.compile(r"\s*(?:[-\u2013]|to)\s*")
_SUB = re.compile(r"\(([0-9a-z]+)\)")
_THIS_ACT = r"Convention\s+on\s+Climate\s+Change\s+\(Implementation\)\s+(?:Act|Bill)\s+1999"
_THIS_ACT_BEFORE = re.compile(rf"{_THIS_ACT}\s*$")
_THIS_ACT_AFTER = re.compile(rf"\s*(?:of\s+(?:the\s+)?)?{_THIS_ACT}")
_OTHER_LAW_BEFORE = re.compile(
    r"(?:\bAIA|\b(?!(?:This|The)\b)[A-Z][\w()]*\s+Act(?:\s+\d{4})?|\bKyoto(?:\s+Protocol)?"
    r"|\bConvention|\bUNFCCC|\bCriminal\s+Code)\s*$"
)
_OTHER_LAW_AFTER = re.compile(
    r"\s*(?:of\s+(?:the\s+)?)?(?:(?:[A-Z][\w-]*|\([A-Z][\w\s-]*\))\s+)+(?:Act|Code|Regulations?)\b"
)
_CONTEXT = 120  # characters either side that may name another law


@dataclass(frozen=True)
class Citation:
    """One provision cited at ``where`` (path:line)."""

    text: str
    section: Section
    letters: str
    other_law: bool
    where: str = ""

    @property
    def label(self) -> str:
        number, subs = self.section
        return f"s{number}{self.letters}" + "".join(f"({s})" for s in subs)

    @property
    def is_bill(self) -> bool:
        return not self.other_law


def _names_other_law(before: str, after: str) -> bool:
    if _THIS_ACT_BEFORE.search(before) or _THIS_ACT_AFTER.match(after):
        return False
    return bool(_OTHER_LAW_BEFORE.search(before) or _OTHER_LAW_AFTER.match(after))


def _items(body: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(number, letters, subdivisions) of every section in a list, ranges expanded."""
    found: list[tuple[int, str, tuple[str, ...]]] = []
    for item in _ITEM.finditer(body):
        number, letters, subs = int(item["num"]), item["letters"], tuple(_SUB.findall(item["subs"]))
        if item["sep"] and _RANGE.fullmatch(item["sep"]) and found:
            found.extend((n, "", ()) for n in range(found[-1][0] + 1, number))
        found.append((number, letters, subs))
    return found


def extract_citations(passage: str, where: str = "", first_line: int = 1) -> list[Citation]:
    """Every section citation in one passage, each marked as the Bill's or another law's."""
    flat = passage.replace("\n", " ")
    given_to_other_laws: set[tuple[int, str, tuple[str, ...]]] = set()
    citations: list[Citation] = []
    for match in _CITATION.finditer(flat):
        before = flat[max(0, match.start() - _CONTEXT) : match.start()]
        named_other = _names_other_law(before, flat[match.end() : match.end() + _CONTEXT])
        line = first_line + passage.count("\n", 0, match.start())
        for item in _items(match["body"]):
            other = bool(item[1]) or named_other or item in given_to_other_laws
            if other:
                given_to_other_laws.add(item)
            citations.append(Citation(match[0], (item[0], item[2]), item[1], other, f"{where}:{line}"))
    return citations


@dataclass(frozen=True)
class Passage:
    line: int  # where it starts in its file
    text: str


def _string_text(node: ast.Constant | ast.JoinedStr) -> str:
    if isinstance(node, ast.Constant):
        return node.value
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


def _string_passages(tree: ast.AST) -> list[Passage]:
    inner = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in ast.walk(node)
        if part is not node
    }
    return [
        Passage(node.lineno, _string_text(node))
        for node in ast.walk(tree)
        if id(node) not in inner
        and (
            isinstance(node, ast.JoinedStr)
            or (isinstance(node, ast.Constant) and isinstance(node.value, str))
        )
    ]


def _comment_passages(source: str) -> list[Passage]:
    blocks: list[list[tuple[int, str]]] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            line, text = token.start[0], token.string.lstrip("#")
            if blocks and blocks[-1][-1][0] == line - 1:
                blocks[-1].append((line, text))
            else:
                blocks.append([(line, text)])
    return [Passage(block[0][0], "\n".join(text for _, text in block)) for block in blocks]


def text_passages(source: str) -> list[Passage]:
    """Paragraphs: runs of non-blank lines."""
    passages: list[Passage] = []
    lines: list[str] = []
    for number, line in enumerate([*source.splitlines(), ""], start=1):
        if line.strip():
            lines.append(line)
        elif lines:
            passages.append(Passage(number - len(lines), "\n".join(lines)))
            lines = []
    return passages


def python_passages(source: str) -> list[Passage]:
    """String literals and comment blocks; a file that does not parse is read as plain text."""
    try:
        return _string_passages(ast.parse(source)) + _comment_passages(source)
    except (SyntaxError, tokenize.TokenError):
        return text_passages(source)


def file_citations(path: Path) -> list[Citation]:
    source = path.read_text(encoding="utf-8", errors="replace")
    passages = python_passages(source) if path.suffix == ".py" else text_passages(source)
    where = str(path.relative_to(ROOT))
    return [c for p in passages for c in extract_citations(p.text, where, p.line)]


def source_files() -> list[Path]:
    python = [
        path
        for package in CODE_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts)
    ]
    templates = [path for d in TEMPLATE_DIRS for path in sorted((ROOT / d).rglob("*")) if path.is_file()]
    return python + templates


@cache
def code_citations() -> tuple[Citation, ...]:
    return tuple(c for path in source_files() for c in file_citations(path))


# --- The table ---------------------------------------------------------------------------------

_SECTION_CELL = re.compile(r"s(\d+)((?:\([0-9a-z]+\))*)")
_CODE_REF = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*")
_TEST_REF = re.compile(r"tests/[\w/]+\.py(?:::[A-Za-z_]\w*)+(?:\[[^\]`]*\])?")
_BACKTICKED = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Row:
    table: str  # the first header cell: "Section" for the Bill, "Law and provision" for other laws
    key: str  # the first cell
    code: tuple[str, ...]
    tests: tuple[str, ...]
    malformed: tuple[str, ...]  # back-ticked text in Code or Tests that is not a reference
    notes: str

    @property
    def section(self) -> Section | None:
        match = _SECTION_CELL.fullmatch(self.key.strip("`"))
        return (int(match[1]), tuple(_SUB.findall(match[2]))) if match else None

    @property
    def not_yet_built(self) -> bool:
        return self.notes.startswith(NOT_YET_BUILT)

    @property
    def not_yet_tested(self) -> bool:
        return self.notes.startswith(NOT_YET_TESTED)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _refs(cell: str, pattern: re.Pattern[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    quoted = _BACKTICKED.findall(cell)
    return tuple(q for q in quoted if pattern.fullmatch(q)), tuple(
        q for q in quoted if not pattern.fullmatch(q)
    )


def _row(header: list[str], line: str) -> Row:
    cells = dict(zip(header, _cells(line), strict=False))
    code, bad_code = _refs(cells.get("Code", ""), _CODE_REF)
    tests, bad_tests = _refs(cells.get("Tests", ""), _TEST_REF)
    return Row(header[0], cells[header[0]], code, tests, bad_code + bad_tests, cells.get("Notes", ""))


def parse_tables(markdown: str) -> list[Row]:
    """Rows of every Markdown table whose header has Code and Tests columns."""
    rows: list[Row] = []
    header: list[str] | None = None
    for line in markdown.splitlines():
        if not line.lstrip().startswith("|"):
            header = None
        elif header is None:
            header = _cells(line)
        elif not set(line.strip()) <= set("|-: ") and {"Code", "Tests"} <= set(header):
            rows.append(_row(header, line))
    return rows


def parse_gaps_list(markdown: str) -> set[str]:
    """The bold keys of the bullets under the "Not yet built or tested" heading."""
    _, _, rest = markdown.partition(f"\n{GAPS_HEADING}\n")
    gaps = rest.split("\n## ", 1)[0]
    return set(re.findall(r"^[-*]\s+\*\*(.+?)\*\*", gaps, flags=re.MULTILINE))


@cache
def statute_md() -> str:
    return STATUTE_MD.read_text(encoding="utf-8")


@cache
def table_rows() -> tuple[Row, ...]:
    return tuple(parse_tables(statute_md()))


def bill_rows() -> list[Row]:
    return [row for row in table_rows() if row.table == "Section"]


def on_same_branch(a: Section, b: Section) -> bool:
    """One provision is the other, encloses it or lies within it (s33 / s33(3) / s33(3)(a))."""
    shorter = min(len(a[1]), len(b[1]))
    return a[0] == b[0] and a[1][:shorter] == b[1][:shorter]


def uncovered(citations: list[Citation] | tuple[Citation, ...], rows: list[Row]) -> list[Citation]:
    """Bill citations that no row covers under the matching rule."""
    sections = [row.section for row in rows if row.section is not None]
    return [c for c in citations if c.is_bill and not any(on_same_branch(c.section, s) for s in sections)]


# --- References --------------------------------------------------------------------------------


def check_code_reference(reference: str) -> str | None:
    """None if ``module.path:attr.sub`` imports and has that attribute, else why not."""
    module_name, _, attribute = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        return f"`{reference}`: cannot import {module_name} ({error})"
    try:
        reduce(getattr, attribute.split("."), module)
    except AttributeError:
        return f"`{reference}`: {module_name} has no attribute {attribute}"
    return None


@cache
def _defined_names(path: Path) -> frozenset[str]:
    """Top-level function and class names, and "Class::method" names, defined in a file."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            names.update(
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            )
    return frozenset(names)


def check_test_reference(reference: str) -> str | None:
    """None if ``tests/path.py::test_name`` names a test defined in that file, else why not."""
    file_name, _, name = reference.partition("::")
    name = name.split("[", 1)[0]  # a parametrised id names the same function
    path = ROOT / file_name
    if not path.is_file():
        return f"`{reference}`: no file {file_name}"
    if not name.rsplit("::", 1)[-1].startswith("test"):
        return f"`{reference}`: {name} is not a test"
    if name not in _defined_names(path):
        return f"`{reference}`: {file_name} defines no {name}"
    return None


# --- The extractor and the checks, on samples --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("s33(3): the closing day", ["s33(3)"]),
        ("the Gazette notice (s33(1)(b)(i)); s2(a) and s39(1).", ["s33(1)(b)(i)", "s2(a)", "s39(1)"]),
        ('"penalty_units.s25.individual", "imprisonment_years.s27_3"', ["s25", "s27"]),
        ("ss25, 27, 29, 30 and 31 turn on that test", ["s25", "s27", "s29", "s30", "s31"]),
        ("Maximum penalties under ss25-29", ["s25", "s26", "s27", "s28", "s29"]),
        ("(sections 25 to 27 of the Act), and section 31 of the Act", ["s25", "s26", "s27", "s31"]),
        ("s27 of the Convention on Climate Change (Implementation) Act 1999", ["s27"]),
        ("s28(3): imprisonment; Crimes Act 1914 s4B(2) allows a fine", ["s28(3)"]),
        ("the s32(2)(b) declaration\n(s27 NEPM (Implementation) Act 1998)", ["s32(2)(b)"]),
    ],
)
def test_citation_extractor_finds_the_bill_sections_cited(text, expected):
    assert [c.label for c in extract_citations(text) if c.is_bill] == expected


@pytest.mark.parametrize(
    "text",
    [
        "AIA s36(2)",
        "(AIA s36(1) item 6)",
        "Acts Interpretation Act 1901 s2G",
        "Day from which that penalty unit value applies (Crimes Act 1914 s4AA).",
        "Crimes Act s4B(2) lets the court fine instead of imprisonment",
        "s4B(3)",
        "exactly s2G's corresponding day",
        "a fit and proper person within s27 of the NEPM (Implementation) Act 1998",
        "(s27 NEPM (Implementation) Act 1998)",
        "section 27 of the National Environment Protection Measures\n  (Implementation) Act 1998",
        "Kyoto Art 5(3)",
        "s13.3(3) of the Criminal Code",
        '"crimes_act.s4b2_units_per_month", withheld_under_s42',
        "AIA s36(2): comments made by this day are on time.\n\n  On a holiday, s36(2) lets them in.",
    ],
)
def test_citation_extractor_does_not_mistake_another_law_for_the_bill(text):
    assert [c.label for c in extract_citations(text) if c.is_bill] == []


def test_a_citation_repeating_another_laws_is_the_other_laws_only_within_its_passage():
    assert [c.is_bill for c in extract_citations("s36(1), then AIA s36(1) item 6, then s36(1)")] == [
        True,
        False,
        False,
    ]
    assert [c.is_bill for p in text_passages("AIA s36(1)\n\ns36(1)") for c in extract_citations(p.text)] == [
        False,
        True,
    ]


def test_python_citations_are_read_from_whole_strings_and_comments_not_identifiers():
    source = (
        "def test_s25_is_no_citation(name):\n"
        '    """AIA s36(2): comments made by this day are on time.\n'
        "\n"
        "    On a holiday, s36(2) lets them be made next business day; s34(a) applies.\n"
        '    """\n'
        '    message = (f"s32(2)(b): {name} is not a fit and proper person (s27 of the National "\n'
        '               "Environment Protection Measures (Implementation) Act 1998).")\n'
        '    return "s33(3)"  # s13(1): the annual report\n'
    )
    cited = [
        (c.label, c.where)
        for p in python_passages(source)
        for c in extract_citations(p.text, "f.py", p.line)
        if c.is_bill
    ]
    assert sorted(cited) == [
        ("s13(1)", "f.py:8"),
        ("s32(2)(b)", "f.py:6"),
        ("s33(3)", "f.py:8"),
        ("s34(a)", "f.py:4"),
    ]


def test_the_matching_rule_accepts_the_provision_its_section_or_a_subsection_and_nothing_else():
    rows = parse_tables(
        "| Section | Rule | Code | Tests | Notes |\n|---|---|---|---|---|\n"
        "| s33(3) | closing day | `a:b` | `tests/x.py::test_y` | |\n"
        "| s27 | offences | `a:b` | `tests/x.py::test_y` | |\n"
    )
    cited = extract_citations("s33(3) s33 s27(1)(b) s27 s33(2)(d)(ii) s34(a) s3")
    assert [c.label for c in uncovered(cited, rows)] == ["s33(2)(d)(ii)", "s34(a)", "s3"]


def test_table_parser_reads_references_and_the_gap_marks():
    rows = parse_tables(
        "Intro\n\n| Section | Rule | Code | Tests | Notes |\n| --- | --- | --- | --- | --- |\n"
        "| s32(1) | within 30 days | `pkg.mod:func`, `pkg.mod:Cls.attr` | "
        "`tests/a.py::test_b[x-y]`, `tests/a.py::TestC::test_d` | |\n"
        "| s35 | direction | `pkg.mod:direct` | — | **Not yet tested**: later. |\n"
        "| s13(3) | sitting days | — | — | **Not yet built**: later. |\n"
        "| s36(1) | typo | `pkg.mod.func` | `test_e` | |\n"
    )
    assert [(r.key, r.section, r.code, r.tests) for r in rows[:2]] == [
        (
            "s32(1)",
            (32, ("1",)),
            ("pkg.mod:func", "pkg.mod:Cls.attr"),
            ("tests/a.py::test_b[x-y]", "tests/a.py::TestC::test_d"),
        ),
        ("s35", (35, ()), ("pkg.mod:direct",), ()),
    ]
    assert [(r.not_yet_tested, r.not_yet_built) for r in rows[:3]] == [
        (False, False),
        (True, False),
        (False, True),
    ]
    assert rows[3].malformed == ("pkg.mod.func", "test_e")


def test_gaps_list_is_read_from_its_heading_only():
    markdown = (
        "# T\n\n- **s2**: above.\n\n## Not yet built or tested\n\n"
        "- **s35**: tests.\n- **s13(3)**: calendars.\n\n## Next\n- **x**\n"
    )
    assert parse_gaps_list(markdown) == {"s35", "s13(3)"}


def test_reference_checks_fail_for_references_that_do_not_exist():
    assert check_code_reference("greenhouse_office.statute.deadlines:comment_period") is None
    assert check_code_reference("greenhouse_office.statute.parameters:Key.COMMENT_PERIOD_MONTHS") is None
    assert "no attribute" in check_code_reference("greenhouse_office.statute.deadlines:no_such_rule")
    assert "cannot import" in check_code_reference("greenhouse_office.no_such_module:rule")
    this_file = "tests/test_statute_traceability.py"
    assert check_test_reference(f"{this_file}::test_every_code_reference_in_the_table_resolves") is None
    assert "defines no" in check_test_reference(f"{this_file}::test_no_such_test[1]")
    assert "not a test" in check_test_reference(f"{this_file}::check_test_reference")
    assert "no file" in check_test_reference("tests/no_such_file.py::test_x")


# --- The table, against the code --------------------------------------------------------------


def test_every_bill_section_cited_in_code_is_in_the_traceability_table():
    missing = uncovered(code_citations(), bill_rows())
    assert not missing, "Cited in code but on no row of docs/STATUTE.md (add a row):\n" + "\n".join(
        f"  {c.label} at {c.where}: {c.text!r}" for c in missing
    )


def test_the_scan_reads_code_and_templates_and_tells_other_laws_apart():
    """Guards the test above against passing because it found nothing."""
    bill = {(c.label, c.where.rsplit(":", 1)[0]) for c in code_citations() if c.is_bill}
    assert ("s33(3)", "greenhouse_office/statute/deadlines.py") in bill
    assert ("s32(1)", "greenhouse_office/api/views.py") in bill
    assert any(where.startswith("templates/") for _, where in bill)
    other = {c.label for c in code_citations() if c.other_law}
    assert {"s36(2)", "s36(1)", "s4AA", "s2G", "s27"} <= other


def test_every_bare_section_number_cited_in_code_is_a_section_of_the_bill():
    """A citation naming no other law is read as the Bill's, so the Bill must have that section."""
    wrong = [c for c in code_citations() if c.is_bill and c.section[0] not in BILL_SECTIONS]
    assert not wrong, "Not a section of the Bill; name the other law next to it:\n" + "\n".join(
        f"  {c.label} at {c.where}" for c in wrong
    )


def test_every_row_of_the_bill_table_names_one_section_of_the_bill_once():
    rows = bill_rows()
    assert len(rows) >= 30
    bad = [row.key for row in rows if row.section is None or row.section[0] not in BILL_SECTIONS]
    assert not bad, f"A Section cell must be one provision of the Bill, e.g. s33(3): {bad}"
    keys = [row.key for row in rows]
    assert sorted({key for key in keys if keys.count(key) > 1}) == []


def test_every_row_points_at_code_and_tests_unless_marked_not_yet_built_or_tested():
    no_code = [row.key for row in table_rows() if not row.code and not row.not_yet_built]
    no_tests = [
        row.key for row in table_rows() if not row.tests and not (row.not_yet_built or row.not_yet_tested)
    ]
    assert not no_code, f"Rows without code (or mark them {NOT_YET_BUILT}): {no_code}"
    assert not no_tests, f"Rows without tests (or mark them {NOT_YET_TESTED}): {no_tests}"
    malformed = {row.key: row.malformed for row in table_rows() if row.malformed}
    assert not malformed, f"Not a `module:attribute` or `tests/file.py::test_name` reference: {malformed}"


def test_every_code_reference_in_the_table_resolves():
    problems = [p for row in table_rows() for ref in row.code if (p := check_code_reference(ref))]
    assert not problems, "\n".join(problems)


def test_every_test_reference_in_the_table_names_an_existing_test():
    problems = [p for row in table_rows() for ref in row.tests if (p := check_test_reference(ref))]
    assert not problems, "\n".join(problems)


def test_rows_marked_not_yet_built_or_tested_are_exactly_those_listed_as_gaps():
    marked = {row.key for row in table_rows() if row.not_yet_built or row.not_yet_tested}
    listed = parse_gaps_list(statute_md())
    assert marked == listed, (
        f"Marked in a table but not listed under {GAPS_HEADING!r}: {sorted(marked - listed)}; "
        f"listed but not marked: {sorted(listed - marked)}"
    )
