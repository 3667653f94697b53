"""The signer's link: `<signature id>-<HMAC of id and a per-signature nonce under SECRET_KEY>`. Nothing in the
database alone makes a valid link; a new nonce voids the old links. A forged or altered link matches nothing."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from adalet.campaigns.models import Signature


def new_nonce() -> str:
    return secrets.token_hex(16)


def _mac(signature_id: int, nonce: str) -> str:
    key = f"adalet.campaigns.link:{settings.SECRET_KEY}".encode()
    return hmac.new(key, f"{signature_id}:{nonce}".encode(), hashlib.sha256).hexdigest()[:40]


def token_for(signature: Signature) -> str:
    return f"{signature.pk}-{_mac(signature.pk, signature.nonce)}"


def signature_for(token: str) -> Signature | None:
    ident, _, mac = token.partition("-")
    if not ident.isdigit() or len(ident) > 18 or len(mac) != 40:
        return None
    signature = Signature.objects.select_related("letter").filter(pk=int(ident)).first()
    if signature is None or not signature.nonce or not hmac.compare_digest(_mac(signature.pk, signature.nonce), mac):
        return None
    return signature
