"""Importers: one module per list format (:mod:`.ofac`, :mod:`.ftm`) parsing files into
:class:`~.records.Record` objects, and :mod:`.apply`, which brings them into the database and records the changes."""
