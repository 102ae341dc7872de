"""Staff actions recorded append-only in each service's schema, and the ``GET /audit`` route."""
