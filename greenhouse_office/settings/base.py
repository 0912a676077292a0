"""Settings for every environment, read from environment variables (12-factor).

Environments differ only by their variables (docs/adr/0002-one-settings-module-from-the-environment.md):
the demo sets DJANGO_DEBUG=true, production sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DATABASE_URL and REDIS_URL. Tests use settings/test.py on top of this module.
"""

from datetime import date
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer may keep variables in ./.env (never committed); real variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Secure by default: debug is on only when asked for.
DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the system refuses to start "
            "with a guessable key: set DJANGO_SECRET_KEY to a long random value (for example "
            "the output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-while-DJANGO_DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "greenhouse_office",
    "assessments",
    "taskforces",
    # After our apps, so templates/allauth and templates/account override allauth's own.
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    # First: a body larger than any upload is answered 413 before anything reads it.
    "greenhouse_office.middleware.RefuseOversizedBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header, with a fresh nonce per response (settings below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Office staff, the Director and the Minister use the system only with TOTP set up.
    "greenhouse_office.accounts.mfa.RequireMultiFactorMiddleware",
]

ROOT_URLCONF = "greenhouse_office.urls"
WSGI_APPLICATION = "greenhouse_office.wsgi.application"

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
                "greenhouse_office.context_processors.statute_figures",
                "greenhouse_office.context_processors.navigation",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------
# PostgreSQL in production and CI; an SQLite file in the project for the embedded demo.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "greenhouse_office.User"

# Redis is the Celery broker, result backend and shared cache. It has no default: without it
# tasks run in-process and the cache is per-process, which is all the embedded demo needs.
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open: while Redis is unreachable each process uses its own in-memory cache.
            "BACKEND": "greenhouse_office.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "greenhouse",
            # Seconds. Short, so the call that finds Redis down does not hold up the request.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    # A copy of each session in Redis spares every signed-in request its session query; the database
    # stays the record, read while Redis is down (greenhouse_office/sessions.py). Without Redis the
    # sessions stay in the database only: a per-process cache would differ between processes.
    SESSION_ENGINE = "greenhouse_office.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background jobs (Celery) -----------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # with a host name kombu does not warn
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Australia/Sydney"
# At-least-once: a task is acknowledged after it ran, so one lost with its worker (kill -9, a lost
# pool process) runs again; every task is idempotent, and emails go exactly once (the outbox row is
# the key: docs/adr/0007-email-outbox.md).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a dead worker holds back one task, not a batch
CELERY_TASK_TIME_LIMIT = 10 * 60
# Seconds before Redis hands an unacknowledged task to another worker. Longer than any task runs
# (the time limit above; the PDF tasks' is shorter) and than the longest retry countdown (send_email
# backs off up to 10 minutes; a task waiting for its countdown is unacknowledged too), with margin.
# Tests lower it (and the restore sweep) through the environment so a redelivery takes seconds.
BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=30 * 60)
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hold up an act while Redis is down: connect within 0.3 s, try once more (a
# pooled connection may have gone stale), then give up; the email waits in the outbox and
# resend_queued_emails sends it once Redis is back (docs/adr/0007-email-outbox.md). Seconds.
CELERY_BROKER_CONNECTION_TIMEOUT = 0.3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 0.3,
    "socket_timeout": 0.5,
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    # kombu's sweep that gives unacknowledged tasks older than the visibility timeout back to the
    # queue: every interval seconds, scanning on every throttle-th sweep (kombu's defaults: 10, 10).
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=60),
    "unacked_restore_throttle": 1,
}
# Only one beat may run the schedule: greenhouse_office.celery.SingleBeatScheduler holds a lock in
# Redis (its TTL refreshed while beat runs); a second beat started by mistake waits without sending.
CELERY_BEAT_SCHEDULER = "greenhouse_office.celery:SingleBeatScheduler"
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0,
    "interval_max": 0,
}
# The periodic jobs. Each reads the database, so a missed run catches up at the next one.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "greenhouse_office.tasks.record_heartbeat",
        "schedule": crontab(minute="*/5"),
    },
    # s33(3): at 00:05 Canberra time, the first run after a closing day ends, then hourly to catch up.
    "close-comment-periods": {
        "task": "assessments.tasks.close_comment_periods",
        "schedule": crontab(minute=5),
    },
    # s32(1): 7-day and 1-day warnings and the overdue flag, each sent once.
    "warn-evaluation-deadlines": {
        "task": "assessments.tasks.warn_evaluation_deadlines",
        "schedule": crontab(minute=15),
    },
    # ss36-39: at 04:30 Canberra time, each Part 7 duty due or overdue told once per status, and
    # published plans' missing PDFs rendered (s38).
    "watch-part7-duties": {
        "task": "taskforces.tasks.watch_part7_duties",
        "schedule": crontab(hour=4, minute=30),
    },
    # The outbox: send again emails whose send task was lost (or never published: broker down).
    "resend-queued-emails": {
        "task": "greenhouse_office.tasks.resend_queued_emails",
        "schedule": crontab(minute="*/10"),
    },
}

