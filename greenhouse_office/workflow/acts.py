"""Each legal act declared once.

On the model, each transition's ``custom`` metadata says what the act is::

    @transition(..., permission=guards.is_office_staff,
                custom={"section": "s33", "label": "Publish for public comment",
                        "summary": "Office staff publish the GIA and evaluation with notices"})

``permission`` is a ``Permission``: the predicate *and* the words for who may. One ``Act`` entry in
the app's registry binds the transition to its service, its API payload serializer and its form.
Every list of acts (the API's URLs and schema, admin's buttons, the names in the schema) is
derived from the registry, so adding an act touches the model, its service and its form only.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Permission:
    """Who may run a transition: ``who`` in words ("Office staff"), ``test(record, user) -> bool``.

    ``office`` marks the Office's own acts, which its admin console offers as buttons.
    """

    who: str
    test: Callable[[object, object], bool]
    office: bool = False

    def __call__(self, record, user) -> bool:
        return self.test(record, user)


def permission(who: str, *, office: bool = False):
    """Decorator: ``@permission("the proponent")`` over ``def is_the_proponent(record, user)``."""

    def decorate(test) -> Permission:
        return Permission(who, test, office)

    return decorate


def fsm_meta(model, name: str):
    """django-fsm-2's description of transition ``name`` on ``model`` (None if there is none)."""
    return getattr(getattr(model, name, None), "_django_fsm", None)


def transition_names(model) -> tuple[str, ...]:
    """The model's transitions, in the order they are defined on the class."""
    return tuple(
        name for name, value in vars(model).items() if getattr(value, "_django_fsm", None) is not None
    )


@dataclass(frozen=True)
class Act:
    """One legal act: transition ``name`` of ``model``, run by ``service``.

    ``service(<model name or keyword>=record, actor=..., at=..., **payload)`` (e.g. ``application=``) is
    called by every surface (through ``run``); ``payload`` is the API's serializer class;
    ``form`` the page and admin form class, or None where no page offers the act yet.
    """

    model: type
    name: str
    service: Callable
    payload: type | None = None
    form: type | None = None
    keyword: str = ""  # the service's argument for the record (default: the model's name)

    @property
    def meta(self):
        return fsm_meta(self.model, self.name)

    @property
    def custom(self) -> dict:
        # Every source state of one act shares its metadata; the first transition carries it.
        return next(iter(self.meta.transitions.values())).custom

    @property
    def section(self) -> str:
        return self.custom["section"]

    @property
    def label(self) -> str:
        return self.custom["label"]

    @property
    def summary(self) -> str:
        return f"{self.section}: {self.custom['summary']}"

    @property
    def who(self) -> str:
        return next(iter(self.meta.transitions.values())).permission.who

    @property
    def is_office_act(self) -> bool:
        """An act of the Office (its staff, the Director), offered in the admin console."""
        return next(iter(self.meta.transitions.values())).permission.office

    def run(self, record, actor, **payload):
        return self.service(**{self.keyword or self.model._meta.model_name: record}, actor=actor, **payload)


@dataclass(frozen=True)
class Unmet:
    """A condition of an act not met today: the guard's words, and the day time alone meets it."""

    refusal: str
    possible_from: date | None = None


class Registry:
    """The acts of one model, in the order they are declared (the order of the workflow)."""

    def __init__(self, model, *, keyword: str = ""):
        """``keyword``: the services' argument naming the record (``plan=``), if not the model's name."""
        self.model = model
        self.keyword = keyword
        self._acts: dict[str, Act] = {}

    def add(self, name: str, service: Callable, *, payload=None, form=None) -> Act:
        if fsm_meta(self.model, name) is None:
            raise LookupError(f"{self.model.__name__} has no transition {name!r}.")
        if name in self._acts:
            raise LookupError(f"Act {name!r} is declared twice.")
        act = Act(self.model, name, service, payload, form, self.keyword)
        for step in act.meta.transitions.values():
            missing = {"section", "label", "summary"} - set(step.custom)
            if missing or not isinstance(step.permission, Permission):
                raise LookupError(f"{name}: declare {sorted(missing) or 'a Permission'} on the transition.")
        self._acts[name] = act
        return act

    def __getitem__(self, name: str) -> Act:
        return self._acts[name]

    def get(self, name: str) -> Act | None:
        return self._acts.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._acts

    def __iter__(self) -> Iterator[Act]:
        return iter(self._acts.values())

    def names(self) -> tuple[str, ...]:
        return tuple(self._acts)

    def check_complete(self) -> None:
        """Every transition of the model is a declared act (a missing one would have no surface)."""
        missing = [name for name in transition_names(self.model) if name not in self._acts]
        if missing:
            raise LookupError(f"{self.model.__name__}: transitions not declared as acts: {missing}.")

    def available(self, record, user) -> list[Act]:
        """Acts from the record's current state that this user may run.

        Guards are left out on purpose: an unmet guard is shown as a refusal that says what is
        missing, rather than hiding the step (e.g. "lodge" before the GIA is uploaded).
        """
        state = getattr(record, self.state_field)
        available = []
        for act in self:
            step = act.meta.get_transition(state)
            if step is not None and step.has_perm(record, user):
                available.append(act)
        return available

    def unmet(self, record, act: Act, *, on: date) -> list[Unmet]:
        """The conditions of ``act`` from the record's state not met on day ``on``, each in its guard's
        words, leaving out those the act's own input can meet (``met_by_the_act``).

        For showing an act as not yet possible; the executor still decides when it is run.
        """
        step = act.meta.get_transition(getattr(record, self.state_field))
        found = []
        for condition in step.conditions if step is not None else ():
            refusal = getattr(condition, "refusal", None)
            if refusal is None or getattr(condition, "met_by_the_act", False):
                continue  # a bare predicate has no words to show; the executor gives its own
            if words := refusal(record, on=on):
                first_day = getattr(condition, "first_day", None)
                found.append(Unmet(words, first_day(record) if first_day else None))
        return found

    @property
    def state_field(self) -> str:
        first = next(iter(self._acts.values()))
        return first.meta.field if isinstance(first.meta.field, str) else first.meta.field.name
