"""The evaluation of programmes (a two-week onboarding of several courses): the programme,
its courses and the trainer who assigns it come from this folder's conftest."""
