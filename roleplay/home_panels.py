"""What role-play adds to the learner's home (My training), through training's panel hooks."""

from roleplay.profile import practice_again
from training.panels import Panel


class PractiseAgainPanel(Panel):
    """Scenarios due to be practised again, with the criteria to work on; shown when any are."""

    template_name = "roleplay/panels/practise_again.html"
    order = 50  # after the assigned trainings, before the completed ones

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"practice_again": practice_again(viewer=self.user)}
