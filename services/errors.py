"""Errors raised by the services. Each carries an i18n key so a page can say it in the user's language."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused action, explained: ``key`` is an interface-text key, ``params`` its placeholders."""

    def __init__(self, key: str, **params: object):
        super().__init__(f"{key} {params}" if params else key)
        self.key = key
        self.params = params


class InvalidInput(ServiceError):
    """The user's input cannot be accepted as it is (too long, empty, control characters…)."""


class PermissionDenied(ServiceError):
    """The acting user's role does not allow this action, or the data is not theirs."""


class NotFound(ServiceError):
    """The thing asked for does not exist (or is not visible to the acting user)."""


class LoginRefused(ServiceError):
    """Wrong credentials, an inactive account, or too many recent failures."""


class Conflict(ServiceError):
    """Someone else changed the thing first (a request moved meanwhile): nothing was written; reload."""
