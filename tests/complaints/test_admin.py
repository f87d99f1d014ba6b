"""The back office: the window per contest, edited by that contest's organizers;
complaints listed read-only, each person seeing only their contests'."""

from django.urls import reverse

from complaints import services
from complaints.models import Complaint, ComplaintSettings

SETTINGS_ADD = reverse("admin:complaints_complaintsettings_add")
COMPLAINTS = reverse("admin:complaints_complaint_changelist")


def test_the_organizer_sets_the_window_of_their_contest(client, organizer, contest):
    client.force_login(organizer)
    page = client.get(SETTINGS_ADD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Số ngày nhận khiếu nại sau khi công bố kết quả" in html
    assert list(page.context["adminform"].form.fields["contest"].queryset) == [contest]
    response = client.post(
        SETTINGS_ADD, {"contest": contest.pk, "is_open": "on", "window_days": "7"}
    )
    assert response.status_code == 302
    assert ComplaintSettings.objects.get(contest=contest).window_days == 7


def test_another_contests_organizer_cannot_set_this_window(
    client, other_organizer, contest
):
    client.force_login(other_organizer)
    response = client.post(
        SETTINGS_ADD, {"contest": contest.pk, "is_open": "on", "window_days": "30"}
    )
    assert response.status_code == 200  # the form refuses the contest
    assert not ComplaintSettings.objects.exists()
    ComplaintSettings.objects.create(contest=contest)
    change = reverse("admin:complaints_complaintsettings_change", args=[contest.pk])
    assert client.post(change, {"window_days": "30"}).status_code in (302, 403)
    assert ComplaintSettings.objects.get().window_days == 3


def test_the_secretariat_reads_the_window_but_does_not_change_it(
    client, secretary, contest
):
    ComplaintSettings.objects.create(contest=contest)
    client.force_login(secretary)
    change = reverse("admin:complaints_complaintsettings_change", args=[contest.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"is_open": "on", "window_days": "30"})
    assert ComplaintSettings.objects.get().window_days == 3


def test_the_complaint_list_is_scoped_per_contest(
    client, organizer, secretary, other_organizer, contestant_a, attempt_a
):
    complaint = services.file_complaint(
        user=contestant_a, attempt_id=attempt_a.id, position=None, text="Kết quả sai"
    )
    for user, seen in ((organizer, 1), (secretary, 1), (other_organizer, 0)):
        client.force_login(user)
        response = client.get(COMPLAINTS)
        assert response.status_code == 200
        assert response.context["cl"].result_count == seen
        assert reverse("complaints:index") in response.content.decode()
    client.force_login(organizer)
    change = reverse("admin:complaints_complaint_change", args=[complaint.pk])
    client.post(change, {"status": "accepted", "reply": "x"})
    assert Complaint.objects.get().is_open  # answered on the page, not here
