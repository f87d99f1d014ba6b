"""A contest's short link (/c/<code>/), printed on posters as a QR code: made once
and never changed, so what was printed keeps working."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .contest import Contest


class ContestShortLink(models.Model):
    contest = models.OneToOneField(
        Contest,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="short_link",
        verbose_name=_("cuộc thi"),
    )
    code = models.CharField(_("mã rút gọn"), max_length=16, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đường dẫn rút gọn")
        verbose_name_plural = _("đường dẫn rút gọn")

    def __str__(self) -> str:
        return self.code
