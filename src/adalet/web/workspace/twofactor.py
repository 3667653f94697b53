"""The second factor (TOTP, django-otp): sign-in in two steps for users with a confirmed device, and the page where a
user enrols a device (a QR code of the otpauth:// address, drawn here as inline SVG by segno, with the address and
its secret as text for any authenticator app), confirms it with a code, verifies a session or removes the device.
The page is never cached and the address is never logged: it holds the secret.

Step one is Django's password form (so django-axes still counts failures and locks). A user with a confirmed device
is not signed in by it: the user is remembered in the session for five minutes and the code page signs them in
once a current code checks out (django-otp throttles wrong codes; five wrong codes end the attempt).
Enrolment and removal go on the custody log.
"""

from __future__ import annotations

import base64
import time
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.views import LoginView, redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalet.archive import custody
from adalet.web import secondfactor
from adalet.web.secondfactor import awaiting_second_factor

PENDING = "adalet_2fa_pending"
PENDING_SECONDS = 300
MAX_WRONG_CODES = 5


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _check(device: TOTPDevice, code: str) -> str:
    """'' when the code is right, else why not."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes: wait a minute and try again.")
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == device.digits) or not device.verify_token(code):
        return _("That code is not right, or has been used already.")
    return ""


class SignInView(LoginView):
    """Password first; users with a confirmed TOTP device go on to the code page before they are signed in."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "GET" and awaiting_second_factor(request):
            return redirect("workspace:security")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if confirmed_device(user) is None:
            response = super().form_valid(form)
            # Signed in, but a visitor until a device is enrolled and a code given: straight to that page.
            return redirect("workspace:security") if secondfactor.password_only(user) else response
        self.request.session[PENDING] = {
            "user": user.pk, "backend": user.backend, "next": self.get_success_url(), "at": time.time(), "wrong": 0,
        }
        return redirect("login-code")


@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return redirect("login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    device = confirmed_device(user) if user else None
    if device is None:
        request.session.pop(PENDING, None)
        return redirect("login")
    error = ""
    if request.method == "POST":
        error = _check(device, request.POST.get("code", ""))
        if not error:
            request.session.pop(PENDING, None)
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            wanted = pending.get("next") or "/"
            safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
            return redirect(wanted if safe else "/")
        pending["wrong"] += 1
        if pending["wrong"] >= MAX_WRONG_CODES:
            request.session.pop(PENDING, None)
            context = {"error": _("Too many wrong codes: sign in again."), "ended": True}
            return render(request, "web/workspace/login_code.html", context, status=400)
        request.session[PENDING] = pending
    return render(request, "web/workspace/login_code.html", {"error": error}, status=400 if error else 200)


def verify_session(request: HttpRequest, user: Any, device: TOTPDevice) -> None:
    """Mark this session verified by ``device`` (django-otp checks the device is the request user's: here the
    signed-in account, which ``request.user`` hides while the session is password-only)."""
    request.user = user
    otp_login(request, device)


def secret_of(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(address: str) -> SafeString:
    """The otpauth:// address as a QR code, inline SVG (no request leaves the page for it); its title names what it is,
    never the address, which holds the secret."""
    code = segno.make(address, error="m", micro=False, boost_error=False)  # level M, as tests/web/qr_reader reads
    svg = code.svg_inline(scale=4, border=4, dark="#000", light="#fff", svgclass="otp-qr",
                          title=_("QR code for your authenticator app"))
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # segno escapes the title


@never_cache
def security(request: HttpRequest) -> HttpResponse:
    """Enrol, verify or remove the second factor: the one workspace page open to a session signed in with the
    password alone (adalet.web.secondfactor), which is why it reads the signed-in account, not ``request.user``."""
    user = secondfactor.signed_in_account(request)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    device = confirmed_device(user)
    enrolling = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    error = ""
    if request.method == "POST":
        action, code = request.POST.get("action", ""), request.POST.get("code", "")
        if action == "start" and device is None:
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            TOTPDevice.objects.create(user=user, name="Adalet", confirmed=False)
            return redirect("workspace:security")
        if action == "confirm" and enrolling is not None and device is None:
            error = _check(enrolling, code)
            if not error:
                enrolling.confirmed = True
                enrolling.save(update_fields=["confirmed"])
                verify_session(request, user, enrolling)
                custody.append("2fa-enrol", actor=user.get_username(), subject=user.get_username(),
                               detail={"device": enrolling.persistent_id})
                messages.success(request, _("Second factor on: sign-in will ask for a code from now on."))
                return redirect("workspace:security")
        elif action == "verify" and device is not None:
            error = _check(device, code)
            if not error:
                verify_session(request, user, device)
                messages.success(request, _("This session is verified."))
                return redirect("workspace:dashboard")
        elif action == "remove" and device is not None:
            error = _check(device, code)
            if not error:
                custody.append("2fa-remove", actor=user.get_username(), subject=user.get_username(),
                               detail={"device": device.persistent_id})
                device.delete()
                messages.success(request, _("Second factor removed."))
                return redirect("workspace:security")
        elif not error:
            error = _("Nothing to do: reload the page.")
    context = {
        "device": device,
        "enrolling": enrolling if device is None else None,
        "secret": secret_of(enrolling) if enrolling is not None and device is None else "",
        "qr": qr_svg(enrolling.config_url) if enrolling is not None and device is None else "",
        "verified": user.is_verified(),
        "error": error,
    }
    return render(request, "web/workspace/security.html", context, status=400 if error else 200)
