"""The ground floor: settings, errors, security helpers and logging. Imports nothing of ours."""
