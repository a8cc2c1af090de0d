"""The roster domain's refusals: an interface-text key and its parameters, turned into service errors."""

from __future__ import annotations


class RosterError(Exception):
    def __init__(self, key: str, **params: object):
        super().__init__(f"{key} {params}" if params else key)
        self.key = key
        self.params = params


class InputRefused(RosterError):
    """A profile or request field that cannot be accepted as written (``params['field']`` names it)."""


class TransitionRefused(RosterError):
    """A move the workflow tables do not allow."""
