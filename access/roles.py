"""The roles a Parlez account can have, the grants an admin adds beside them, and the groups of roles that
screens and services name.

An account has exactly one :class:`Role` (what it does in the course: learn, teach, administer) and any
number of :class:`Grant` s (what it may do in the REFFOP areas: manage a training centre's sessions, keep an
expert profile, request experts for a partner institution, run the roster). A learner can be an expert;
an instructor can manage a centre. Admins pass every grant check."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEARNER = "learner"
    INSTRUCTOR = "instructor"
    ADMIN = "admin"


LEARNING: tuple[Role, ...] = (Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN)
TEACHING: tuple[Role, ...] = (Role.INSTRUCTOR, Role.ADMIN)


class Grant(StrEnum):
    CENTRE_MANAGER = "centre_manager"
    EXPERT = "expert"
    PARTNER = "partner"
    ROSTER_MANAGER = "roster_manager"
