"""The HTTP edge every service shares: problems, middleware, request limits, pagination."""
