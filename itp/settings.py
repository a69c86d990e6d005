"""Settings of the ITP programme manager.

Every value that differs between a laptop and production is read once, here, from the
environment (or from a `.env` file beside `manage.py`; see `.env.example`). There is one
settings module for every environment: what changes is the environment, not the code.
"""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from itp.formats.en import formats as site_formats

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Without a key and with debug off, the key stays empty: commands that sign nothing
# (migrate --check, makemigrations, collectstatic) still run, while the app servers refuse to
# start (itp/serving.py) and anything that signs raises Django's own ImproperlyConfigured.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "development-only-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Translated content columns (title_en, title_de...); before the admin, which its admin
    # classes patch.
    "modeltranslation",
    # Django's admin, its index leading with what needs the staff's attention.
    "itp.admin_site.ProgrammeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_filters",
    "axes",
    "simple_history",
    "import_export",
    "itp",
    "regions",
    "workshops",
    "teams",
    # The REST API (itp.api): its framework, the OpenAPI schema and its self-hosted UI, CORS,
    # and hashed API tokens. Django REST framework ships compiled catalogues only; what they
    # lack in the site's languages is in locale_vendor/ (manage.py vendor_messages).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "knox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks, so redirects carry the CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    # An ETag on the API's answers and 304 for a client that has them (itp/api/conditional.py).
    "itp.api.conditional.APIConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's saved language wins over LocaleMiddleware's choice.
    "itp.site.languages.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "itp.urls"

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
                "itp.site.context_processors.navigation",
                "itp.site.context_processors.language_menu",
            ],
        },
    },
]

WSGI_APPLICATION = "itp.wsgi.application"

# SQLite beside manage.py unless DATABASE_URL names another database, e.g.
# postgres://user:password@host:5432/itp
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
    "DATABASE_JIT", default=False
):
    # PostgreSQL compiles a query whose estimated cost is high to machine code first (JIT).
    # The site's queries are short, and compiling the wide expressions of an export or a
    # report took longer than running them: the CSV export of 100,000 registrations spent
    # 0.8 of its 1.6 s in PostgreSQL compiling. DATABASE_JIT=true leaves it on.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

# Each process caches in its own memory unless CACHE_URL (or REDIS_URL, the name many hosts
# set) names a Redis server that every app server then shares, e.g. redis://cache-host:6379/0
# (rediss:// for TLS). A Redis that is down or slow costs a cache miss, never an error: pages
# are built from the database and django-redis logs the failure. Keys carry the prefix "itp",
# so other programs may share the server.
CACHE_URL = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if CACHE_URL:
    _cache_url = urlsplit(CACHE_URL)
    try:
        _cache_url.port  # noqa: B018 - parsing the port is what checks it
        _cache_url_ok = (
            _cache_url.scheme in ("redis", "rediss")
            and bool(_cache_url.hostname)
            and re.fullmatch(r"/?\d*", _cache_url.path) is not None
        )
    except ValueError:
        _cache_url_ok = False
    if not _cache_url_ok:
        raise ImproperlyConfigured(
            # The URL itself is not repeated: it may hold the server's password.
            "CACHE_URL (or REDIS_URL) must read redis://host:port/database-number or rediss://..."
        )
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "itp",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                # Seconds to wait for an unreachable server before treating it as a miss.
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
else:
    # A thousand entries: every page of a large programme, a few dozen MB per process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
# A Redis failure that became a miss is still logged, so that someone sees it.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Public pages are cached for anonymous visitors under the data version, which every write
# to the programme's data moves (itp.common.caching): an edit shows on the next request. The
# timeout bounds only what no write changes, the passing of time (an event that has started).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user and IP before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The interface's languages, each named in itself for the language menu. English is the source
# language: staff write content in it first, and any text without a translation falls back to it.
# Catalogues live in locale/<code>/LC_MESSAGES/django.po; `make messages` compiles them.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("pl", "Polski"),
    ("cy", "Cymraeg"),
]
# The site's own catalogues first; then what Django and the installed apps lack in these
# languages (locale_vendor/, written by `manage.py vendor_messages`).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
# The texts staff write (titles, descriptions, summaries) have a column per language, registered
# in each app's translation.py. English is the default and required where the field is; an empty
# translation reads as the English text.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Named here rather than read from LANGUAGES: a language added there (a test-only pseudo
# language) must not add columns; a new content language needs its migration.
MODELTRANSLATION_LANGUAGES = ("en", "de", "fr", "it", "pl", "cy")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_REQUIRED_LANGUAGES = ("en",)
# Slugs are made from the English title in the admin, whatever language staff read it in.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# One way of writing dates, times and numbers across pages, e-mails and PDFs, per language in
# itp/formats/<language>/formats.py; the settings below repeat English's for code that runs with
# no language active.
FORMAT_MODULE_PATH = ["itp.formats"]
DATE_FORMAT = site_formats.DATE_FORMAT
SHORT_DATE_FORMAT = site_formats.SHORT_DATE_FORMAT
TIME_FORMAT = site_formats.TIME_FORMAT
DATETIME_FORMAT = site_formats.DATETIME_FORMAT
SHORT_DATETIME_FORMAT = site_formats.SHORT_DATETIME_FORMAT
USE_THOUSAND_SEPARATOR = True
THOUSAND_SEPARATOR = site_formats.THOUSAND_SEPARATOR
DECIMAL_SEPARATOR = site_formats.DECIMAL_SEPARATOR
NUMBER_GROUPING = site_formats.NUMBER_GROUPING

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# The largest material (slides, documents, minutes) staff may upload, in bytes. Materials are
# served only through their download view, which checks who asks; MEDIA_ROOT is never served.
MATERIAL_MAX_BYTES = env.int("MATERIAL_MAX_BYTES", default=25 * 1024 * 1024)

