"""The offline ``tutor`` provider: rules, a glossary and SymPy, no network."""

from .provider import TutorProvider

__all__ = ["TutorProvider"]