# --- People -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts: django-allauth (docs/adr/0010-accounts-with-allauth.md). Every way in (the sign-in page,
# the admin, which sends its login there, and the API's token endpoint) authenticates through
# allauth's adapter, so one rate limit and lockout covers them all.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
ACCOUNT_ADAPTER = "greenhouse_office.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "greenhouse_office.accounts.forms.LoginForm",
    "signup": "greenhouse_office.accounts.forms.SignupForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Greenhouse Office: "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_REDIRECT_URL = "portal:home"  # a new person creates or joins an organisation there
# Lockout: 5 wrong passwords for one account lock it for 15 minutes at every login path; an address
# may fail 30 times a minute, so one person's typos do not lock out their colleagues behind one
# proxy. The rest are allauth's defaults.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("GREENHOUSE_LOGIN_FAILED_RATE", default="30/m/ip,5/15m/key"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "greenhouse_office.accounts.forms.AuthenticateForm",
    "reauthenticate": "greenhouse_office.accounts.forms.ReauthenticateForm",
}
MFA_TOTP_ISSUER = "Greenhouse Office"
# API tokens expire; their owner lists and revokes them at /accounts/api-tokens/.
GREENHOUSE_API_TOKEN_DAYS = env.int("GREENHOUSE_API_TOKEN_DAYS", default=90)

# --- Place and time ---------------------------------------------------------------------------
# The Office is in Canberra; legal time is Australia/Sydney (AEST/AEDT).
LANGUAGE_CODE = "en-au"
TIME_ZONE = "Australia/Sydney"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Largest PDF accepted (a GIA with maps and appendices).
GREENHOUSE_MAX_DOCUMENT_BYTES = env.int("GREENHOUSE_MAX_DOCUMENT_BYTES", default=25 * 1024 * 1024)
# What an uploaded PDF may hold (greenhouse_office/uploads.py checks every upload). These limits are
# the system's choices against malicious files, not numbers of the Bill: generous for a real GIA.
GREENHOUSE_UPLOAD_MAX_PAGES = env.int("GREENHOUSE_UPLOAD_MAX_PAGES", default=5_000)
GREENHOUSE_UPLOAD_MAX_OBJECTS = env.int("GREENHOUSE_UPLOAD_MAX_OBJECTS", default=500_000)
# Bytes one stream may inflate to, and all streams together (a 199 KB file can inflate to 200 MB).
GREENHOUSE_UPLOAD_MAX_STREAM_BYTES = env.int("GREENHOUSE_UPLOAD_MAX_STREAM_BYTES", default=64 * 1024 * 1024)
GREENHOUSE_UPLOAD_MAX_INFLATED_BYTES = env.int(
    "GREENHOUSE_UPLOAD_MAX_INFLATED_BYTES", default=150 * 1024 * 1024
)
# Documents uploaded to one application, superseded GIAs included (the Office's own PDFs aside).
GREENHOUSE_MAX_DOCUMENTS_PER_APPLICATION = env.int("GREENHOUSE_MAX_DOCUMENTS_PER_APPLICATION", default=50)
# A request body longer than the largest upload (or form) plus this margin is answered 413 before it
# is read (greenhouse_office.middleware.RefuseOversizedBodyMiddleware).
GREENHOUSE_UPLOAD_BODY_MARGIN_BYTES = env.int("GREENHOUSE_UPLOAD_BODY_MARGIN_BYTES", default=1024 * 1024)
# Form bodies (uploads aside) Django reads into memory; JSON bodies are capped lower, at 1 MB, by the
# API's parser (greenhouse_office.api.parsers).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded documents are private: no MEDIA_URL; views serve them to those allowed.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "media-private")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# --- Email ------------------------------------------------------------------------------------
# EMAIL_URL such as smtp+tls://user:password@mail.example.gov.au:587; console by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Greenhouse Office <no-reply@greenhouse.example.gov.au>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the site is reached, for the links in emails (no request to build them from in a task).
GREENHOUSE_SITE_URL = env.str("GREENHOUSE_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Days an invitation into an organisation stays open (the system's choice, not the Bill's).
GREENHOUSE_INVITATION_DAYS = env.int("GREENHOUSE_INVITATION_DAYS", default=14)
# s33(1)(a) makes copies available "on request" but sets no time: the Office's own service standard,
# in business days (Canberra), for answering a request for a copy.
GREENHOUSE_COPY_REQUEST_BUSINESS_DAYS = env.int("GREENHOUSE_COPY_REQUEST_BUSINESS_DAYS", default=10)

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # drf-spectacular's, adding the 401/403/404/429 each view's classes imply (greenhouse_office.api.schema).
    "DEFAULT_SCHEMA_CLASS": "greenhouse_office.api.schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "greenhouse_office.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's ScopedRateThrottle counted in one Redis round trip a request (greenhouse_office.throttling).
    "DEFAULT_THROTTLE_CLASSES": ["greenhouse_office.throttling.ScopedFixedWindowThrottle"],
    # Generous: a person never meets these; a script hammering the service does.
    # Behind N trusted proxies, rate limits key on the client address they report (not a spoofable header).
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=0) if not DEBUG else None,
    "DEFAULT_THROTTLE_RATES": {
        "screening": "60/minute",
        # Per client: public comments (s33(2)(c)) and token sign-in (password guessing).
        "public_comments": "20/minute",
        "auth_token": "30/minute",
        # Per client: requests for a copy on the public register (each one is a letter or an email).
        "copy_requests": "10/hour",
        # Per client: Content-Security-Policy violation reports (a page may send several at once).
        "csp_reports": "60/minute",
        # Per client address: anonymous views of the public HTML pages (greenhouse_office.public_pages).
        "page_views": env.str("GREENHOUSE_PAGE_VIEW_RATE", default="300/minute"),
    },
    # JSON bodies of at most 1 MB, nested at most 20 levels (greenhouse_office.bounds): a 400, never a 500.
    "DEFAULT_PARSER_CLASSES": [
        "greenhouse_office.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # One error shape for every API; every list is paged (page sizes in greenhouse_office.api.pagination).
    "EXCEPTION_HANDLER": "greenhouse_office.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "greenhouse_office.api.pagination.NumberedPages",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Greenhouse Office API",
    "DESCRIPTION": (
        "JSON API of the Greenhouse Office under the Convention on Climate Change (Implementation) Act 1999."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files: no third-party CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI puts each one inside the operation's button, a link in a button
    # (axe's nested-interactive) too small to tap (target-size); the operation ids stay in the schema.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    # OpenAPI links from a resource to what may follow (greenhouse_office.api.schema.add_links).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "greenhouse_office.api.schema.add_links",
    ],
    # One name per choice set used by several fields (drf-spectacular warns otherwise).
    "ENUM_NAME_OVERRIDES": {
        "StateOrTerritoryEnum": "greenhouse_office.jurisdictions.StateOrTerritory",
        "DocumentKindEnum": "assessments.models.Document.Kind",
        "AmendmentKindEnum": "assessments.models.AmendmentRequest.Kind",
    },
}

