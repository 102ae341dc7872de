"""Logs, metrics and correlation ids, the same in every service."""
