"""The live final's process in the production-shaped stack and the embedded run."""

from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_daphne_next_to_the_web_server_on_redis():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    live = services["live"]
    assert live["command"][0] == "daphne"
    assert "config.asgi:application" in live["command"]
    assert "healthcheck" in live
    assert "config.serve" in services["web"]["command"]


def test_runserver_serves_asgi_and_the_layer_follows_redis():
    # daphne first: `make run`'s runserver then serves the websockets too.
    assert settings.INSTALLED_APPS[0] == "daphne"
    assert settings.ASGI_APPLICATION == "config.asgi.application"
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    expected = (
        "channels_redis.core.RedisChannelLayer"
        if settings.REDIS_URL
        else "channels.layers.InMemoryChannelLayer"
    )
    assert backend == expected
