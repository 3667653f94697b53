"""The shared cache on one machine without Redis: Django's file-based cache, culled now and then.

Django's FileBasedCache lists its whole folder on every ``set`` to decide whether to cull, which costs
milliseconds once it holds a few thousand pages. Here the folder is listed on one ``set`` in CULL_EVERY (at
random, so every process takes its share): the folder may hold a few more entries than MAX_ENTRIES between
culls, and expired entries are still removed when read.
"""

from __future__ import annotations

import random

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 64


class FileCache(FileBasedCache):
    def _cull(self) -> None:
        if random.random() * CULL_EVERY < 1:
            super()._cull()