# seed_demo's password for every demo account (it refuses to run with debug off).
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="greenhouse-demo")

# --- The Bill ---------------------------------------------------------------------------------
# s2: commencement is computed by the statute module; set this only to model another date.
_commencement = env.str("GREENHOUSE_COMMENCEMENT", default="")  # YYYY-MM-DD
GREENHOUSE_COMMENCEMENT = date.fromisoformat(_commencement) if _commencement else None
# Where "public holiday at the place" (AIA s36(2)) is judged: the Office is in the ACT.
GREENHOUSE_OFFICE_SUBDIVISION = env.str("GREENHOUSE_OFFICE_SUBDIVISION", default="ACT")

# --- The event log ----------------------------------------------------------------------------
# Keys of the event log's HMAC chain, "key_id:secret" comma-separated, newest first; kept outside
# the database (greenhouse_office/workflow/events.py; README, Deploying: rotating the key).
GREENHOUSE_EVENT_LOG_KEYS = env.list("GREENHOUSE_EVENT_LOG_KEYS", default=[])
if not GREENHOUSE_EVENT_LOG_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "GREENHOUSE_EVENT_LOG_KEYS is not set. With DJANGO_DEBUG off the event log must be signed "
            "with a key kept outside the database: set it to 'key_id:secret' (for example "
            "\"2026a:$(python -c 'import secrets; print(secrets.token_urlsafe(32))')\")."
        )
    GREENHOUSE_EVENT_LOG_KEYS = ["development:insecure-development-log-key-only-while-DJANGO_DEBUG-is-on"]

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie (forms carry the token; the API docs get it in the page).
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): our own origin only, no inline script or style without the
# response's nonce (templates: nonce="{{ request.csp_nonce }}"), nothing may frame a page. Browsers
# report violations to /csp-report/, which logs them ("greenhouse_office.csp", WARNING). A response
# with a policy of its own keeps it: PDF downloads are "sandbox" (assessments.api.base.pdf_download);
# the API docs widen it for their view only (greenhouse_office.views.api_docs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "report-uri": ["/csp-report/"],
    },
}
if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Container health checks call /healthz over plain HTTP from inside the container.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# One handler, on the root logger, so each line is printed once. DJANGO_LOG_LEVEL (default INFO)
# applies to our code and Django; libraries that narrate their work at INFO stay at WARNING.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO").upper()},
    "loggers": {
        # Django's default LOGGING gives "django" a console handler of its own: without this each
        # of its lines (runserver's "Watching for file changes", request errors) appears twice.
        # Its children, runserver's request lines ("django.server") too, then use the root's.
        "django": {"handlers": [], "level": "NOTSET", "propagate": True},
        # WeasyPrint logs each rendering step and fontTools each font subset, at INFO, per PDF;
        # kombu and amqp log broker connections.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "kombu", "amqp")},
    },
}
