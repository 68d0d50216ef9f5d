"""The question bank in the Wagtail admin (registered from quizzes/wagtail_hooks.py)."""
