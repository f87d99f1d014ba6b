import pytest
from django.test import Client


@pytest.fixture
def organizer_client(organizer):
    """The organizer, logged in: the Ban Tổ chức role holds every quizzes permission."""
    client = Client()
    client.force_login(organizer)
    return client


@pytest.fixture
def client_for():
    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login
