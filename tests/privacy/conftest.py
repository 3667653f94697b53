"""Fixtures of the adversarial suite: the planted corpus, published; the attacker's detector; a role-less account."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.privacy.corpus import Corpus, build_corpus
from tests.privacy.leaks import Detector


@pytest.fixture
def corpus(tmp_path: Path, db: None) -> Corpus:
    """The planted leak, ingested, mapped, linked, verified and published with its photos."""
    return build_corpus(tmp_path / "corpus")


@pytest.fixture
def detector(corpus: Corpus) -> Detector:
    return Detector(corpus.plants, [p.house for p in corpus.people])


@pytest.fixture
def roleless_client(db: None) -> Client:
    """Signed in as an account with no group and no collection access: it must see what a visitor sees."""
    user = User.objects.create_user("nobody", "nobody@example.org", "a long enough password 14")
    client = Client()
    client.force_login(user)
    return client
