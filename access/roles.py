"""The roles a Parlez account can have, and the groups of roles that screens and services name."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEARNER = "learner"
    INSTRUCTOR = "instructor"
    ADMIN = "admin"


LEARNING: tuple[Role, ...] = (Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN)
TEACHING: tuple[Role, ...] = (Role.INSTRUCTOR, Role.ADMIN)
