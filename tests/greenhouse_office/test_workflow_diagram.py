"""The committed workflow diagram is the one the code generates (workflow_diagram command)."""

from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django_fsm import ANY_OTHER_STATE, ANY_STATE, RETURN_VALUE, Transition

from assessments.acts import APPLICATION_ACTS
from assessments.models import State
from greenhouse_office.management.commands import workflow_diagram

STALE = "docs/workflow/application.md is stale: run `python manage.py workflow_diagram` and commit it."


COMMITTED = workflow_diagram.path_of("application")  # before any test moves DIRECTORY


def committed() -> str:
    return COMMITTED.read_text(encoding="utf-8")


def test_the_committed_application_diagram_is_what_the_code_generates():
    assert committed() == workflow_diagram.document("application", APPLICATION_ACTS), STALE


def test_check_passes_on_the_committed_diagram():
    call_command("workflow_diagram", "--check")


def test_check_fails_on_a_stale_diagram_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(workflow_diagram, "DIRECTORY", tmp_path)
    stale = tmp_path / "application.md"
    stale.write_text(committed().replace("withdraw", "abandon"), encoding="utf-8")
    with pytest.raises(CommandError, match="Run `python manage.py workflow_diagram`"):
        call_command("workflow_diagram", "--check")
    assert "abandon" in stale.read_text(encoding="utf-8")


def test_without_check_it_writes_the_diagram(tmp_path, monkeypatch):
    monkeypatch.setattr(workflow_diagram, "DIRECTORY", tmp_path)
    call_command("workflow_diagram")
    assert (tmp_path / "application.md").read_text(encoding="utf-8") == committed()
    call_command("workflow_diagram", "--check")


def test_every_act_and_state_is_in_the_diagram():
    text = committed()
    for act in APPLICATION_ACTS:
        assert f"({act.name}, {act.section}) by {act.who}" in text, act.name
    for state in State:
        assert f'state "{state.label}" as {state.value}' in text, state
    assert "    [*] --> draft\n" in text
    for final in (State.APPROVED, State.REFUSED, State.WITHDRAWN):
        assert f"    {final.value} --> [*]\n" in text


def test_withdraw_has_an_arrow_from_every_state_before_the_decision():
    arrows = [line for line in committed().splitlines() if "(withdraw, s31)" in line]
    sources = [line.split(" --> ")[0].strip() for line in arrows]
    assert sources == [s.value for s in State if s not in (State.APPROVED, State.REFUSED, State.WITHDRAWN)]


def test_the_diagram_has_one_arrow_per_source_of_every_transition():
    arrows = [line for line in committed().splitlines() if " --> " in line and "[*]" not in line]
    assert len(arrows) == sum(len(act.meta.transitions) for act in APPLICATION_ACTS)


def _act(name, *steps):
    transitions = {
        source: Transition(lambda: None, source, target, None, [], None, {}) for source, target in steps
    }
    return SimpleNamespace(name=name, meta=SimpleNamespace(transitions=transitions))


def test_wildcard_sources_and_computed_targets_expand_in_state_order():
    states = ["a", "b", "c"]
    acts = [
        _act("reset", (ANY_STATE, "a")),
        _act("move", (ANY_OTHER_STATE, "b")),
        _act("touch", ("c", None)),
        _act("note", (ANY_STATE, None)),
        _act("split", ("a", RETURN_VALUE("c", "b"))),
    ]
    found = [(source, target, act.name) for source, target, act in workflow_diagram.edges(acts, states)]
    assert found == [
        ("a", "a", "reset"),
        ("b", "a", "reset"),
        ("c", "a", "reset"),
        ("a", "b", "move"),
        ("c", "b", "move"),
        ("c", "c", "touch"),
        ("a", "a", "note"),
        ("b", "b", "note"),
        ("c", "c", "note"),
        ("a", "b", "split"),
        ("a", "c", "split"),
    ]


def test_labels_lose_the_characters_that_end_a_mermaid_label():
    act = SimpleNamespace(label="Decide: approve; or not", name="decide", section="s30", who="the Minister")
    assert workflow_diagram.edge_label(act) == "Decide approve or not (decide, s30) by the Minister"
