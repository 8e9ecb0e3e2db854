"""Settings for the palliative practice manager.

Everything comes from environment variables. With none set, the app runs on an embedded
default: SQLite, Celery tasks run eagerly in-process, email printed to the console. Production
sets DATABASE_URL (PostgreSQL), REDIS_URL, SECRET_KEY and the security switches listed in
.env.example.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-key-only")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "auditlog",
    "axes",
    "csp",
    "palliative",
    "billing",
    "letters",
    "appeals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-auditlog: who and from where, for every audit row; records the PHI reads (palliative/audit.py).
    "palliative.audit.AuditMiddleware",
    "csp.middleware.CSPMiddleware",
    # Signed-in pages show PHI: never kept by the browser or a proxy (palliative/middleware.py).
    "palliative.middleware.NoStoreForSignedIn",
    # django-axes last, as its docs ask: refuses a locked-out login before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "palliative.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any query its planner costs above jit_above_cost: 50-1,500 ms
    # added to page queries that run in tens of ms at 50k patients (bench/run.py; README
    # "Performance"). The app runs short OLTP queries, where JIT never pays back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "palliative.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "palliative:home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # django-axes counts failed logins and refuses a locked-out user or address first.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# At least 12 characters (NIST SP 800-63B 5.1.1 sets 8 as the floor; the practice asks 12).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded clinical documents live outside static/ and are served only through views that
# check the user's role.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
FILE_UPLOAD_PERMISSIONS = 0o640

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Failed logins (HIPAA 164.308(a)(5)(ii)(C), log-in monitoring): after AXES_FAILURE_LIMIT
# failures a username, and separately an address, is locked for AXES_COOLOFF_MINUTES or
# until an admin unlocks it (Staff → Locked logins). Behind the TLS proxy the client address
# is the proxy's X-Forwarded-For.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Sessions (HIPAA 164.312(a)(2)(iii), automatic logoff): a session ends after
# SESSION_IDLE_MINUTES without a request; the page warns SESSION_IDLE_WARNING_SECONDS before
# (static/js/app.js).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=15)
SESSION_IDLE_WARNING_SECONDS = 60
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from the app's
# own static files; no inline script or style, no framing, forms post only to the app.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Security switches: on by default whenever DEBUG is off.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# The TLS-terminating proxy usually redirects; production sets this to true (.env.example).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Signed letters are sealed with HMAC-SHA256 under a key the database never holds
# (letters/seals.py). "id:secret" pairs, comma-separated; the first seals, all verify, so a key
# is rotated by putting a new one first and keeping the old ones (README). The development
# default derives a key from SECRET_KEY; `check --deploy` warns until a real key is set.
LETTER_SEAL_KEYS = dict(
    item.split(":", 1) for item in env.list("LETTER_SEAL_KEYS", default=[f"dev:{SECRET_KEY}"]) if ":" in item
)

# Email: console in the embedded default; production sets EMAIL_URL (smtp+tls://user:pass@host:587).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Palliative Practice <no-reply@localhost>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery. Without REDIS_URL, tasks run eagerly in the web process (the embedded default).
REDIS_URL = env("REDIS_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# Reminders guard deadlines, so a lost one is worse than a repeat: tasks are acknowledged only
# once they finished (a worker child killed mid-task is redone at once, reject_on_worker_lost),
# and a task held by a worker that died whole comes back after the visibility timeout: ten
# minutes, twice the hard time limit, so a task still running is never handed out twice. The
# tasks are idempotent (unique notification keys), and a catch-up every five minutes emails
# any notification recorded but not sent. Redis must persist (AOF): README, Production.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Kombu looks for such tasks every `unacked_restore_interval` seconds but scans Redis only on
# every `unacked_restore_throttle`-th look: by default every 10 x 10 = 100 s, so a task could
# wait the timeout plus 100 s. Scanning on every look, at a tenth of the timeout (10 s at most;
# a single ZRANGEBYSCORE under a mutex), brings it back at most that long after it is due.
_visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=10 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    "unacked_restore_interval": max(1, min(10, _visibility_timeout // 10)),
    "unacked_restore_throttle": 1,
    # How long an idle worker's wait on Redis lasts (kombu's brpop_timeout); a worker told to stop
    # finishes that wait first. The integration tests start and stop workers often: 0.1 s there.
    "polling_interval": env.float("CELERY_BROKER_POLL_SECONDS", default=1.0),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Daily reminders. Each task scans for everything due up to today, so a day missed while
# beat or Redis was down is caught up by the next run.
CELERY_BEAT_SCHEDULE = {
    "notifications-catch-up": {
        "task": "palliative.tasks.send_unsent_notifications",
        "schedule": crontab(minute="*/5"),
    },
    "documentation-nudges": {
        "task": "palliative.tasks.send_documentation_nudges",
        "schedule": crontab(hour=7, minute=0),
    },
    "billing-rescrub-open-claims": {
        "task": "billing.tasks.rescrub_open_claims",
        "schedule": crontab(hour=5, minute=30),
    },
    "letter-reminders": {
        "task": "letters.tasks.send_letter_reminders",
        "schedule": crontab(hour=7, minute=10),
    },
    "appeal-deadline-reminders": {
        "task": "appeals.tasks.send_appeal_deadline_reminders",
        "schedule": crontab(hour=7, minute=20),
    },
    "appeal-late-decision-reminders": {
        "task": "appeals.tasks.send_late_decision_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "billing-dashboard-refresh": {
        "task": "appeals.tasks.refresh_dashboard",
        "schedule": crontab(minute="*/10"),
    },
}

# The practice that bills (837P loop 2010AA) and signs letters.
PRACTICE = {
    "name": env("PRACTICE_NAME", default="Riverbend Palliative Care"),
    "npi": env("PRACTICE_NPI", default="1558598797"),
    "tax_id": env("PRACTICE_TAX_ID", default="123456789"),
    "address": env("PRACTICE_ADDRESS", default="100 Main Street"),
    "city": env("PRACTICE_CITY", default="Springfield"),
    "state": env("PRACTICE_STATE", default="IL"),
    "zip": env("PRACTICE_ZIP", default="627011234"),
    "phone": env("PRACTICE_PHONE", default="2175550100"),
    "fax": env("PRACTICE_FAX", default="2175550101"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"denied_without_traceback": {"()": "config.logging.DeniedWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint narrates every rendering step at INFO; only its problems are worth a line.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
        # A refused page is one line, not a traceback (config/logging.py).
        "django.request": {"filters": ["denied_without_traceback"]},
    },
}
