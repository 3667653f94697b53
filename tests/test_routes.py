"""routes.path_with joins what reverse() gives, for the routes it serves, under any script prefix."""

from __future__ import annotations

import pytest
from django.urls import reverse, set_script_prefix

from adalet.routes import path_with

CASES = [("item", 42), ("item", 7), ("campaigns:confirm", "12-9f3a0c"), ("campaigns:withdraw", "5-ab"),
         ("campaigns:letter", "letter-2022"), ("official", 3)]


@pytest.mark.parametrize("prefix", ["/", "/adalet/"])
def test_the_same_path_as_reverse(prefix: str) -> None:
    set_script_prefix(prefix)
    try:
        for name, argument in CASES:
            assert path_with(name, argument) == reverse(name, args=[argument]), (name, argument)
        assert path_with("item", 42).startswith(prefix)
    finally:
        set_script_prefix("/")
