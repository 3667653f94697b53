"""Django settings for Adalet, read from ADALET_* and a few standard environment variables.

State lives under $ADALET_HOME (default ./var): SQLite database, blob store, logs.
DATABASE_URL switches to PostgreSQL; REDIS_URL switches background tasks to RQ on Redis.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from adalet.home import database_path, ensure_home, home
from adalet.lib.keys import site_secret

BASE_DIR = Path(__file__).resolve().parent
ensure_home()

# Never a constant: ADALET_SECRET_KEY, else a key file (ADALET_SECRET_KEY_FILE, or $ADALET_HOME/secret_key written
# with random bytes on first use, mode 0600). Keys of sessions and links signed under an earlier secret: the
# comma-separated ADALET_SECRET_KEY_FALLBACKS. Keyed hashes use keys derived per purpose (adalet.lib.keys).
_secret = site_secret()
SECRET_KEY = _secret.value
SECRET_KEY_SOURCE = _secret.source
SECRET_KEY_FALLBACKS = [k for k in os.environ.get("ADALET_SECRET_KEY_FALLBACKS", "").split(",") if k]
DEBUG = os.environ.get("ADALET_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ADALET_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]
REDIS_URL = os.environ.get("REDIS_URL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "adalet.ninja_assets",  # ninja's templates and static files, without importing ninja
    "adalet.archive",
    "adalet.people",
    "adalet.verify",
    "adalet.web",
    "adalet.api",
    "adalet.sanctions",
    "adalet.campaigns",
    "adalet.bundles",
]
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "adalet.lib.pagecache.PageCacheMiddleware",  # before sessions, locale and CSRF: a stored page skips them
    "django.contrib.sessions.middleware.SessionMiddleware",
    "adalet.web.languages.LocaleMiddleware",  # the language of /ug/… and /zh-hans/…, else the reader's
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "adalet.web.secondfactor.SecondFactorMiddleware",  # password only, when a second factor is required: a visitor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "adalet.urls"
WSGI_APPLICATION = "adalet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "adalet.web.secondfactor.context",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    # PostgreSQL's planner assumes spinning disks (random_page_cost 4): on SSD or memory, 1.1 is the usual setting,
    # and with it a search reads the GIN index instead of every tsvector (half its time on the demo leak).
    # ADALET_PG_RANDOM_PAGE_COST="" leaves the server's own.
    _page_cost = os.environ.get("ADALET_PG_RANDOM_PAGE_COST", "1.1")
    if _page_cost and DATABASES["default"]["ENGINE"].endswith("postgresql"):
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c random_page_cost={float(_page_cost)}".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(database_path()),
            "OPTIONS": {
                # Writers take the lock when their transaction begins, so concurrent workers
                # queue instead of failing on a lock upgrade; WAL lets readers go on meanwhile.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
            },
            "TEST": {"NAME": str(home() / "test.sqlite3")},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One queue name for every process of an installation (ADALET_QUEUE tells installations apart on one Redis).
TASK_QUEUE = os.environ.get("ADALET_QUEUE", "default")
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [TASK_QUEUE]}}
    RQ_QUEUES = {TASK_QUEUE: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": [TASK_QUEUE]}}
# Started by `adalet worker` beside its queue (dotted paths of functions): the sanctions lists' fetch schedule, on when
# ADALET_SANCTIONS_FETCH_HOURS is over 0 (adalet.sanctions.tasks).
WORKER_STARTUP = ["adalet.sanctions.tasks.start_schedule"]

# The shared cache: stored public pages and the token that says they are current (adalet.changes). Shared by
# every process: Redis when REDIS_URL is set (several machines), else files under $ADALET_HOME (one machine).
# Keys name the queue and (adalet.changes.scope) the database, so installations sharing a Redis share nothing.
CACHE_PREFIX = os.environ.get("ADALET_CACHE_PREFIX") or f"adalet:{TASK_QUEUE}"
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": CACHE_PREFIX}}
else:
    CACHES = {"default": {"BACKEND": "adalet.filecache.FileCache",
                          "LOCATION": str(home() / "cache"), "KEY_PREFIX": CACHE_PREFIX,
                          "OPTIONS": {"MAX_ENTRIES": 5000}}}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ug", "ئۇيغۇرچە"), ("zh-hans", "简体中文")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "web" / "locale"]  # ours first, over Django's own catalogs
FORMAT_MODULE_PATH = ["adalet.web.formats"]  # formats Django lacks for a language (Uyghur date and time)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = home() / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step

# Sign-in: Argon2 hashes, django-axes throttling (below: per username and address, and per username),
# optional TOTP devices (django-otp). The site's own security headers follow.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp", "csp"]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Two lockouts (adalet.lib.lockout): 5 failures for one username from one address lock that address out of it;
# 20 failures for one username from all addresses together lock the username for everyone (an attacker who spreads
# guesses over many addresses), each for the cool-off time. The price of the second: anyone can lock a known
# username for 15 minutes with 20 wrong passwords; the gain: a guesser with any number of addresses has 20 tries
# per cool-off time (a successful sign-in, AXES_RESET_ON_SUCCESS, clears the username's count).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = "adalet.lib.lockout.failure_limit"
ADALET_LOCKOUT_PER_ADDRESS = int(os.environ.get("ADALET_LOCKOUT_PER_ADDRESS", "5"))
ADALET_LOCKOUT_PER_ACCOUNT = int(os.environ.get("ADALET_LOCKOUT_PER_ACCOUNT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked.html"
# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDR networks, comma-separated; none by default):
# rate limits, sign-in lockouts and the hashed client on the custody log then see the client, not the proxy.
ADALET_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("ADALET_TRUSTED_PROXIES", "").split(",") if p.strip()]
AXES_CLIENT_IP_CALLABLE = "adalet.lib.clientip.client_ip"
# Second factor (TOTP, enrolled at /workspace/security/): asked at sign-in of anyone with a confirmed device;
# with ADALET_REQUIRE_2FA_FOR_STAFF=1 an account signed in with its password alone is a visitor everywhere (site,
# API, letters, admin) until it has enrolled a device and given a code (adalet.web.secondfactor).
OTP_TOTP_ISSUER = "Adalet"
ADALET_REQUIRE_2FA_FOR_STAFF = os.environ.get("ADALET_REQUIRE_2FA_FOR_STAFF", "") == "1"
# The workspace's upload for ingest: the largest file accepted (bytes; default 2 GiB).
# Keys held apart from SECRET_KEY when set: the search index's hashes of personal numbers (`adalet reindex` after a
# change) and the keyed hashes of relative searches on the custody log (an auditor with the key checks a query).
ADALET_INDEX_KEY = os.environ.get("ADALET_INDEX_KEY", "")
ADALET_AUDIT_QUERY_KEY = os.environ.get("ADALET_AUDIT_QUERY_KEY", "")
# Searches a minute (/search, /api/search, /api/match) from one address and from one /24 or /64, for visitors and
# accounts without a role: "30,120" unless ADALET_SEARCH_LIMITS says otherwise.
ADALET_SEARCH_LIMITS = tuple(int(n) for n in os.environ.get("ADALET_SEARCH_LIMITS", "30,120").split(",")[:2])
ADALET_UPLOAD_MAX_BYTES = int(os.environ.get("ADALET_UPLOAD_MAX_BYTES", str(2 * 1024**3)))

# A strict Content-Security-Policy: nothing inline, nothing from elsewhere. The API's Swagger page loads its
# scripts from a CDN, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/docs"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind HTTPS (ADALET_HTTPS=1): cookies only over TLS, redirect plain HTTP, HSTS. Off for the local demo on http.
if os.environ.get("ADALET_HTTPS", "") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# Deployment checks (`adalet check --deploy`, and `adalet serve` with ADALET_HTTPS=1, which refuses on a warning):
# HSTS preloading is a commitment to browsers' lists made apart from the header, so Django's reminder is silenced;
# a warning the operator accepts is named in ADALET_SILENCED_CHECKS.
SILENCED_SYSTEM_CHECKS = ["security.W021"] + [
    name.strip() for name in os.environ.get("ADALET_SILENCED_CHECKS", "").split(",") if name.strip()
]

# Originals a minute (/items/ID/original) from one address and from one /24 or /64, for visitors and accounts
# without a role: "20,60" unless ADALET_DOWNLOAD_LIMITS says otherwise (each download is a custody record).
ADALET_DOWNLOAD_LIMITS = tuple(int(n) for n in os.environ.get("ADALET_DOWNLOAD_LIMITS", "20,60").split(",")[:2])

# Logs under $ADALET_HOME/logs: adalet.log has the `adalet` logger (INFO unless ADALET_LOG_LEVEL says otherwise);
# errors.log has every error with its traceback (a request answered 5xx, `django.request`, and the `adalet`
# logger's errors), and so does stderr, where a service manager collects it. WatchedFileHandler reopens a file
# that logrotate moved away. 4xx answers (django.request warnings) are not logged: they are the visitor's mistake.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(process)d: %(message)s"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": LOG_FORMAT}},
    "handlers": {
        "file": {"class": "logging.handlers.WatchedFileHandler", "filename": str(home() / "logs" / "adalet.log"),
                 "formatter": "plain"},
        "errors": {"class": "logging.handlers.WatchedFileHandler", "filename": str(home() / "logs" / "errors.log"),
                   "formatter": "plain", "level": "ERROR"},
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "level": "ERROR"},
    },
    "loggers": {
        "adalet": {"handlers": ["file", "errors", "stderr"], "level": os.environ.get("ADALET_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["errors", "stderr"], "level": "ERROR", "propagate": False},
    },
}
