"""adalet token create USERNAME [--name LABEL] | list [USERNAME] [--json] | revoke ID|PREFIX: personal API tokens."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from adalet.api import tokens
from adalet.api.models import ApiToken
from adalet.archive.ingest import default_actor


class Command(BaseCommand):
    help = "API tokens: a token acts as its user (`Authorization: Bearer …`); it is shown once, only its hash is kept."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a token for a user and print it (once).")
        create.add_argument("username")
        create.add_argument("--name", default="", help="What the token is for.")
        listing = sub.add_parser("list", help="Tokens (never the tokens themselves: their prefixes).")
        listing.add_argument("username", nargs="?")
        listing.add_argument("--json", action="store_true")
        revoke = sub.add_parser("revoke", help="Revoke a token, by id or by the prefix `list` shows.")
        revoke.add_argument("token")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"do_{options['action']}")(options)
        except tokens.TokenError as error:
            raise CommandError(str(error)) from None

    def do_create(self, options: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        token, raw = tokens.create(user, options["name"], actor=default_actor())
        self.stderr.write(f"token {token.pk} for {user.get_username()}; shown once, keep it now:")
        self.stdout.write(raw)

    def do_list(self, options: dict[str, Any]) -> None:
        found = ApiToken.objects.select_related("user").order_by("pk")
        if options["username"]:
            found = found.filter(user__username=options["username"])
        rows = [{"id": t.pk, "user": t.user.get_username(), "name": t.name, "prefix": t.prefix,
                 "created": t.created_at.isoformat(), "last_used": t.last_used_at.isoformat() if t.last_used_at else None,
                 "revoked": t.revoked_at.isoformat() if t.revoked_at else None} for t in found]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for r in rows:
            state = f"revoked {r['revoked'][:10]}" if r["revoked"] else "active"
            self.stdout.write(f"{r['id']:5}  {r['prefix']}…  {r['user']}  {r['name']}  {state}")

    def do_revoke(self, options: dict[str, Any]) -> None:
        wanted = options["token"].rstrip("…. ")
        found = ApiToken.objects.filter(pk=int(wanted)) if wanted.isdigit() else ApiToken.objects.filter(prefix=wanted)
        if found.count() != 1:
            raise CommandError(f"no single token {wanted!r} (see `adalet token list`)")
        token = tokens.revoke(found.get(), actor=default_actor())
        self.stdout.write(f"revoked token {token.pk} ({token.prefix}…) of {token.user.get_username()}")
