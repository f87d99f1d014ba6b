"""The contest page's part for everyone (how it is run, prizes, documents) is
rendered once per process and kept (contests.views._contest_about): a change by
any path shows on the next page, never a stale copy."""

from contests.models import ReferenceDocument
from tests.factories.contests import PrizeTierFactory


def page(client, contest) -> str:
    return client.get(contest.get_absolute_url()).content.decode()


def test_a_prize_or_document_added_after_the_page_was_shown_appears_on_it(
    client, contest, open_round, django_capture_on_commit_callbacks
):
    assert "Giải Khuyến khích" not in page(client, contest)
    with django_capture_on_commit_callbacks(execute=True):
        PrizeTierFactory(contest=contest, name="Giải Khuyến khích", amount_vnd=200_000)
        ReferenceDocument.objects.create(contest=contest, title="Sổ tay chuyển đổi số")
    html = page(client, contest)
    assert "Giải Khuyến khích" in html
    assert "200.000" in html
    assert "Sổ tay chuyển đổi số" in html


def test_a_removed_prize_leaves_the_page(
    client, contest, open_round, django_capture_on_commit_callbacks
):
    tier = PrizeTierFactory(contest=contest, name="Giải Đặc biệt")
    assert "Giải Đặc biệt" in page(client, contest)
    with django_capture_on_commit_callbacks(execute=True):
        tier.delete()
    assert "Giải Đặc biệt" not in page(client, contest)


def test_a_renamed_round_and_contest_show_their_new_names(client, contest, open_round):
    PrizeTierFactory(contest=contest, name="Giải Nhất", round=open_round)
    assert "Tuần 1" in page(client, contest)
    open_round.title = "Tuần đầu tiên"
    open_round.save()
    html = page(client, contest)
    assert html.count("Tuần đầu tiên") == 2  # the round's row and its prize
    contest.rules = "Mỗi người một tài khoản."
    contest.save()
    assert "Mỗi người một tài khoản." in page(client, contest)
