"""django-ninja's templates and static files (the API's documentation pages), installed without importing ninja.

INSTALLED_APPS lists this package, whose only app config (apps.py) points Django at ninja's folder.
"""
