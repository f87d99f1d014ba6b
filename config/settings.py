"""One settings module, configured from the environment (see .env.example).

With nothing configured the portal runs embedded: SQLite, a local-memory cache and a
Celery broker on the file system (no server needed). With DATABASE_URL and REDIS_URL it
uses Postgres and Redis. Outside DEBUG every production variable must be set, or the
process refuses to start.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.objectstorage import object_storage_settings

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
else:
    # Fail loudly: a production process must never run on a default secret.
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters.")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # First: its runserver serves ASGI, so `make run` serves the live websockets.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "django_htmx",
    "import_export",
    "django_celery_beat",
    "phonenumber_field",
    "core",
    "accounts",
    "quizzes",
    "contests",
    "awards",
    "certificates",
    "review",
    "videos",
    "live",
    "insights",
    "complaints",
]

MIDDLEWARE = [
    # Content-Security-Policy from SECURE_CSP (Django 6.0 has its own), outermost
    # so that every response carries it, the 503 pages below included.
    "config.csp.ContentSecurityPolicyMiddleware",
    # A database or Redis outage answers 503 + Retry-After, never a 500 (core).
    "core.middleware.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Database ---
# Embedded default: SQLite with IMMEDIATE transactions and a busy timeout, so the web
# process, the Celery worker and beat can share one file without "database is locked".
if "DATABASE_URL" in env.ENVIRON:
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The web server's processes (config/serve.py sets it) stop a statement after
    # this many ms: the app server has no request timeout of its own, and no page
    # waits that long legitimately. Celery's long jobs are not limited.
    if statement_timeout_ms := env.int("DB_STATEMENT_TIMEOUT_MS", default=0):
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c statement_timeout={statement_timeout_ms}"
        )
elif DEBUG:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", default=str(BASE_DIR / "var" / "db.sqlite3")),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
else:
    raise ImproperlyConfigured("DATABASE_URL is required when DEBUG is off.")
EMBEDDED = DATABASES["default"]["ENGINE"].endswith("sqlite3")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery broker ---
REDIS_URL = env("REDIS_URL", default="")
if not REDIS_URL and not DEBUG:
    raise ImproperlyConfigured("REDIS_URL is required when DEBUG is off.")

if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis: one redis-py client per process (core/cache.py says why).
            # An outage raises (no IGNORE_EXCEPTIONS): core.middleware answers 503.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # A broker on the file system: `make run` needs no broker server, and beat and
    # the worker still exchange real messages.
    _broker_dir = BASE_DIR / "var" / "celery-broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        # kombu's exchange tables; by default a "control/" folder in the current
        # directory, which `make run` left in the checkout.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }

# The live final's websockets: group messages through Redis between the ASGI
# processes; in the embedded run one process holds them in memory.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py's default 5 s read timeout equals channels-redis's 5 s
                # BZPOPMIN: an idle socket's receive would fail with a timeout and
                # close the websocket (1011). Reads may wait longer than the pop.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": 15,
                        "socket_connect_timeout": 2,
                    }
                ],
                "capacity": 1500,
                "expiry": 30,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Sessions survive a Redis restart: stored in the database, read through the cache.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# How often rounds past their close time are looked for (seconds); the integration
# test shortens it.
AWARDS_SWEEP_SECONDS = env.float("AWARDS_SWEEP_SECONDS", default=60.0)
# Every periodic job, in one place. Each is an idempotent sweep that finds due work.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Attempts left open past their deadline (closed tab, lost phone) are finalised
    # with the answers saved so far; pages also do it lazily on access.
    "contests-sweep-due-attempts": {
        "task": "contests.sweep_due_attempts",
        "schedule": 60.0,
    },
    # Rounds whose close time has passed are closed (open attempts finalised,
    # ranked, prizes allocated), one task per round; contests whose rounds are all
    # closed get their contest-wide and collective results.
    "awards-close-due-rounds": {
        "task": "awards.close_due_rounds",
        "schedule": AWARDS_SWEEP_SECONDS,
    },
    # Chunked video uploads abandoned for two days free their temporary files.
    "videos-purge-uploads": {
        "task": "videos.purge_video_uploads",
        "schedule": 6 * 60 * 60.0,
    },
    # Zips of certificates (names and units) are deleted a week after they are made.
    "certificates-purge-batches": {
        "task": "certificates.purge_certificate_batches",
        "schedule": 24 * 60 * 60.0,
    },
    # Excel exports hold personal data: files older than a week are deleted.
    "awards-purge-exports": {
        "task": "awards.purge_exports",
        "schedule": 24 * 60 * 60.0,
    },
    # The organizers' dashboards read a stored snapshot per contest and day, never
    # the attempts table: running contests are recounted every ten minutes.
    "insights-refresh-dashboards": {
        "task": "insights.refresh_due_dashboards",
        "schedule": 10 * 60.0,
    },
    # The Monday report of the week just closed, mailed once per contest and week
    # (recorded on the report): hourly through Monday, so a worker that was down
    # at 07:00 still sends it (CELERY_TIMEZONE: Asia/Ho_Chi_Minh).
    "insights-weekly-reports": {
        "task": "insights.send_weekly_reports",
        "schedule": crontab(minute=0, hour="7-23", day_of_week="mon"),
    },
    # Rounds that closed in the last week without a review computed since get
    # their question statistics and fair play list, one task per round.
    "review-due-rounds": {
        "task": "review.review_due_rounds",
        "schedule": 5 * 60.0,
    },
}

# --- Auth ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id first (memory-hard), at OWASP's minimum parameters (accounts/hashers.py:
# ~26 ms of CPU a login check against ~220 ms with Django's defaults). Hashes made
# with Django's defaults or PBKDF2 still verify and are rewritten at the next login.
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# django-allauth: sign-up and login by Vietnamese mobile number or email, with password.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    # Says the same for a registered and an unknown email (accounts.forms).
    "reset_password": "accounts.forms.ResetPasswordForm",
}
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "email", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# At sign-up a duplicate phone or email gets a clear error naming the field (the
# contestants' need) rather than allauth's silent "check your inbox". The password
# reset page still never tells whether an email is registered: its form
# (accounts.forms.ResetPasswordForm) answers alike, and an unknown address gets
# allauth's "no account here" mail (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS, on by default).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="none")
# No SMS gateway: off by default. When on, codes go to the log (accounts.adapter).
ACCOUNT_PHONE_VERIFICATION_ENABLED = env.bool(
    "ACCOUNT_PHONE_VERIFICATION_ENABLED", default=False
)
# Offices, schools and mobile carriers put hundreds of people behind one address:
# per-IP limits are generous. Failed logins are strict per key, and the key is the
# login (phone or email) together with the client IP (AccountAdapter), so nobody
# can lock a person out from elsewhere.
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": "200/m/ip,5/5m/key",
    "signup": "100/m/ip",
    "reset_password": "100/m/ip,5/m/key",
    "reset_password_from_key": "100/m/ip",
    # "This CCCD is taken" answers (sign-up, profile): a person needs one, a script
    # checking a list of numbers needs thousands. Past the limit every number gets
    # the same "try later" answer (accounts.ratelimits; "key" = everybody at once).
    "cccd_taken": "3/m/ip,10/h/ip,100/h/key",
}
# Proxies of ours in front of the web server that write X-Forwarded-For (docker-compose:
# nginx, 1). Every per-address limit reads the client through it; 0 ignores the
# header, which anyone can write.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
# Password reset mails: the console in development, EMAIL_URL (smtp://…) otherwise.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="cuocthi@localhost")
# The portal's public origin ("https://thi.example.gov.vn") for links made without a
# request: the Monday report's mails and the certificates' QR codes built by a worker.
# Empty: a page uses its request's origin, and a mail http://localhost:8000.
SITE_URL = env("SITE_URL", default="")

# Answer saves per contestant (django-ratelimit syntax); past it the save answers
# 429 and the attempt page retries it.
CONTESTS_ANSWER_RATE = env("CONTESTS_ANSWER_RATE", default="60/m")
# Certificates: how many verification pages one address may open (django-ratelimit
# rate). Their QR codes hold SITE_URL + the path (the request's origin when unset).
CERTIFICATES_VERIFY_RATE = env("CERTIFICATES_VERIFY_RATE", default="30/m")
# Requests stamped by the load balancer (X-Request-Start) that waited longer than
# this in a queue are refused at once with a 503 (0 = never; see BENCHMARKS.md).
PORTAL_SHED_AFTER_MS = env.int("PORTAL_SHED_AFTER_MS", default=2000)

# --- Internationalisation ---
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Day-first date input and display for every language offered (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]
PHONENUMBER_DEFAULT_REGION = "VN"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

# --- Static and media ---
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# Object storage shared by every web node (any S3-compatible service): clips,
# posters, exports, uploads in progress and import previews. Unset: MEDIA_ROOT on
# this machine's disk, which only one node can use (README: "Growing past one
# machine"). The bucket stays private: the browser gets presigned URLs.
S3_BUCKET = env("S3_BUCKET", default="")
S3_ENDPOINT_URL = env("S3_ENDPOINT_URL", default="")
OBJECT_STORAGE = bool(S3_BUCKET)
# Chunks of video uploads in progress when there is no object storage. Never under
# MEDIA_ROOT (it is served).
VIDEO_UPLOAD_TEMP_DIR = env(
    "VIDEO_UPLOAD_TEMP_DIR", default=str(BASE_DIR / "var" / "uploads")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if OBJECT_STORAGE:
    vars().update(
        object_storage_settings(
            STORAGES,
            bucket=S3_BUCKET,
            endpoint_url=S3_ENDPOINT_URL,
            access_key=env("S3_ACCESS_KEY_ID", default=""),
            secret_key=env("S3_SECRET_ACCESS_KEY", default=""),
            region=env("S3_REGION", default=""),
            prefix=env("S3_PREFIX", default=""),
            addressing_style=env("S3_ADDRESSING_STYLE", default="path"),
            url_expire_seconds=env.int("S3_URL_EXPIRE_SECONDS", default=3600),
        )
    )

# --- Security ---
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Where video clips and posters are served from when they live in object storage
# (e.g. https://videos.s3.example.vn); the portal's own origin always is.
# Default: the object storage's endpoint, which the presigned URLs point at.
CSP_MEDIA_ORIGINS = env.list(
    "CSP_MEDIA_ORIGINS",
    default=[S3_ENDPOINT_URL.rstrip("/")] if OBJECT_STORAGE and S3_ENDPOINT_URL else [],
)
# Strict: the pages carry no inline script, style or event handler (JavaScript in
# static/js, styles in static/css; htmx's own indicator style is off, base.html).
# Django 6.0 reads this same setting.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # data: for Bootstrap's inline SVG icons (checkboxes, selects, the menu button).
    "img-src": ["'self'", "data:", *CSP_MEDIA_ORIGINS],
    "media-src": ["'self'", *CSP_MEDIA_ORIGINS],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs seven "Step n - …" lines per certificate at INFO: a zip of a
    # thousand certificates would bury the worker's log. Its warnings still show.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
