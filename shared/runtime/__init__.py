"""A service process: settings, the ASGI app built from a blueprint, consumers, jobs, health."""
