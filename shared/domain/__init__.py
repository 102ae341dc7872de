"""What every domain model shares: aggregates that record events, and the error vocabulary."""
