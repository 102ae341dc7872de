"""The services' common library, one package per concern (docs/architecture.md, "shared/")."""
