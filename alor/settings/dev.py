"""Development: DEBUG on, a fixed local secret key, e-mail to the console."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "1").lower() in {"1", "true", "yes", "on"}
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-change-me-in-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
