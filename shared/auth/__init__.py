"""Who calls and what they may do: bearer tokens verified against the SSO, roles, tenants."""
