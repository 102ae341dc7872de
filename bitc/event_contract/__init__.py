"""The public event contract, generated from the typed catalogue in ``contracts/``.

``python -m bitc.event_contract generate`` writes docs/asyncapi.yaml, docs/schemas/*.json and
the generated part of docs/events.md; ``check`` fails when any of them differs from the code or
when a published schema changed in a way subscribers cannot absorb (docs/events.md,
"Versioning").
"""
