"""Write each workflow's state diagram (Mermaid) from its acts, so the docs cannot drift from the code.

    python manage.py workflow_diagram          # (re)write docs/workflow/<name>.md
    python manage.py workflow_diagram --check  # exit 1 if a committed diagram is stale (CI's test)

Every arrow is one source -> target of an act's django-fsm-2 transition, labelled with the act's
label, name, section and who may run it; states are labelled with the state field's choices.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string
from django_fsm import ANY_OTHER_STATE, ANY_STATE, GET_STATE, RETURN_VALUE

# Output name -> the registry of acts it draws. Dotted paths, so greenhouse_office imports no app.
DIAGRAMS = {
    "application": "assessments.acts.APPLICATION_ACTS",
    "industry-greenhouse-plan": "taskforces.acts.PLAN_ACTS",  # Part 7
}
DIRECTORY = Path(settings.BASE_DIR) / "docs" / "workflow"
COMMAND = "python manage.py workflow_diagram"
START = "[*]"
# Mermaid ends an arrow's label at ":", ";" or a newline.
UNSAFE = re.compile(r"[:;\n]+")


def states_of(registry) -> list[tuple[str, str]]:
    """(value, label) of every state, in the order the state field's choices declare them."""
    field = registry.model._meta.get_field(registry.state_field)
    return [(str(value), str(label)) for value, label in field.flatchoices]


def initial_state(registry) -> str:
    return str(registry.model._meta.get_field(registry.state_field).get_default())


def edges(acts, states: list[str]) -> list[tuple[str, str, object]]:
    """(source, target, act) for every transition, in registry order, then state order.

    django-fsm-2 stores one transition per source state; ``*`` means every state, ``+`` every
    state but the target, a target of None leaves the state as it is, and a computed target
    (GET_STATE, RETURN_VALUE) may reach any of its allowed states.
    """
    order = {state: index for index, state in enumerate(states)}

    def position(pair):  # a state missing from the choices goes last, by name
        return tuple((order.get(state, len(order)), state) for state in pair)

    found = []
    for act in acts:
        pairs = set()
        for source, step in act.meta.transitions.items():
            for target in _targets(step.target):
                for origin in _sources(str(source), target, states):
                    pairs.add((origin, origin if target is None else target))
        found += [(source, target, act) for source, target in sorted(pairs, key=position)]
    return found


def _sources(source: str, target: str | None, states: list[str]) -> list[str]:
    if source == ANY_STATE:
        return list(states)
    if source == ANY_OTHER_STATE:
        return [state for state in states if state != target]
    return [source]


def _targets(target) -> list[str | None]:
    """None (the state stays as it is) is resolved per source by the caller."""
    if isinstance(target, GET_STATE | RETURN_VALUE):
        return [str(state) for state in target.allowed_states]
    return [None if target is None else str(target)]


def edge_label(act) -> str:
    label = f"{act.label} ({act.name}, {act.section}) by {act.who}"
    return " ".join(UNSAFE.sub(" ", label).split())


def node(state: str) -> str:
    """A Mermaid state id: word characters only (hyphens and spaces end an id)."""
    return re.sub(r"\W", "_", state)


def mermaid(registry) -> str:
    """The registry's ``stateDiagram-v2``: states, the initial and final states, one arrow per edge."""
    states = states_of(registry)
    values = [value for value, _ in states]
    arrows = edges(registry, values)
    lines = ["stateDiagram-v2"]
    lines += [f'    state "{label.replace(chr(34), chr(39))}" as {node(value)}' for value, label in states]
    lines.append(f"    {START} --> {node(initial_state(registry))}")
    lines += [f"    {node(source)} --> {node(target)}: {edge_label(act)}" for source, target, act in arrows]
    leaving = {source for source, target, _ in arrows if source != target}
    lines += [f"    {node(value)} --> {START}" for value in values if value not in leaving]
    return "\n".join(lines) + "\n"


def document(name: str, registry) -> str:
    """The Markdown file: a heading, where it comes from, and the diagram."""
    model = registry.model
    return (
        f"# The {model._meta.verbose_name}'s states and acts\n"
        "\n"
        f"Generated from `{DIAGRAMS[name]}` and the transitions of `{model.__module__}.{model.__name__}` "
        f"by `{COMMAND}`; do not edit it by hand. Each arrow is one legal act: its label, its name "
        "(as the code and any API name it), its section and who may run it; `[*]` marks the initial "
        "state and the final ones.\n"
        "\n"
        f"```mermaid\n{mermaid(registry)}```\n"
    )


def path_of(name: str) -> Path:
    return DIRECTORY / f"{name}.md"


def _shown(path: Path) -> str:
    """The path as a reader of the repository knows it."""
    return str(path.relative_to(settings.BASE_DIR)) if path.is_relative_to(settings.BASE_DIR) else str(path)


class Command(BaseCommand):
    help = "Write docs/workflow/<name>.md, each workflow's Mermaid state diagram, from its registry of acts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; exit 1 if a committed diagram is stale."
        )

    def handle(self, *args, check: bool, **options):
        stale = []
        for name, dotted in DIAGRAMS.items():
            path, text = path_of(name), document(name, import_string(dotted))
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                self.stdout.write(f"{_shown(path)} is current.")
            elif check:
                stale.append(_shown(path))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                self.stdout.write(f"Wrote {_shown(path)}.")
        if stale:
            raise CommandError(f"Stale workflow diagram: {', '.join(stale)}. Run `{COMMAND}` and commit it.")
