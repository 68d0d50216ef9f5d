#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    from training.devenv import load_env_file

    load_env_file()  # a developer's .env (DEBUG=1, SECRET_KEY), if this checkout has one
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
