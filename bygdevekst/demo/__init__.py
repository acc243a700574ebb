"""The round-2 demo: real organisations and dates from the letter, invented people named by role.

`manage.py load_demo` runs the steps here, then each domain app's own `demo.load(ctx)` in
INSTALLED_APPS order, so an app adds its demo content without touching this package.
"""
