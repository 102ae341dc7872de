"""Events between services: the envelope, the outbox relay, the inbox consumer, dead letters."""
