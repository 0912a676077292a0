"""Open data: the registers as CSV and JSON with one column dictionary, safe against formula injection,
streamed in a fixed number of queries; and the Atom feed of notices and decisions."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import State
from assessments.open_data import FORMULA_TRIGGERS, REGISTERS, dictionary_markdown, safe_cell

from .decision_support import REASONS, copies, decided_with_comments

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"


def download(register, extension) -> tuple[object, str]:
    url = reverse("register:open-data-download", kwargs={"register": register, "extension": extension})
    response = Client().get(url)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content).decode()


def rows_of_csv(register) -> list[dict]:
    response, body = download(register, "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="greenhouse-office-{register}.csv"' in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(body)))


def json_of(register) -> dict:
    response, body = download(register, "json")
    assert response["Content-Type"] == "application/json"
    return json.loads(body)


@pytest.fixture
def decided(make_application, people):
    return decided_with_comments(make_application, people, title='=HYPERLINK("http://evil.example","x")')


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_a_csv_cell_starting_with_a_formula_character_starts_with_a_quote(trigger):
    assert safe_cell(f"{trigger}SUM(A1:A2)") == f"'{trigger}SUM(A1:A2)"
    assert safe_cell(f"A{trigger}1") == f"A{trigger}1"
    assert safe_cell(None) == "" and safe_cell(True) == "true"


def test_csv_downloads_neutralise_formula_injection_and_json_keeps_the_text(decided):
    application, _ = decided
    for register in ("assessments", "decisions"):
        (row,) = rows_of_csv(register)
        assert row["title"] == "'" + application.title
        (item,) = json_of(register)["rows"]
        assert item["title"] == application.title  # JSON is data, not a spreadsheet


def test_the_column_dictionary_is_the_files_columns_and_the_page_and_docs_show_it(decided):
    page = unescape(Client().get(reverse("register:open-data")).content.decode())
    for slug, register in REGISTERS.items():
        names = [column.name for column in register.columns]
        response, body = download(slug, "csv")
        assert next(csv.reader(io.StringIO(body))) == names
        data = json_of(slug)
        assert [c["name"] for c in data["columns"]] == names
        assert all(list(row) == names for row in data["rows"])
        for column in register.columns:
            assert f"<code>{column.name}</code>" in page and column.description in page
        csv_url = reverse("register:open-data-download", kwargs={"register": slug, "extension": "csv"})
        assert csv_url in page
    assert (ROOT / "docs" / "open-data.md").read_text() == dictionary_markdown(), (
        "docs/open-data.md is stale: regenerate it from assessments.open_data.dictionary_markdown()"
    )


def test_json_shape_of_the_decisions_register(decided, people):
    application, _ = decided
    data = json_of("decisions")
    assert set(data) == {"register", "title", "columns", "rows"}
    assert data["register"] == "decisions"
    assert all(set(c) == {"name", "type", "description"} for c in data["columns"])
    (row,) = data["rows"]
    assert row["reference"] == application.reference and row["outcome"] == "Approved"
    assert row["reasons"] == REASONS and row["no_prudent_or_feasible_alternative"] == "Satisfied"
    assert row["decided_on"].count("-") == 2  # YYYY-MM-DD
    assert row["withheld"] is None
    assert row["decision_pdf"].startswith("http://testserver/decisions/")
    assert "Quinn Private" not in json.dumps(data)  # the report shows only published comments


def test_withheld_information_in_a_file_is_its_notice(decided, people):
    application, _ = decided
    services.determine_withheld(
        application=application,
        item="reasons",
        ground="public_interest",
        reasons="Publishing it now would not serve the public interest.",
        actor=people.minister,
    )
    (row,) = rows_of_csv("decisions")
    notice = "Withheld under s42(2): the Minister believes it is not in the public interest to make it public"
    assert row["reasons"] == notice and row["targets_not_prevented"] == notice
    assert REASONS not in json.dumps(json_of("decisions"))
    assert "The Minister's findings and reasons (s30): " + notice in row["withheld"]


def test_the_comments_register_holds_only_published_comments_as_moderated(decided):
    application, comments = decided
    rows = rows_of_csv("comments")
    assert {row["reference"] for row in rows} == {
        comments["published"].reference,
        comments["redacted"].reference,
    }
    by_reference = {row["reference"]: row for row in rows}
    assert by_reference[comments["redacted"].reference]["text"] == (
        "Call me on [removed: personal information] about the kiln."
    )
    assert all(row["application_reference"] == application.reference for row in rows)
    assert "@example.com" not in json.dumps(json_of("comments"))


def test_unknown_registers_and_formats_are_not_found():
    client = Client()
    for register, extension in (("people", "csv"), ("decisions", "xlsx")):
        url = reverse("register:open-data-download", kwargs={"register": register, "extension": extension})
        assert client.get(url).status_code == 404


def test_downloads_and_feed_take_the_same_queries_with_5_and_50_rows(make_application, people):
    approved, _ = decided_with_comments(make_application, people)
    copies(approved, 4)
    urls = [
        *(
            reverse("register:open-data-download", kwargs={"register": slug, "extension": extension})
            for slug in REGISTERS
            for extension in ("csv", "json")
        ),
        reverse("register:feed"),
        reverse("register:open-data"),
    ]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                response = Client().get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
            assert response.status_code == 200
            found.append(len(captured))
        return found

    small = counts()
    copies(approved, 45)
    assert counts() == small


def test_the_atom_feed_has_an_entry_per_notice_and_decision(make_application, people):
    decided, _ = decided_with_comments(make_application, people, title="Decided kiln")
    make_application(State.OPEN_FOR_COMMENT, title="Open kiln")
    response = Client().get(reverse("register:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed) well-formed XML, or this raises
    assert feed.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert f"Approved: {decided.reference} Decided kiln" in titles
    assert f"Open for comment: {decided.reference} Decided kiln" in titles
    assert any(title.startswith("Open for comment: ") and title.endswith("Open kiln") for title in titles)
    for entry in feed.iter(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id").startswith(("http://", "https://"))  # an absolute IRI
        assert entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/assessments/GHO-")


def test_the_assessments_register_names_its_source_categories_as_the_filter_does(make_application, client):
    named = make_application(State.OPEN_FOR_COMMENT, source_categories=["2.A", "1.A.2"])
    unnamed = make_application(State.OPEN_FOR_COMMENT, title="Wodonga depot", source_categories=[])
    rows = {row["reference"]: row for row in rows_of_csv("assessments")}
    assert rows[named.reference]["source_categories"] == "1.A.2; 2.A"  # Annex A's order
    assert rows[unnamed.reference]["source_categories"] == ""
    items = {item["reference"]: item for item in json_of("assessments")["rows"]}
    assert items[named.reference]["source_categories"] == "1.A.2; 2.A"
    assert items[unnamed.reference]["source_categories"] is None
    # Each code is one the register's page filters by.
    for code in rows[named.reference]["source_categories"].split("; "):
        page = client.get(reverse("register:assessments"), {"source_category": code})
        assert named.reference in page.content.decode()
