"""Results pages: who sees what (the cast walks every view), what the public sees
after publication (never phone, CCCD or birth date), a contestant's own keys, the
staff desk's actions (enqueued after commit), exports from the web."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import ExportJob, RoundClosing
from contests.models import Attempt, Contest
from contests.services import prepared
from tests.factories import UserFactory, staff_on
from tests.factories.awards import (
    closed_round,
    contest_with_round_tiers,
    finished_attempt,
)

CAST = ("anonymous", "contestant", "judge", "unit_rep", "secretary", "organizer")
LOGIN = "/tai-khoan/login/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(client, contestant_a, judge, unit_rep, secretary, organizer):
    return {
        "anonymous": None,
        "contestant": contestant_a,
        "judge": judge,
        "unit_rep": unit_rep,
        "secretary": secretary,
        "organizer": organizer,
    }


@pytest.fixture
def as_(client, people):
    def login(who):
        client.logout()
        if people[who] is not None:
            client.force_login(people[who])
        return client

    return login


@pytest.fixture
def results(db, contestant_a, unit_a, organizer, secretary):
    """Round 1 closed and published (contestant_a ranks 4th, just outside the
    three prizes), round 2 closed but not published."""
    contest = contest_with_round_tiers(
        slug="ket-qua",
        prediction_enabled=True,
        prediction_target=Contest.PredictionTarget.PARTICIPANTS,
    )
    staff_on(contest, organizer=organizer, secretary=secretary)
    first = closed_round(
        contest,
        number=1,
        opens_at=datetime.datetime(2024, 6, 10, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2024, 6, 16, 17, tzinfo=datetime.UTC),
    )
    second = closed_round(contest, number=2)
    winners = [
        UserFactory(full_name=f"Người thắng {i}", unit=unit_a, phone=f"+8498765432{i}")
        for i in range(3)
    ]
    for i, user in enumerate(winners):
        finished_attempt(first, user, score=20 - i, prediction=5)
    finished_attempt(first, contestant_a, score=17, prediction=5, duration_ms=90_000)
    finished_attempt(first, score=10, prediction=5)
    finished_attempt(second, winners[0], score=20)
    services.close_round(first.id)
    services.close_round(second.id)
    staff = UserFactory(is_staff=True)
    services.publish_round(first.id, user=staff)
    return {"contest": contest, "first": first, "second": second, "winners": winners}


def url(name, results, **kwargs):
    return reverse(name, kwargs={"slug": results["contest"].slug, **kwargs})


# --- Permission walk over every view --------------------------------------------------

STAFF_PAGE = {
    "anonymous": 302,
    "contestant": 403,
    "judge": 403,
    "unit_rep": 403,
    "secretary": 200,
    "organizer": 200,
}


@pytest.mark.parametrize("who", CAST)
def test_public_pages_open_to_everyone(as_, results, who):
    client = as_(who)
    assert client.get(reverse("awards:index")).status_code == 200
    assert client.get(url("awards:contest", results)).status_code == 200
    assert client.get(url("awards:round", results, number=1)).status_code == 200


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    "view", ["awards:manage", "awards:ranking"], ids=["desk", "ranking"]
)
def test_staff_pages_need_the_results_permission(as_, results, who, view):
    kwargs = {"number": 1} if view == "awards:ranking" else {}
    response = as_(who).get(url(view, results, **kwargs))
    assert response.status_code == STAFF_PAGE[who]
    if who == "anonymous":
        assert response["Location"].startswith(LOGIN)


ACTIONS = {
    "awards:close_now": ("organizer",),
    "awards:publish": ("organizer",),
    "awards:regrade": ("organizer",),
    "awards:contest_compute": ("organizer",),
    "awards:contest_publish": ("organizer",),
}


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("view", sorted(ACTIONS))
def test_actions_need_their_own_permission(
    as_, results, who, view, django_capture_on_commit_callbacks
):
    kwargs = {} if view.startswith("awards:contest_") else {"number": 2}
    with django_capture_on_commit_callbacks() as enqueued:
        response = as_(who).post(url(view, results, **kwargs))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    elif who in ACTIONS[view]:
        assert response.status_code == 302
        assert response["Location"] == url("awards:manage", results)
    else:
        assert response.status_code == 403
        assert enqueued == []


def test_actions_refuse_get(as_, results):
    client = as_("organizer")
    assert client.get(url("awards:publish", results, number=2)).status_code == 405


@pytest.mark.parametrize("who", CAST)
def test_unit_report_for_representatives_and_staff(as_, results, who):
    response = as_(who).get(url("awards:unit_report", results))
    expected = {"anonymous": 302, "contestant": 403, "judge": 403}.get(who, 200)
    assert response.status_code == expected


# --- Publication ---------------------------------------------------


def test_the_public_sees_winners_with_unit_score_and_time_but_nothing_personal(
    as_, results
):
    page = as_("anonymous").get(url("awards:round", results, number=1))
    html = page.content.decode()
    first = results["winners"][0]
    assert "Người thắng 0" in html
    assert first.unit.name in html
    assert "Giải Nhất" in html
    for secret in (str(first.phone), "0987654320", first.cccd, "17/05/1990", "1990"):
        assert secret not in html


def test_an_unpublished_round_shows_nothing_to_the_public(as_, results):
    for who in ("anonymous", "contestant", "judge"):
        html = as_(who).get(url("awards:round", results, number=2)).content.decode()
        assert "Người thắng 0" not in html
        assert "đang chờ Ban Tổ chức công bố" in html


def test_staff_see_an_unpublished_round_at_once(as_, results):
    html = as_("secretary").get(url("awards:round", results, number=2)).content.decode()
    assert "Người thắng 0" in html
    assert "CHƯA công bố" in html


def test_the_public_list_is_computed_once_a_minute_not_per_request(
    as_, results, django_assert_max_num_queries
):
    client = as_("anonymous")
    client.get(url("awards:round", results, number=1))
    with django_assert_max_num_queries(4):
        client.get(url("awards:round", results, number=1))


def test_publishing_twice_keeps_the_first_time(results, organizer):
    round_id = results["first"].id
    first_time = RoundClosing.objects.get(pk=round_id).published_at
    message = services.publish_round(round_id, user=organizer)
    assert "đã được công bố" in message
    assert RoundClosing.objects.get(pk=round_id).published_at == first_time


def test_publishing_a_round_not_closed_is_refused(results, organizer):
    open_round = closed_round(
        results["contest"],
        number=3,
        closes_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(services.ResultsRefused):
        services.publish_round(open_round.id, user=organizer)


# --- The contestant's own standing ---------------------------------------------------


def test_a_contestant_sees_their_rank_and_the_keys_that_placed_them(as_, results):
    html = (
        as_("contestant").get(url("awards:round", results, number=1)).content.decode()
    )
    assert 'id="my-result"' in html
    assert "Hạng 4" in html
    assert 'id="key-score">17<' in html
    # Five participants: the true answer is 5, the contestant predicted 5.
    assert 'id="key-prediction">5 / 5<' in html
    assert 'id="key-gap">0<' in html
    assert "1 phút 30,000 giây" in html
    assert "hơn bạn vì nhiều câu đúng hơn" in html
    assert "Giải cuối cùng (Giải Ba)" in html
    assert 'id="ranking-order"' in html


def test_the_ranking_order_is_printed_on_the_results_page(as_, results):
    html = as_("anonymous").get(url("awards:round", results, number=1)).content.decode()
    assert "số câu đúng nhiều hơn" in html
    assert "dự đoán gần đáp án hơn" in html
    assert "thời gian làm bài ngắn hơn" in html
    assert "nộp bài sớm hơn" in html


# --- Staff desk actions ---------------------------------------------------


def test_close_now_enqueues_the_close_after_commit(
    as_, results, django_capture_on_commit_callbacks
):
    contest = results["contest"]
    due = closed_round(contest, number=4)
    with django_capture_on_commit_callbacks() as enqueued:
        response = as_("organizer").post(url("awards:close_now", results, number=4))
    assert response.status_code == 302
    assert len(enqueued) == 1
    assert not RoundClosing.objects.filter(pk=due.pk).exists()


def test_close_now_on_a_running_round_asks_first_then_ends_and_closes_it(
    as_, results, django_capture_on_commit_callbacks
):
    now = timezone.now()
    running = closed_round(
        results["contest"],
        number=5,
        closes_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    taking = [
        Attempt.objects.create(
            round=running,
            user=UserFactory(),
            number=1,
            started_at=now - datetime.timedelta(minutes=5),
            deadline=now + datetime.timedelta(minutes=10),
            question_count=20,
        )
        for _ in range(2)
    ]
    finished_attempt(running, score=12)
    client = as_("organizer")
    close_url = url("awards:close_now", results, number=5)
    with django_capture_on_commit_callbacks() as enqueued:
        asked = client.post(close_url)
    assert asked.status_code == 200
    html = asked.content.decode()
    assert 'id="close-confirm"' in html
    assert "hiện có 2 bài thi đang làm" in html
    assert 'name="confirm" value="1"' in html
    assert enqueued == []
    running.refresh_from_db()
    assert running.closes_at.year == 2099  # nothing changed before the confirmation

    with django_capture_on_commit_callbacks() as enqueued:
        done = client.post(close_url, {"confirm": "1"}, follow=True)
    # Moving the round's close also makes the prepared starts stale.
    assert len([c for c in enqueued if c is not prepared.invalidate]) == 1
    assert "2 bài thi đang làm được nộp tự động" in done.content.decode()
    running.refresh_from_db()
    assert running.closes_at <= timezone.now()
    outcome = services.close_round(running.id)  # what the enqueued task runs
    assert outcome.status == "closed"
    for attempt in taking:
        attempt.refresh_from_db()
        assert attempt.status == Attempt.Status.EXPIRED
        assert attempt.submitted_at <= running.closes_at
    assert RoundClosing.objects.get(pk=running.pk).ranked == 3


def test_close_now_refuses_a_round_not_yet_open(
    as_, results, django_capture_on_commit_callbacks
):
    closed_round(
        results["contest"],
        number=6,
        opens_at=datetime.datetime(2098, 1, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    with django_capture_on_commit_callbacks() as enqueued:
        response = as_("organizer").post(
            url("awards:close_now", results, number=6), {"confirm": "1"}, follow=True
        )
    assert enqueued == []
    assert "Đợt thi chưa bắt đầu" in response.content.decode()


def test_the_desk_offers_close_now_on_a_running_round(as_, results):
    closed_round(
        results["contest"],
        number=7,
        closes_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    html = as_("organizer").get(url("awards:manage", results)).content.decode()
    assert url("awards:close_now", results, number=7) in html


def test_publish_from_the_desk(as_, results):
    response = as_("organizer").post(
        url("awards:publish", results, number=2), follow=True
    )
    assert RoundClosing.objects.get(pk=results["second"].pk).is_published
    assert "Đã công bố kết quả" in response.content.decode()


def test_the_desk_shows_closing_records_and_warnings(as_, results):
    html = as_("organizer").get(url("awards:manage", results)).content.decode()
    assert "Đã đóng lúc" in html
    assert "Đóng đợt thi ngay" not in html  # every due round is closed
    assert "Công bố kết quả" in html  # round 2 is not published yet


def test_the_full_ranking_shows_every_key(as_, results):
    html = (
        as_("secretary").get(url("awards:ranking", results, number=1)).content.decode()
    )
    assert html.count("<tr>") >= 6
    assert "1 phút 30,000 giây" in html


# --- Exports from the web ---------------------------------------------------


def test_an_export_runs_as_a_task_and_only_its_requester_downloads_it(
    as_, results, secretary, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks() as enqueued:
        response = as_("secretary").post(
            url("awards:export_start", results), {"kind": "round", "round": 1}
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("awards:export_job", args=[job.pk])
    assert len(enqueued) == 1
    assert job.status == ExportJob.Status.QUEUED
    progress = as_("secretary").get(
        reverse("awards:export_job", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    assert 'hx-trigger="every 1s"' in progress.content.decode()

    from awards import exports

    assert exports.run_export_job(str(job.pk)) == ExportJob.Status.DONE
    done = as_("secretary").get(reverse("awards:export_job", args=[job.pk]))
    assert 'id="download"' in done.content.decode()
    download = as_("secretary").get(reverse("awards:export_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    for other in ("organizer", "contestant", "anonymous"):
        status = as_(other).get(reverse("awards:export_download", args=[job.pk]))
        assert status.status_code in (404, 302)


@pytest.mark.parametrize(
    ("who", "kind", "expected"),
    [
        ("contestant", "contest", 403),
        ("judge", "contest", 403),
        ("unit_rep", "contest", 403),
        ("unit_rep", "participation", 302),
        ("secretary", "contest", 302),
        ("organizer", "collective", 302),
    ],
)
def test_who_may_export_what(as_, results, unit_a, who, kind, expected):
    response = as_(who).post(
        url("awards:export_start", results), {"kind": kind, "unit": unit_a.code}
    )
    assert response.status_code == expected


def test_a_unit_representative_cannot_export_another_units_report(as_, results, unit_b):
    response = as_("unit_rep").post(
        url("awards:export_start", results),
        {"kind": "participation", "unit": unit_b.code},
    )
    assert response.status_code == 403


def test_a_bad_export_request_says_what_is_wrong(as_, results):
    response = as_("secretary").post(
        url("awards:export_start", results),
        {"kind": "participation", "unit": "KHONG-CO"},
        follow=True,
    )
    assert "Không có đơn vị mã «KHONG-CO»" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_user_with_the_export_permission_only_needs_the_results_permission_too(
    client, results
):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="export_awards"),
        Permission.objects.get(codename="view_roundresult"),
    )
    staff_on(results["contest"], secretary=user)
    client.force_login(user)
    assert client.get(url("awards:manage", results)).status_code == 200


def test_staff_see_a_provisional_standing_without_the_prediction_while_open(
    as_, results
):
    from tests.factories.contests import RoundFactory

    running = RoundFactory(contest=results["contest"], number=6)
    leader = finished_attempt(
        running, score=19, prediction=999, submitted_at=running.opens_at
    )
    html = as_("secretary").get(url("awards:ranking", results, number=6)).content
    html = html.decode()
    assert 'id="provisional"' in html
    assert "TẠM THỜI" in html
    assert leader.user.full_name in html
    assert "999" not in html
    assert (
        as_("contestant").get(url("awards:ranking", results, number=6)).status_code
        == 403
    )


def test_a_unit_representative_sees_their_units_participation(as_, results, unit_a):
    html = as_("unit_rep").get(url("awards:unit_report", results)).content.decode()
    assert unit_a.name in html
    # Four people of unit A took round 1 (three winners and contestant A).
    assert '<td class="text-end">4</td>' in html


def test_only_the_contests_results_staff_get_the_unit_code_form(
    client, results, unit_rep, organizer
):
    """The view honours ?don_vi= for the contest's results staff only; the form
    offering it follows the same rule, not a global permission: a representative
    who also organizes another contest (the permission, no staff row here) gets
    their own unit and no form."""
    client.force_login(organizer)
    assert 'name="don_vi"' in client.get(url("awards:unit_report", results)).text
    from django.contrib.auth.models import Group

    from accounts import roles

    unit_rep.groups.add(Group.objects.get(name=roles.ORGANIZER))
    assert unit_rep.has_perm("awards.view_roundresult")
    client.force_login(unit_rep)
    html = client.get(url("awards:unit_report", results)).text
    assert 'name="don_vi"' not in html
    assert unit_rep.represented_unit.name in html


def test_the_desk_flags_prize_winners_who_answered_impossibly_fast(
    as_, db, unit_a, organizer
):
    """SPEC abuse rule: a winning attempt under the contest's minimum seconds per
    question is shown to the organizers next to the publish button."""
    contest = contest_with_round_tiers(slug="qua-nhanh", min_seconds_per_question=2)
    staff_on(contest, organizer=organizer)
    round_ = closed_round(contest, number=1)
    fast = UserFactory(full_name="Người làm nhanh", unit=unit_a)
    steady = UserFactory(full_name="Người làm bình thường", unit=unit_a)
    loser = UserFactory(full_name="Người không đạt giải", unit=unit_a)
    finished_attempt(round_, fast, score=20, duration_ms=15_000)  # 0.75 s a question
    finished_attempt(round_, steady, score=19, duration_ms=300_000)
    for _ in range(3):
        finished_attempt(round_, score=18)
    finished_attempt(round_, loser, score=1, duration_ms=10_000)
    services.close_round(round_.id)
    html = (
        as_("organizer")
        .get(reverse("awards:manage", kwargs={"slug": contest.slug}))
        .content.decode()
    )
    assert 'id="too-fast-1"' in html
    flagged = html.split('id="too-fast-1"')[1].split("</div>")[0]
    assert "Người làm nhanh" in flagged
    assert "dưới 2 giây/câu" in flagged
    assert "Người làm bình thường" not in flagged
    assert "Người không đạt giải" not in flagged  # too fast, but won nothing
    assert "Công bố kết quả" in html


def test_the_desk_speaks_to_people_not_programmers(as_, results):
    from awards.models import Trigger

    RoundClosing.objects.filter(pk=results["first"].pk).update(
        trigger=Trigger.COMMAND, duration_ms=44_044
    )
    html = as_("organizer").get(url("awards:manage", results)).content.decode()
    assert "manage.py" not in html
    assert "44044 ms" not in html
    assert "44,044 giây" in html
    assert "Lệnh trên máy chủ" in html


def test_the_export_page_stops_saying_exporting_once_done(
    as_, results, django_capture_on_commit_callbacks, settings, tmp_path
):
    from awards import exports
    from awards.views import MSG_EXPORT_QUEUED

    settings.MEDIA_ROOT = str(tmp_path)
    client = as_("secretary")
    with django_capture_on_commit_callbacks():
        queued = client.post(
            url("awards:export_start", results),
            {"kind": "round", "round": 1},
            follow=True,
        )
    page = queued.content.decode()
    # The message is inside the polled fragment: it leaves when the fragment does.
    assert page.count(MSG_EXPORT_QUEUED) == 1
    assert page.index('id="export-progress"') < page.index(MSG_EXPORT_QUEUED)
    job = ExportJob.objects.get()
    assert exports.run_export_job(str(job.pk)) == ExportJob.Status.DONE
    done = client.get(
        reverse("awards:export_job", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Đã xuất xong" in done
    assert MSG_EXPORT_QUEUED not in done
