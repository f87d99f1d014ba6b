"""Certificates follow the awards: issued after a closing commits, untouched by a
close that changes nothing, revoked with the regrade named when a regrade takes a
prize away, and the same certificate back when the prize comes back."""

import datetime

import pytest

from awards import services as award_services
from awards.models import Award
from certificates.models import Certificate
from certificates.services import reconcile_contest
from tests.awards.test_regrade import close, correct_key, questions, take
from tests.factories import UserFactory
from tests.factories.awards import round_tiers
from tests.factories.contests import ContestFactory, RoundFactory, make_bank

from .conftest import certificate_of

MIN = datetime.timedelta(minutes=1)


def test_closing_issues_one_certificate_per_prize_once_it_commits(
    closed, contestant_a, contestant_b, third, unit_a
):
    certificates = Certificate.objects.filter(contest=closed.contest)
    assert sorted(certificates.values_list("winner_user_id", "tier_name")) == sorted(
        [
            (contestant_a.id, "Giải Nhất"),
            (contestant_b.id, "Giải Nhì"),
            (third.id, "Giải Ba"),
        ]
    )
    first = certificate_of(contestant_a)
    assert first.is_valid
    assert first.winner_name == "Nguyễn Thị Hằng Đắk"
    assert first.unit_name == unit_a.name
    assert first.contest_title == closed.contest.title
    assert first.organizer_name == "Liên đoàn Lao động tỉnh Bến Tre"
    assert first.scope == "Giải cá nhân theo đợt — Tuần 1"
    assert len(first.code) >= 20


def test_nothing_is_issued_before_the_closing_commits(
    contest, contestant_a, django_capture_on_commit_callbacks
):
    from tests.factories.awards import closed_round, finished_attempt

    round_ = closed_round(contest, number=1)
    finished_attempt(round_, contestant_a, score=20)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        award_services.close_round(round_.id, now=round_.closes_at + MIN)
    assert Award.objects.filter(contest=contest).exists()
    assert not Certificate.objects.exists()
    for callback in callbacks:
        callback()
    assert Certificate.objects.filter(winner_user=contestant_a).exists()


