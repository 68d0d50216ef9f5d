"""Signals other apps send through training, so that they need not import each other.

`retraining_required`: a published course change requires re-training. Sent by the app that
owns courses (inside its transaction) with `course` (the course page), `users` (the people
who now owe re-training in it) and `due_on` (the date it is due by). Certification receives
it to mark the certificates that depend on the course "update due by …".
"""

from django.dispatch import Signal

retraining_required = Signal()
