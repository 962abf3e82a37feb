"""Glossa settings: one module, read from the environment, with defaults for local use.

Environment:
    DATABASE_URL         default sqlite:///db.sqlite3 (postgres://… for PostgreSQL)
    DJANGO_SECRET_KEY    required when DJANGO_DEBUG is off outside tests (the app refuses to start)
    GLOSSA_SIGNIN_FAILURE_LIMIT (5 wrong passwords in a row), GLOSSA_SIGNIN_COOLOFF_MINUTES (15)
    DJANGO_DEBUG         "1" for local development (make run sets it)
    DJANGO_ALLOWED_HOSTS comma-separated, default 127.0.0.1,localhost
    CSRF_TRUSTED_ORIGINS comma-separated origins (https://glossa.example.org) behind a proxy
    GLOSSA_HTTPS         "1" when served over HTTPS behind a proxy that sets X-Forwarded-Proto:
                         secure cookies, HSTS (GLOSSA_HSTS_SECONDS, default a year), redirect to https
    CACHE_URL            redis://127.0.0.1:6379/0 to share the cache between processes and
                         machines; default an in-process cache of GLOSSA_CACHE_MAX_BYTES (64 MB)
    GLOSSA_STATIC_ROOT   where collectstatic puts files (default staticfiles/)
    GLOSSA_IMPORT_MAX_BYTES (one file, 2 MB), GLOSSA_IMPORT_MAX_LINE_CHARS (one line),
    GLOSSA_IMPORT_MAX_ZIP_BYTES (a zip unpacked, 20 MB), GLOSSA_IMPORT_MAX_ZIP_FILES (100)
"""

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .cache import cache_is_shared, caches_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG")
TESTING = "pytest" in sys.modules or "test" in sys.argv[1:2]
# Served to the public: static files collected and compressed, not read from the app folders.
PRODUCTION = not DEBUG and not TESTING

# The fallback key is public (it is in this file), so it only ever signs sessions on a
# developer's own machine or in tests. Anywhere else a missing key stops the app at start:
# failing open would let anyone forge session cookies and sign in as any editor or admin.
DEVELOPMENT_SECRET_KEY = "glossa-local-development-key-not-for-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off Glossa will not start with the public "
            "development key: set DJANGO_SECRET_KEY to a long random string (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set DJANGO_DEBUG=1 on a "
            "development machine."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
if TESTING:
    ALLOWED_HOSTS.append("testserver")
CSRF_TRUSTED_ORIGINS = [origin for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "catalogue",
    "annotations",
    "search",
    "backups",
    "axes",
    "exchange",
    "ninja",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.permissions_policy",
    "config.middleware.refuse_nul_characters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "exchange.middleware.annotation_negotiation",
    # Last, as axes asks: it turns a refused sign-in into the lockout page.
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
            # Named fragments ("page.html#name"), as Django 6.0 will have built in.
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # Only the reading's hot parts (templates/annotations/notes.jinja, config/templating.py),
        # always asked for by this engine's name; every page is a Django template.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.templating.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many editors at once on one SQLite file: WAL lets readers run beside a writer, IMMEDIATE
    # takes the write lock at BEGIN (no deadlocked upgrade from a read lock), and the timeout
    # makes a second writer wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not shared-cache memory, so that tests exercise the same locking as production.
    # One file per test run, so that runs side by side never share a database.
    # In the system's temporary folder, where SQLite's -wal/-shm side files may stay behind.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"glossa-test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = caches_from_url(os.environ.get("CACHE_URL", ""))
# Sessions live in the database, read through the cache when every process shares it. A
# per-process cache would let one worker keep a session another has since signed out, so
# without a shared cache each request reads its session row (config/signin.py: Django's
# database sessions, read with one plain SELECT).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if cache_is_shared(CACHES) else "config.signin"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # PBKDF2's deliberate slowness is most of the suite's time (every editor fixture and sign-in
    # hashes a password); the tests are about who may do what, not about the hash.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sign-in limits (django-axes). Axes checks before the password does, so once an account or an
# address has failed GLOSSA_SIGNIN_FAILURE_LIMIT times in a row, the next attempt is refused
# even with the right password, until the cool-off has passed or an admin clears the lockout
# (admin → Axes → Access attempts). Either the account or the address is enough to lock: one
# address guessing many accounts, or many addresses guessing one account.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: it refuses before any password is checked
    # Django's ModelBackend, loading the signed-in user with their editor role in one query.
    # Sessions name the backend that signed them in: sessions from before it (naming ModelBackend)
    # are signed out once.
    "config.signin.SignInBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("GLOSSA_SIGNIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("GLOSSA_SIGNIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True  # "in a row": a good sign-in forgets the account's earlier failures
# The attempts live in the database, so every server (and every gunicorn worker) sees the same count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "config.lockout.locked_out"
# Only failures and lockouts are worth keeping; a row per successful sign-in would grow forever.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "piece_list"
LOGOUT_REDIRECT_URL = "piece_list"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("GLOSSA_STATIC_ROOT", BASE_DIR / "staticfiles"))
if PRODUCTION:
    # `make serve` runs collectstatic: each file gets a hashed name (cached for a year by
    # browsers) and a gzip copy that whitenoise serves to clients that accept it.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    # Development and tests: served straight from the app folders, no collectstatic step.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS is ended by a proxy in front of gunicorn (nginx, a load balancer), which must set
# X-Forwarded-Proto and strip it from what clients send. Off for plain http://127.0.0.1.
if env_flag("GLOSSA_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health check may come over plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("GLOSSA_HSTS_SECONDS", 365 * 24 * 3600))
    # Every subdomain is then HTTPS-only too; set to 0 if one of them is not served over HTTPS.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("GLOSSA_HSTS_INCLUDE_SUBDOMAINS", True)
    # The header only allows the domain to be submitted to the browsers' preload list;
    # nothing is submitted unless someone does it at hstspreload.org.
    SECURE_HSTS_PRELOAD = env_flag("GLOSSA_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp): scripts, styles and everything else from this site
# only, no inline code and no eval. htmx is told not to inject its indicator <style>
# (the htmx-config meta in base.html), and every page's JavaScript is in static/js/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Features no page uses, refused to the page and to anything it might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), usb=(), serial=(), xr-spatial-tracking=()"
)

GLOSSA_IMPORT_MAX_BYTES = int(os.environ.get("GLOSSA_IMPORT_MAX_BYTES", 2_000_000))
GLOSSA_IMPORT_MAX_LINE_CHARS = int(os.environ.get("GLOSSA_IMPORT_MAX_LINE_CHARS", 10_000))
GLOSSA_IMPORT_MAX_ZIP_BYTES = int(os.environ.get("GLOSSA_IMPORT_MAX_ZIP_BYTES", 20_000_000))
GLOSSA_IMPORT_MAX_ZIP_FILES = int(os.environ.get("GLOSSA_IMPORT_MAX_ZIP_FILES", 100))

# Background work (imports): Django's Tasks framework through the django-tasks backport, queued
# in the database, so a queue needs no other service; `manage.py db_worker` runs the tasks
# (`make run` starts one beside the server). Tests run each task at once, in the test's thread.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
        ),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
