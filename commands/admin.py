"""Create (or reset) an administrator: ``python -m commands.admin --username chief``.

The password is read from ``PARLEZ_ADMIN_PASSWORD`` when set (for scripts), otherwise asked twice without
echo. It is never printed or logged.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, datetime

from config import settings
from progress.db import Database
from progress.migrate import upgrade_database
from services.accounts import create_admin
from services.errors import ServiceError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m commands.admin", description=__doc__.splitlines()[0])
    parser.add_argument("--username", required=True)
    parser.add_argument("--name", default="", help="display name (defaults to the username)")
    args = parser.parse_args(argv)

    password = os.environ.get("PARLEZ_ADMIN_PASSWORD")
    if not password:
        password = getpass.getpass("Password for the administrator: ")
        if getpass.getpass("Again: ") != password:
            print("The two passwords differ; nothing was changed.", file=sys.stderr)
            return 1

    url = settings().database_url
    upgrade_database(url)
    db = Database(url)
    try:
        with db.transaction() as session:
            admin = create_admin(session, args.username, args.name, password, datetime.now(UTC))
    except ServiceError as error:
        from i18n import t

        print(f"Refused: {t(error.key, 'en', **error.params)}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"Administrator ready: {admin.username}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
