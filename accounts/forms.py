"""Sign-up and profile forms. Every error names its field in Vietnamese."""

from __future__ import annotations

import datetime

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import ratelimits, selectors
from .adapter import VietnamPhoneField
from .models import ParticipantGroup, Unit, User
from .validators import normalize_cccd, validate_cccd

# Helps the person whose number it is (they probably have an account already)
# without saying more than needed; answered at most a few times a minute per
# address (accounts.ratelimits, ACCOUNT_RATE_LIMITS["cccd_taken"]).
CCCD_TAKEN = _(
    "Không dùng được số CCCD này. Nếu đây là CCCD của bạn, có thể bạn đã có "
    "tài khoản: hãy đăng nhập hoặc lấy lại mật khẩu; nếu không, hãy liên hệ Ban "
    "Tổ chức."
)
# Past the limit every CCCD gets this answer, taken or not: it tells nothing.
CCCD_CHECK_LATER = _(
    "Chưa kiểm tra được số CCCD vì có quá nhiều lượt thử từ nơi bạn truy cập. "
    "Hãy thử lại sau ít phút, hoặc liên hệ Ban Tổ chức."
)
EMAIL_TAKEN = _("Email này đã được dùng cho một tài khoản khác. Hãy dùng email khác.")
PHONE_TAKEN = _(
    "Số điện thoại này đã được dùng cho một tài khoản khác. Hãy dùng số khác."
)
EMAIL_INVALID = _("Email không hợp lệ, ví dụ đúng: ten@example.com.")
BIRTH_DATE_FUTURE = _("Ngày sinh không được sau ngày hôm nay.")
BIRTH_DATE_TOO_OLD = _("Ngày sinh phải từ năm 1900 trở đi.")
NO_UNIT_LABEL = _("— Không thuộc đơn vị nào —")

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


def _required(message):
    return {"required": message}


