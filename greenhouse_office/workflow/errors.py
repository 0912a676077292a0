"""The one error a refused legal act raises. Its kind carries the HTTP status every surface uses."""

from enum import StrEnum


class Refusal(StrEnum):
    """Why an act was refused; ``status`` is the HTTP answer the API gives and pages use."""

    RULE = "rule"  # a rule of the Act refused it
    INVALID = "invalid"  # the input is malformed or incomplete
    FORBIDDEN = "forbidden"  # the actor's role may not do it
    NOT_AVAILABLE = "not_available"  # not possible from the current state
    CONFLICT = "conflict"  # someone else changed the record first
    NOT_FOUND = "not_found"  # not visible to the actor

    @property
    def status(self) -> int:
        return _STATUS[self]


_STATUS = {
    Refusal.RULE: 400,
    Refusal.INVALID: 400,
    Refusal.FORBIDDEN: 403,
    Refusal.NOT_FOUND: 404,
    Refusal.NOT_AVAILABLE: 409,
    Refusal.CONFLICT: 409,
}


class ActRefused(Exception):
    """A legal act was refused. ``messages`` say why in a user's words, citing the section.

    ``field_errors`` name the fields to correct (``{field: [message, ...]}``); ``status`` is the HTTP
    status for every surface (the API's body, a page's response code).
    """

    def __init__(self, kind: Refusal, *messages: str, code: str = "", field_errors: dict | None = None):
        self.kind = kind
        self.messages = list(messages)
        self.code = code or kind.value
        self.field_errors = field_errors or {}
        super().__init__(" ".join(self.messages) or self.code)

    @property
    def status(self) -> int:
        return self.kind.status

    @property
    def detail(self) -> str:
        return str(self)
