"""allauth adapter: phone numbers live on User.phone; SMS codes go to the log.

There is no SMS gateway: with ACCOUNT_PHONE_VERIFICATION_ENABLED the codes are
written to the `accounts.sms` logger, which is where a gateway would plug in.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

from .models import User
from .phones import parse_vn_mobile
from .ratelimits import client_address

sms_log = logging.getLogger("accounts.sms")

PHONE_LABEL = _("Số điện thoại di động")


class VietnamPhoneField(forms.CharField):
    """A phone input that takes 0912 345 678 and cleans to +84912345678."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label", PHONE_LABEL)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "inputmode": "tel",
                    "autocomplete": "tel",
                    "placeholder": "0912 345 678",
                }
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return parse_vn_mobile(value)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "phone_taken": _(
            "Số điện thoại này đã được dùng cho một tài khoản khác. "
            "Hãy đăng nhập, hoặc dùng số khác."
        ),
        "email_taken": _(
            "Email này đã được dùng cho một tài khoản khác. "
            "Hãy đăng nhập, hoặc dùng email khác."
        ),
        "phone_password_mismatch": _("Số điện thoại hoặc mật khẩu không đúng."),
        "email_password_mismatch": _("Email hoặc mật khẩu không đúng."),
        "username_password_mismatch": _(
            "Số điện thoại, email hoặc mật khẩu không đúng."
        ),
        "too_many_login_attempts": _(
            "Bạn đã đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút."
        ),
    }

    # --- phone storage (allauth calls these) ---
    def phone_form_field(self, **kwargs: Any) -> forms.Field:
        kwargs.pop("label", None)
        return VietnamPhoneField(**kwargs)

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        user.phone = phone
        user.phone_verified = verified
        if user.pk:
            user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user: User) -> tuple[str, bool] | None:
        if not user.phone:
            return None
        return user.phone.as_e164, user.phone_verified

    def set_phone_verified(self, user: User, phone: str) -> None:
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str) -> User | None:
        try:
            phone = parse_vn_mobile(phone)
        except forms.ValidationError:
            return None
        return User.objects.filter(phone=phone).order_by("pk").first()

    def send_verification_code_sms(
        self, user: User, phone: str, code: str, **kwargs: Any
    ) -> None:
        # Development stand-in for an SMS gateway: the code goes to the log.
        sms_log.warning("SMS to %s: verification code %s", phone, code)

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        sms_log.warning("SMS to %s: no account uses this number", phone)

    def send_account_already_exists_sms(self, phone: str) -> None:
        sms_log.warning("SMS to %s: an account already uses this number", phone)

    # --- sign-up ---
    def save_user(self, request, user: User, form, commit: bool = True) -> User:
        """Profile fields go on the user before its first save, so a sign-up is one
        INSERT and the unique phone / CCCD / email constraints guard it."""
        data = form.cleaned_data
        for name in ("full_name", "birth_date", "gender", "group", "unit"):
            if name in data:
                setattr(user, name, data[name])
        # Empty CCCDs are NULL: the unique constraint must not see two "".
        user.cccd = data.get("cccd") or None
        if data.get("phone"):
            user.phone = data["phone"]
            user.phone_verified = False
        user = super().save_user(request, user, form, commit=commit)
        return user

    def populate_username(self, request, user: User) -> None:
        # Usernames are internal (people log in by phone or email): derive one from
        # the name, never from the phone number, which would leak it.
        if not user.username:
            base = unidecode(user.full_name or "").lower()
            user.username = self.generate_unique_username([base, "thisinh"])

    # --- throttling: the key is the login together with the client IP ---
    def _get_login_attempts_cache_key(self, request, **credentials: Any) -> str:
        login = str(
            credentials.get("email")
            or credentials.get("phone")
            or credentials.get("username")
            or ""
        )
        # One key per account whatever the spelling: 0912 345 678 is +84912345678.
        try:
            login = parse_vn_mobile(login)
        except forms.ValidationError:
            login = login.strip().lower()
        return f"{login}|{client_address(request)}"


def user_display(user: User) -> str:
    """How allauth names a person in its messages: the full name, not a username."""
    return user.full_name or user.get_username()