class UnitChoiceField(forms.ModelChoiceField):
    """All units as an indented list (the no-JavaScript fallback of the picker);
    with JavaScript the template shows a search box that fills this select."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", Unit.objects.all())
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Đơn vị"))
        kwargs.setdefault("empty_label", NO_UNIT_LABEL)
        kwargs.setdefault(
            "help_text",
            _("Gõ vài chữ của tên đơn vị để tìm, không cần dấu: ví dụ “ben tre”."),
        )
        super().__init__(**kwargs)

    def load_choices(self, selected_pk: int | None) -> None:
        choices = [("", self.empty_label)]
        choices += selectors.unit_select_choices(selected_pk)
        self.choices = choices


class ProfileFields(forms.Form):
    """The profile part shared by sign-up and the profile page."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        error_messages=_required(_("Hãy nhập họ và tên.")),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": _("Hãy nhập ngày sinh."),
            "invalid": _("Ngày sinh không hợp lệ: hãy nhập theo dạng ngày/tháng/năm."),
        },
        widget=forms.DateInput(
            attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"
        ),
    )
    gender = forms.ChoiceField(
        label=_("Giới tính"),
        choices=User.Gender.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages=_required(_("Hãy chọn giới tính.")),
    )
    cccd = forms.CharField(
        label=_("Số CCCD"),
        max_length=20,
        help_text=_("Căn cước công dân: 12 chữ số."),
        error_messages=_required(_("Hãy nhập số CCCD (12 chữ số).")),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "15"}
        ),
    )
    group = forms.ChoiceField(
        label=_("Đối tượng"),
        choices=[("", _("— Chọn đối tượng —")), *ParticipantGroup.choices],
        error_messages=_required(_("Hãy chọn đối tượng dự thi.")),
    )
    unit = UnitChoiceField()

    profile_owner: User | None = None

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_birth_date(self) -> datetime.date:
        value = self.cleaned_data["birth_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(BIRTH_DATE_FUTURE, code="future")
        if value < EARLIEST_BIRTH_DATE:
            raise forms.ValidationError(BIRTH_DATE_TOO_OLD, code="too_old")
        return value

    def clean_cccd(self) -> str:
        value = normalize_cccd(self.cleaned_data["cccd"])
        validate_cccd(value)
        owner = self.profile_owner
        if owner is not None and owner.cccd == value:
            return value  # one's own number, unchanged: nothing to look up
        # Whether a number is taken is a fact about somebody else: limited per
        # address and overall, and once over, every number gets the same answer.
        request = context.request
        if not ratelimits.may_say_cccd_taken(request):
            raise forms.ValidationError(CCCD_CHECK_LATER, code="cccd_throttled")
        others = User.objects.filter(cccd=value)
        if owner is not None:
            others = others.exclude(pk=owner.pk)
        if others.exists():
            ratelimits.count_cccd_taken(request)
            raise forms.ValidationError(CCCD_TAKEN, code="cccd_taken")
        return value


class LoginForm(AllauthLoginForm):
    """One box for the phone number or the email, then the password."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Số điện thoại hoặc email")
        login.error_messages["required"] = _("Hãy nhập số điện thoại hoặc email.")
        login.widget.attrs.update(
            {"placeholder": "0912 345 678", "autocomplete": "username"}
        )
        password = self.fields["password"]
        password.label = _("Mật khẩu")
        password.help_text = ""
        password.widget.attrs["placeholder"] = ""
        password.error_messages["required"] = _("Hãy nhập mật khẩu.")


class SignupForm(ProfileFields, AllauthSignupForm):
    """allauth's sign-up (phone, optional email, password twice) plus the profile.

    Field names: phone, full_name, birth_date, gender, cccd, group, unit, email,
    password1, password2."""

    field_order = [
        "phone",
        "full_name",
        "birth_date",
        "gender",
        "cccd",
        "group",
        "unit",
        "email",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].error_messages["required"] = _(
            "Hãy nhập số điện thoại di động."
        )
        self.fields["phone"].help_text = _("Dùng số này để đăng nhập.")
        email = self.fields["email"]
        email.label = _("Email (không bắt buộc)")
        email.help_text = _("Để lấy lại mật khẩu khi quên.")
        email.widget.attrs["placeholder"] = "ten@example.com"
        email.error_messages["invalid"] = EMAIL_INVALID
        self.fields["password1"].label = _("Mật khẩu")
        self.fields["password1"].widget.attrs["placeholder"] = ""
        self.fields["password1"].error_messages["required"] = _("Hãy đặt mật khẩu.")
        self.fields["password2"].label = _("Nhập lại mật khẩu")
        self.fields["password2"].widget.attrs["placeholder"] = ""
        self.fields["password2"].error_messages["required"] = _(
            "Hãy nhập lại mật khẩu."
        )
        self.fields["unit"].load_choices(self._selected_unit_pk())

    def _selected_unit_pk(self) -> int | None:
        raw = self.data.get(self.add_prefix("unit")) if self.is_bound else None
        try:
            return int(raw) if raw else None
        except (TypeError, ValueError):
            return None


class ResetPasswordForm(AllauthResetPasswordForm):
    """The same answer for a registered and an unknown email: the page never says
    which. A registered address gets the reset link, an unknown one allauth's "no
    account uses this address" mail, so only the mailbox's owner learns it."""

    def clean_email(self) -> str:
        try:
            return super().clean_email()
        except forms.ValidationError as error:
            # allauth refuses unknown emails with ACCOUNT_PREVENT_ENUMERATION off,
            # which sign-up needs (it names a duplicate phone or email).
            if self.users or error.code != "unknown_email":
                raise
            return self.cleaned_data["email"]


class ProfileForm(ProfileFields, forms.ModelForm):
    """The profile page: the person edits their own data."""

    phone = VietnamPhoneField(
        error_messages=_required(_("Hãy nhập số điện thoại di động."))
    )
    email = forms.EmailField(
        label=_("Email (không bắt buộc)"),
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "birth_date",
            "gender",
            "phone",
            "cccd",
            "group",
            "unit",
            "email",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.profile_owner = self.instance
        if self.instance.phone:
            self.initial["phone"] = self.instance.phone.as_national
        if self.is_bound:
            selected = self.data.get(self.add_prefix("unit")) or None
        else:
            selected = self.instance.unit_id
        try:
            selected = int(selected) if selected else None
        except (TypeError, ValueError):
            selected = None
        self.fields["unit"].load_choices(selected)

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        if User.objects.filter(phone=value).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(PHONE_TAKEN, code="phone_taken")
        return value

    def clean_email(self) -> str:
        value = (self.cleaned_data.get("email") or "").strip().lower()
        if not value:
            return ""
        taken = User.objects.filter(email__iexact=value).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return value
