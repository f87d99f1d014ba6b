"""Personal numbers: in full for the person and for holders of the permission."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from accounts.privacy import can_view_personal_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("contestant_a", True),  # themself
        ("organizer", True),
        ("secretary", True),
        ("judge", False),
        ("unit_rep", False),
        ("contestant_b", False),
    ],
)
def test_who_sees_a_contestants_personal_data(request, viewer, sees):
    subject = request.getfixturevalue("contestant_a")
    assert can_view_personal_data(request.getfixturevalue(viewer), subject) is sees


def test_anonymous_and_inactive_see_nothing(contestant_a, organizer):
    assert not can_view_personal_data(AnonymousUser(), contestant_a)
    organizer.is_active = False
    assert not can_view_personal_data(organizer, contestant_a)


def test_the_personal_tag_masks_for_others(contestant_a, contestant_b, organizer):
    template = Template(
        '{% load accounts_tags %}{% personal viewer person "cccd" %}|'
        '{% personal viewer person "phone" %}|{% personal viewer person "birth_date" %}'
    )
    full = template.render(Context({"viewer": organizer, "person": contestant_a}))
    masked = template.render(Context({"viewer": contestant_b, "person": contestant_a}))
    assert full == f"{contestant_a.cccd}|{contestant_a.phone.as_national}|17/05/1990"
    assert masked == (
        f"*********{contestant_a.cccd[-3:]}|"
        f"{contestant_a.phone.as_national.replace(' ', '')[:3]}****"
        f"{contestant_a.phone.as_e164[-3:]}|**/**/1990"
    )
