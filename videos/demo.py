"""Demo data of the video part: Bến Tre 2024, Phần 2 "Video clip chuyển đổi số".

Facts come from seed 000 only: one clip per công đoàn cấp trên trực tiếp cơ sở,
judged by the Ban Giám khảo, then posted on the union's fan page for interaction;
prizes 01 nhất 4.000.000đ, 01 nhì 3.500.000đ, 02 ba 3.000.000đ (each with a
trophy). The plan leaves the submission deadline, the judging criteria and how
interaction counts to the later rules (Thể lệ): they stay empty / at the portal's
defaults for the organizers to fill in the admin. Creates only what is missing.
"""

from __future__ import annotations

from accounts.models import Unit, User
from contests.models import Contest, ContestStaff

from .models import PrizeTier, VideoPart

BEN_TRE_SLUG = "ben-tre-2024"
# (order, name, count, amount in VND) — seed 000, Phần 2, mục 2 "Giải thưởng".
BEN_TRE_TIERS = (
    (0, "Giải Nhất", 1, 4_000_000),
    (1, "Giải Nhì", 1, 3_500_000),
    (2, "Giải Ba", 2, 3_000_000),
)
# Demo logins made by accounts/demo.py, given their role in this contest so the
# video pages can be tried. Only wired when those accounts exist.
DEMO_STAFF = (
    ("bantochuc", ContestStaff.Role.ORGANIZER),
    ("giamkhao", ContestStaff.Role.JUDGE),
)


def seed(stdout) -> None:
    contest = Contest.objects.filter(slug=BEN_TRE_SLUG).first()
    if contest is None:
        stdout.write(
            f"Video clip: chưa có cuộc thi «{BEN_TRE_SLUG}» (contests/demo/), bỏ qua."
        )
        return
    # Created once; the organizers' later changes (deadline, criteria, tiers) stay.
    part, _ = VideoPart.objects.get_or_create(
        contest=contest,
        defaults={"competing_unit_kind": Unit.Kind.UPPER},
    )
    if not PrizeTier.objects.filter(part=part).exists():
        for order, name, count, amount in BEN_TRE_TIERS:
            PrizeTier.objects.create(
                part=part, order=order, name=name, count=count, amount_vnd=amount
            )
    for username, role in DEMO_STAFF:
        user = User.objects.filter(username=username).first()
        if user is not None:
            ContestStaff.objects.get_or_create(contest=contest, user=user, role=role)
    stdout.write(
        f"Video clip: {contest.title} — mỗi công đoàn cấp trên trực tiếp cơ sở một "
        "video; giải 01 nhất 4.000.000đ, 01 nhì 3.500.000đ, 02 ba 3.000.000đ. "
        "Hạn gửi, tiêu chí chấm và cách tính tương tác do Thể lệ quy định: Ban Tổ "
        f"chức nhập tại /video/{BEN_TRE_SLUG}/quan-ly/ (chưa nhận bài khi chưa có "
        "hạn gửi)."
    )