# E-mail goes to the console unless EMAIL_URL names a server, e.g.
# smtp+tls://user:password@mail.example.org:587
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="ITP programme <itp@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's public address, for links in e-mails (which are sent outside any request).
ITP_SITE_URL = env.str("ITP_SITE_URL", default="http://127.0.0.1:8000")
# The participant's own page, which e-mails link to: a URL name or a path. The site names it;
# the apps below it only read this setting.
PERSONAL_PAGE_URL = "me"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Imports (django-import-export; see itp/common/importing/). A file is imported in one transaction,
# rolled back unless every row is valid. Between the preview and the confirmation the upload
# waits under MEDIA_ROOT, which every app server shares, rather than in one server's /tmp.
# Imported rows enter the admin's history like edits.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Login throttling: after ITP_LOGIN_FAILURE_LIMIT failed logins for one user name from one
# address, that pair is locked out for ITP_LOGIN_LOCKOUT_MINUTES; a successful login resets
# the count. Behind a load balancer or proxy, set DJANGO_TRUSTED_PROXY_COUNT to the number of
# proxies in front of the app, so the client's address is read from X-Forwarded-For.
AXES_FAILURE_LIMIT = env.int("ITP_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("ITP_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Security headers. No page has inline script or style, so the policy needs no
# 'unsafe-inline'. Cookies travel over HTTPS only, except on a developer's plain-HTTP
# runserver.
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
    },
}
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# The language menu's cookie: no script reads it, and it goes over HTTPS only, like the others.
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
# Redirect plain HTTP to HTTPS; off where a proxy in front already does it.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
# Only behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from
# clients): otherwise any client could claim its plain request was secure.
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Personal API tokens (itp.api_tokens): knox checks them, our model keeps them. Each token has
# its own expiry, chosen by its owner, so knox's lifetime and refreshing are off.
# REST_FRAMEWORK below lists PersonalTokenAuthentication, TokenScopePermission and
# TokenRateThrottle among its defaults.
KNOX_TOKEN_MODEL = "itp.ApiToken"  # swaps out knox's own model
# knox's migrations would still make the swapped-out model's table and its permissions (which
# would show, untranslated, among every role's choices in the admin): knox has none of its own.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "AUTH_HEADER_PREFIX": "Bearer",
    "TOKEN_TTL": None,
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,  # the limit is ours: itp.api_tokens.services counts live tokens
}
# Requests a token may make, e.g. "600/min" or "10000/day" (TokenRateThrottle).
API_TOKEN_RATE = env.str("API_TOKEN_RATE", default="600/min")

# The REST API under /api/ (itp/api/). Anyone may read its public routes; programs sign in with a
# personal token (itp/api_tokens/, "Authorization: Bearer ..."), people with the site's session
# for the browsable API (with CSRF, as the site's forms). A read-only token only reads.
# Anonymous readers are throttled per address at API_ANONYMOUS_RATE ("120/min": a number per
# sec, min, hour or day), token users per person at API_TOKEN_RATE, counted in the cache.
# Every error answers as RFC 9457 problem details (itp/api/problems.py).
API_ANONYMOUS_RATE = env.str("API_ANONYMOUS_RATE", default="120/min")
REST_FRAMEWORK = {
    # The token first: its "Bearer" challenge makes a request without credentials a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "itp.api_tokens.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Closed unless a view says otherwise: the public views open themselves to anyone. The
    # personal and staff views add their role checks after these (itp/api/permissions.py).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "itp.api_tokens.permissions.TokenScopePermission",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "itp.api.schema.ProblemsAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "itp.api.pagination.PagePagination",
    # Figures (GDP, emissions) as JSON numbers, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_FILTER_BACKENDS": [
        "itp.api.filters.SingleValuedParameters",
        "django_filters.rest_framework.DjangoFilterBackend",
    ],
    "EXCEPTION_HANDLER": "itp.api.problems.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "itp.api.throttling.AnonymousRateThrottle",
        "itp.api_tokens.throttling.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANONYMOUS_RATE},
    # The client's address for the throttling, as for the login throttling above (0: REMOTE_ADDR).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# The OpenAPI 3 schema at /api/schema/ and Swagger UI at /api/docs/, whose files come from
# drf-spectacular-sidecar (our own origin, inside the Content-Security-Policy).
SPECTACULAR_SETTINGS = {
    "TITLE": "Industry Transition Platform API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "Open data of the Industry Transition Platform programme: governments, themes, events "
        "and their sessions, teams, secondments, learnings and people who agreed to be listed. "
        "Read-only and open to anyone; errors are RFC 9457 problem details."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Registrations and events both have a "status": each its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "RegistrationStatusEnum": "workshops.models.Registration.Status",
        "EventStatusEnum": "workshops.models.Event.Status",
    },
}
# Other sites' pages may read the public API routes (no cookies, no credentials), and nothing
# else: not the site's pages, nor the API's personal or staff routes.
CORS_URLS_REGEX = (
    r"^/api/v1/(?:"
    r"(?:governments|themes|teams|secondments|learnings|people)/(?:[^/]+/)?"
    r"|events/(?:[^/]+/)?"
    r")?$"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every PDF; only their errors matter here (their
    # warnings are about optional accelerators and CSS it skips on purpose).
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
