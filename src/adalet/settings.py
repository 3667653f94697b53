"""Django settings for Adalet, read from ADALET_* and a few standard environment variables.

State lives under $ADALET_HOME (default ./var): SQLite database, blob store, logs.
DATABASE_URL switches to PostgreSQL; REDIS_URL switches background tasks to RQ on Redis.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from adalet.home import database_path, ensure_home, home

BASE_DIR = Path(__file__).resolve().parent
ensure_home()

SECRET_KEY = os.environ.get("ADALET_SECRET_KEY") or "adalet-development-key-change-me-in-production"
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
    "ninja",
    "adalet.archive",
    "adalet.people",
    "adalet.verify",
    "adalet.web",
    "adalet.api",
    "adalet.sanctions",
    "adalet.campaigns",
]
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
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

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ug", "ئۇيغۇرچە"), ("zh-hans", "简体中文")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = home() / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step

LOGIN_URL = "/admin/login/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"file": {"class": "logging.FileHandler", "filename": str(home() / "logs" / "adalet.log")}},
    "loggers": {"adalet": {"handlers": ["file"], "level": os.environ.get("ADALET_LOG_LEVEL", "INFO")}},
}
