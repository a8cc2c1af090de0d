"""The HTTP routes beside Streamlit's own that set and clear the sign-in cookie (served by server.py).

A page cannot set an HttpOnly cookie, so after a log-in the browser posts the one-time hand-off code it was
given to ``/api/session/cookie``, which answers with the cookie; after a log-out it calls
``/api/session/logout``, which drops it. Both refuse cross-site requests (their Origin must be the app's).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from config import settings
from services import sessions
from services.database import Database, open_database

COOKIE_PATH = "/api/session/cookie"
LOGOUT_PATH = "/api/session/logout"
MAX_BODY = 200


@cache
def _database(url: str) -> Database:
    return open_database(url)


def _same_origin(request: Request) -> bool:
    """A fetch from our own page carries an Origin equal to the address it was served from."""
    origin = request.headers.get("origin")
    host = request.headers.get("host")
    if not origin or not host:
        return False
    return origin.split("://", 1)[-1].rstrip("/") == host


def _https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _redeem(code: str) -> sessions.IssuedCookie | None:
    with _database(settings().database_url).transaction() as session:
        return sessions.redeem_handoff(session, code, datetime.now(UTC))


async def set_session_cookie(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    body = await request.body()
    if len(body) > MAX_BODY:
        return Response(status_code=413)
    issued = await run_in_threadpool(_redeem, body.decode("ascii", "replace").strip())
    if issued is None:
        return Response(status_code=400)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        sessions.SESSION_COOKIE,
        issued.token,
        max_age=issued.max_age_s,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_https(request),
    )
    return response


async def clear_session_cookie(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(
        sessions.SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_https(request)
    )
    return response


ROUTES = [
    Route(COOKIE_PATH, set_session_cookie, methods=["POST"]),
    Route(LOGOUT_PATH, clear_session_cookie, methods=["POST"]),
]
