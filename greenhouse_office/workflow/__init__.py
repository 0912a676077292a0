"""The workflow core every state machine of the Office shares (assessments now, Part 7 plans next).

- ``errors``: the one refusal a legal act raises, carrying its HTTP status.
- ``acts``: each act declared once (transition metadata on the model, one registry entry binding it
  to its service, payload serializer and form); every list of acts is derived from the registry.
- ``executor``: lock, check role, then state, then the guards, run the transition, log, notify.
- ``events``: the keyed (HMAC) hash-chained event base and its verification.
"""
