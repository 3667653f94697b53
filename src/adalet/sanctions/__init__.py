"""Sanctions lists: who is designated, by which authority, under which program, since when.

Importers (``importers/``) read an authority's published list (OFAC's SDN CSV set, FtM JSON-lines
exports) into :class:`~adalet.sanctions.models.SanctionedEntity` and
:class:`~adalet.sanctions.models.Designation` rows; every import is an
:class:`~adalet.sanctions.models.ImportRun` that records what it added, removed and amended.
:mod:`adalet.sanctions.screening` screens names against everything imported, across scripts.
"""