def test_ranking_again_to_the_same_prizes_keeps_every_certificate_and_its_code(
    closed, organizer, django_capture_on_commit_callbacks
):
    before = dict(Certificate.objects.values_list("key", "code"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        award_services.regrade_round(closed.id, user=organizer)  # rewrites the awards
    assert callbacks  # awards announced the rewrite
    assert dict(Certificate.objects.values_list("key", "code")) == before
    assert reconcile_contest(closed.contest_id).is_empty


@pytest.fixture
def quiz(db, organizer):
    contest = ContestFactory(
        bank=make_bank(5), questions_per_attempt=5, shuffle_choices=False
    )
    round_tiers(contest)
    return contest


@pytest.fixture
def four_takers(quiz, django_capture_on_commit_callbacks):
    """Before: X 5 (Nhất), Y 4 (Nhì), Z 3 (Ba), W 2. Once q0's key becomes the
    choice after it (Y's and W's answer): Y 5, X 4, W 3, Z 2: Z loses Giải Ba."""
    round_ = RoundFactory(contest=quiz, number=1)
    at = round_.opens_at + datetime.timedelta(hours=1)
    x, y, z, w = (
        UserFactory(full_name=n) for n in ("Xuân", "Yến", "Đặng Văn Zũng", "Vũ")
    )
    take(round_, x, dict.fromkeys(range(5), "right"), at=at)
    take(round_, y, {0: "wrong", 1: "right", 2: "right", 3: "right", 4: "right"},
         at=at)  # fmt: skip
    take(round_, z, {0: "right", 1: "right", 2: "right", 3: "wrong", 4: "wrong"},
         at=at)  # fmt: skip
    take(round_, w, {0: "wrong", 1: "right", 2: "right", 3: "wrong", 4: "wrong"},
         at=at)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert close(round_).status == "closed"
    return round_, (x, y, z, w)


def regrade(round_, organizer, note, capture):
    with capture(execute=True):
        return award_services.regrade_round(round_.id, user=organizer, note=note)


def test_a_regrade_that_takes_a_prize_revokes_its_certificate_with_the_reason(
    quiz, four_takers, organizer, client, django_capture_on_commit_callbacks
):
    round_, (x, _y, z, w) = four_takers
    lost = Certificate.objects.get(winner_user=z)
    assert lost.tier_name == "Giải Ba"
    assert lost.is_valid
    q0 = questions(quiz)[0]
    correct_key(q0, 1, organizer)

    regrade(round_, organizer, "Đáp án câu 1 sai", django_capture_on_commit_callbacks)

    lost.refresh_from_db()
    assert not lost.is_valid
    assert "chấm lại Tuần 1" in lost.revoked_reason
    assert f"người thực hiện: {organizer}" in lost.revoked_reason
    assert "Đáp án câu 1 sai" in lost.revoked_reason
    assert f"sửa đáp án câu hỏi #{q0.id} (A → B)" in lost.revoked_reason
    assert "Đặng Văn Zũng không còn đạt giải" in lost.revoked_reason
    page = client.get(f"/giay-chung-nhan/xac-minh/{lost.code}/").content.decode()
    assert "GIẤY CHỨNG NHẬN ĐÃ BỊ THU HỒI" in page
    assert "Đặng Văn Zũng không còn đạt giải" in page
    # A changed prize is a different certificate: X's Nhất is revoked, Nhì issued.
    assert set(
        Certificate.objects.filter(winner_user=x).values_list("tier_name", "status")
    ) == {("Giải Nhất", "revoked"), ("Giải Nhì", "valid")}
    assert (
        "Xuân đạt Giải Nhì"
        in Certificate.objects.get(winner_user=x, tier_name="Giải Nhất").revoked_reason
    )
    assert Certificate.objects.get(winner_user=w).tier_name == "Giải Ba"
    valid = Certificate.objects.filter(status="valid")
    assert sorted(valid.values_list("winner_user_id", "tier_name")) == sorted(
        Award.objects.filter(contest=quiz).values_list("winner_user_id", "tier_name")
    )


def test_a_prize_given_back_gets_its_first_certificate_back(
    quiz, four_takers, organizer, client, django_capture_on_commit_callbacks
):
    round_, (_x, _y, z, w) = four_takers
    first = Certificate.objects.get(winner_user=z)
    q0 = questions(quiz)[0]
    correct_key(q0, 1, organizer)
    regrade(round_, organizer, "", django_capture_on_commit_callbacks)
    correct_key(q0, 0, organizer)

    regrade(round_, organizer, "Trả lại đáp án", django_capture_on_commit_callbacks)

    back = Certificate.objects.get(winner_user=z)
    assert back.pk == first.pk
    assert back.code == first.code
    assert back.is_valid
    assert back.revoked_reason == ""
    assert [e["status"] for e in back.history] == ["valid", "revoked", "valid"]
    page = client.get(f"/giay-chung-nhan/xac-minh/{back.code}/").content.decode()
    assert "Giấy chứng nhận hợp lệ." in page
    assert "Có hiệu lực trở lại" in page
    assert not Certificate.objects.filter(winner_user=w, status="valid").exists()


def test_a_rewrite_that_is_no_regrade_is_named_by_its_part(closed, contestant_b):
    Award.objects.filter(winner_user=contestant_b).delete()

    plan = reconcile_contest(closed.contest_id)

    certificate = certificate_of(contestant_b)
    assert plan.revoke == (certificate.key,)
    assert certificate.revoked_reason == (
        "Kết quả của Tuần 1 đã được tính lại và giải này không còn."
    )


def test_a_rematch_reads_no_row_per_certificate(
    closed, unit_a, django_assert_max_num_queries
):
    """Sixty prizes issued, then sixty revoked: the same handful of queries."""
    from tests.factories.awards import contestants

    people = contestants(60, unit=unit_a)
    Award.objects.bulk_create(
        Award(
            contest=closed.contest, part=Award.Part.CONTEST, tier_name="Khuyến khích",
            tier_index=3, rank=10 + i, winner_user=person, unit=unit_a,
        )
        for i, person in enumerate(people)
    )  # fmt: skip
    with django_assert_max_num_queries(8):
        assert len(reconcile_contest(closed.contest_id).issue) == 60
    Award.objects.filter(part=Award.Part.CONTEST).delete()
    with django_assert_max_num_queries(8):
        assert len(reconcile_contest(closed.contest_id).revoke) == 60
    assert Certificate.objects.filter(status="revoked").count() == 60
