"""Which system checks the `adalet` command runs: every one for `check` and the servers, all but the site's own code
(admin, templates, URLs) for the other commands, so each starts 0.8 s sooner while the security checks still stop it."""

from __future__ import annotations

from django.core import checks
from django.core.management.base import BaseCommand

from adalet import cli
from tests.conftest import Adalet


def test_the_site_code_checks_pass_when_check_runs_them_all(adalet: Adalet) -> None:
    result = adalet.run("check")
    assert "no issues" in result.stdout
    # In-process too, with every tag: a template or URL mistake is found by `adalet check` (and `adalet serve`).
    assert [m for m in checks.run_checks() if m.is_serious()] == []


def test_other_commands_keep_every_tag_but_the_site_code_ones(monkeypatch) -> None:
    monkeypatch.setattr(BaseCommand, "requires_system_checks", BaseCommand.requires_system_checks)
    cli.skip_site_code_checks()
    kept = set(BaseCommand.requires_system_checks)
    assert {"security", "models", "database", "caches", "compatibility"} <= kept
    assert kept.isdisjoint({"admin", "templates", "urls"})
    # The checks adalet registers itself (a weak or published secret) carry a tag that is kept.
    ours = [c for c in checks.registry.registry.get_checks(include_deployment_checks=False) if "adalet" in c.__module__]
    assert ours and all(set(c.tags) & kept for c in ours)
