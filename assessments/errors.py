"""The one error a refused legal act raises; the API maps its kind to an HTTP status."""

from enum import StrEnum


class Refusal(StrEnum):
    RULE = "rule"  # a rule of the Act refused it (400)
    INVALID = "invalid"  # the payload is malformed (400)
    FORBIDDEN = "forbidden"  # the actor's role may not do it (403)
    NOT_AVAILABLE = "not_available"  # not possible from the current state (409)
    CONFLICT = "conflict"  # someone else changed the application first (409)
    NOT_FOUND = "not_found"  # not visible to the actor (404)


class AssessmentError(Exception):
    """A legal act was refused. ``messages`` say why in a user's words, citing the section."""

    def __init__(self, kind: Refusal, *messages: str, code: str = "", field_errors: dict | None = None):
        self.kind = kind
        self.messages = list(messages)
        self.code = code or kind.value
        self.field_errors = field_errors or {}
        super().__init__(" ".join(self.messages) or self.code)
