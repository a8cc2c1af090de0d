"""Command-line entry points (``python -m commands.admin``, ``python -m commands.seed``): like the pages,
they sit on top of the services."""
