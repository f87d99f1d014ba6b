"""The live final in the admin: organizers set games up for their own contests only
(contests.permissions), and the secretariat never reads a question's key."""

import pytest
from django.test import Client
from django.urls import reverse

from live.models import LiveGame, LivePlayer
from tests.factories import staff_on
from tests.factories.contests import ContestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_games(organizer, secretary, unit_a):
    own = ContestFactory(slug="dak-lak-06", title="Đề án 06 tỉnh Đắk Lắk")
    other = ContestFactory(slug="cong-an-tinh", title="Cuộc thi của Công an tỉnh")
    staff_on(own, organizer=organizer, secretary=secretary)
    games = {
        "own": LiveGame.objects.create(contest=own, title="Chung kết cụm 1"),
        "other": LiveGame.objects.create(contest=other, title="Chung kết công an"),
    }
    for number, game in enumerate(games.values(), start=1):
        LivePlayer.objects.create(
            game=game, number=number, full_name=f"Người {number}", unit=unit_a
        )
    return games


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_organizer_sets_up_only_their_own_contests_live_games(organizer, two_games):
    client = _as(organizer)
    listing = client.get(reverse("admin:live_livegame_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Chung kết cụm 1" in html
    assert "Chung kết công an" not in html
    players = client.get(reverse("admin:live_liveplayer_changelist")).content.decode()
    assert "Người 1" in players
    assert "Người 2" not in players
    other = reverse("admin:live_livegame_change", args=[two_games["other"].pk])
    assert client.get(other).status_code == 302  # "does not exist" to the index
    add = client.get(reverse("admin:live_livegame_add"))
    assert add.status_code == 200
    choices = add.context["adminform"].form.fields["contest"].queryset
    assert list(choices) == [two_games["own"].contest]


def test_the_secretariat_reads_live_games_but_never_their_keys(secretary, two_games):
    assert secretary.has_perm("live.view_livegame")
    assert not secretary.has_perm("live.view_livequestion")
    assert not secretary.has_perm("live.change_livegame")
