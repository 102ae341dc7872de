"""The database: engines, the unit of work, and migrations run the same way for every service."""
