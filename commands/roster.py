"""Roster chores for a daily job: ``python -m commands.roster remind`` asks every listed expert whose
profile confirmation falls due within two weeks (or is overdue) to confirm it, in the app and by e-mail
when ``PARLEZ_SMTP_URL`` is set."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from config import settings
from progress.db import Database
from progress.migrate import upgrade_database
from services import notifications, roster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m commands.roster", description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=["remind"])
    parser.parse_args(argv)
    url = settings().database_url
    upgrade_database(url)
    db = Database(url)
    try:
        now = datetime.now(UTC)
        with db.transaction() as session:
            asked = roster.remind_unconfirmed(session, now)
        mailed = notifications.deliver_pending(db, now)
    finally:
        db.dispose()
    print(f"experts asked to confirm: {asked}; e-mails sent: {mailed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
