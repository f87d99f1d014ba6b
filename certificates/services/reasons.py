"""Why a certificate was revoked, in Vietnamese, for its verification page.

When a regrade (awards' RegradeRun) since the certificate was last confirmed
took this prize from this winner, the reason names it: which round, when, who
ran it, why (the note, the corrected keys, the voided questions) and what the
winner has now. Otherwise the rewrite is named by the part it belongs to.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from awards.models import Award, RegradeRun
from core.formatting import local_datetime

from ..models import Certificate

MSG_REVOKED_BY_REGRADE = (
    "Giải đã bị thu hồi do chấm lại {round} lúc {at} (người thực hiện: {by}). "
    "Lý do chấm lại: {why}. Sau khi chấm lại: {outcome}."
)
MSG_NOW_NO_PRIZE = "{name} không còn đạt giải"
MSG_NOW_OTHER_PRIZE = "{name} đạt {after} thay cho {before}"
MSG_KEY_CHANGE = "sửa đáp án câu hỏi #{q} ({old} → {new})"
MSG_VOIDED = "hủy câu hỏi #{q} ({reason})"
MSG_NO_REASON_GIVEN = "không ghi lý do"
MSG_UNKNOWN_PERSON = "không rõ"
# A rewrite that was not a regrade, by part.
MSG_REVOKED = {
    Award.Part.ROUND: "Kết quả của {round} đã được tính lại và giải này không còn.",
    Award.Part.CONTEST: (
        "Kết quả toàn cuộc thi đã được tính lại và giải này không còn."
    ),
    Award.Part.COLLECTIVE: (
        "Kết quả xếp hạng tập thể đã được tính lại và giải này không còn."
    ),
    Award.Part.SPECIAL: "Kết quả đã được tính lại và giải đặc biệt này không còn.",
    Award.Part.VIDEO: (
        "Kết quả phần thi video clip đã được tổng kết lại và giải này không còn."
    ),
    Award.Part.FINAL: (
        "Kết quả trận chung kết đã được tính lại và giải này không còn."
    ),
}


def revocation_reasons(certificates: list[Certificate]) -> dict[int, str]:
    """certificate id → the reason shown now that its prize is no longer awarded
    (the contest's regrades read once, whatever the number of certificates)."""
    if not certificates:
        return {}
    since = min(c.status_changed_at for c in certificates)
    regrades = list(
        RegradeRun.objects.filter(
            contest_id=certificates[0].contest_id, run_at__gte=since
        )
        .select_related("round", "run_by")
        .order_by("-run_at", "-id")
    )
    return {c.pk: _reason(c, regrades) for c in certificates}


def _reason(certificate: Certificate, regrades: list[RegradeRun]) -> str:
    regrade, change = _regrade_that_took_it(certificate, regrades)
    if regrade is not None:
        return _(MSG_REVOKED_BY_REGRADE).format(
            round=regrade.round,
            at=local_datetime(regrade.run_at),
            by=str(regrade.run_by) if regrade.run_by_id else _(MSG_UNKNOWN_PERSON),
            why=_why(regrade),
            outcome=_outcome(change),
        )
    template = MSG_REVOKED.get(certificate.part, MSG_REVOKED[Award.Part.SPECIAL])
    return _(template).format(round=certificate.round or "")


def _regrade_that_took_it(
    certificate: Certificate, regrades: list[RegradeRun]
) -> tuple[RegradeRun | None, dict | None]:
    """The latest regrade since the certificate was last confirmed that took
    this prize from this winner."""
    kind = "user" if certificate.winner_user_id else "unit"
    winner = certificate.winner_user_id or certificate.winner_unit_id
    for regrade in regrades:
        if regrade.run_at < certificate.status_changed_at:
            continue
        for change in regrade.prize_changes:
            if (
                change.get("winner_kind") == kind
                and change.get("winner_id") == winner
                and _names_tier(change.get("before", ""), certificate.tier_name)
            ):
                return regrade, change
    return None, None


def _names_tier(label: str, tier_name: str) -> bool:
    # awards labels a prize "Giải Ba (600.000 đ)" when it carries money.
    return label == tier_name or label.startswith(f"{tier_name} (")


def _why(regrade: RegradeRun) -> str:
    reasons = [regrade.note] if regrade.note else []
    reasons += [
        _(MSG_KEY_CHANGE).format(q=k["question_id"], old=k["old_key"], new=k["new_key"])
        for k in regrade.key_changes
    ]
    reasons += [
        _(MSG_VOIDED).format(q=v["question_id"], reason=v["reason"])
        for v in regrade.voided_questions
    ]
    return "; ".join(reasons) or _(MSG_NO_REASON_GIVEN)


def _outcome(change: dict) -> str:
    if change.get("after"):
        return _(MSG_NOW_OTHER_PRIZE).format(
            name=change["name"], after=change["after"], before=change["before"]
        )
    return _(MSG_NOW_NO_PRIZE).format(name=change["name"])
