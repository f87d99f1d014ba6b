"""The production settings plus one bench-only URL (the reference view). Used only
by the rush benchmark's web server (DJANGO_SETTINGS_MODULE=bench.settings); the
portal's own settings never route to it."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
