"""The Celery application. Configuration comes from Django settings (CELERY_*)."""

import os
import sys
from pathlib import Path

from celery import Celery

from training.devenv import load_env_file

if "celery" in Path(sys.argv[0]).parts[-2:]:
    # The `celery` command (worker, beat) reads a developer's .env as manage.py does.
    load_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings")

app = Celery("training")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
