"""Helpers that several apps share, below every app: nothing here imports an app (``adalet.<app>``).

``clientip`` (the client's address behind trusted proxies), ``pagecache`` (anonymous pages kept in the shared cache
until a write), ``privacy`` (masking personal data for viewers who may not see it) and ``roles`` (the role ladder
held as Django groups). Plain Python modules, not a Django app: no models. The older helpers at the package's top
level (``adalet.home``, ``changes``, ``cellrefs``, ``routes``, ``console``, ``filecache``, ``bulkinsert``) obey the
same rule; tests/test_layering.py holds both to it.
"""
