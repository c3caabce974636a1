"""MAICE: settings, logging, security helpers, CLI and embedded dev services."""
