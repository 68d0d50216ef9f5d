"""Which people the matrix and the cleared-for-duty list show: the teams the viewer may see
(`training.access`), narrowed by team, position and tier from the page's GET parameters.

The same filters reach the CSV and XLSX downloads, so a download says what the page says. A
team the viewer may not see is not a choice: asking for it is an invalid filter, which shows
nobody (never the team, never an error page).
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from training.access import visible_teams
from training.models import AgentProfile, Position, Team, Tier, User

FILTER_FIELDS = ("team", "position", "tier")


class PeopleFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    position = forms.ChoiceField(
        label=_("Position"), choices=[("", _("All positions")), *Position.choices], required=False
    )
    tier = forms.ChoiceField(
        label=_("Tier"), choices=[("", _("All tiers")), *Tier.choices], required=False
    )

    def __init__(self, data: QueryDict | dict | None, *, viewer: User):
        # Only the filters' own parameters: a page number or anything else is not a filter.
        data = {name: data.get(name, "") for name in FILTER_FIELDS} if data is not None else {}
        super().__init__(data)
        self.fields["team"].queryset = visible_teams(viewer).order_by("name")

    @property
    def query(self) -> str:
        """The filters as a query string (without `?`), for the download links; empty when
        nothing is filtered or the filters are invalid."""
        if not self.is_valid():
            return ""
        return urlencode({name: self.data[name] for name in FILTER_FIELDS if self.data[name]})


def visible_profiles(*, viewer: User, filters: PeopleFilterForm | None = None) -> QuerySet:
    """The active people of the teams `viewer` may see (managers: their teams; trainers and
    administrators: every team), narrowed by `filters`; nobody when the filters are invalid.
    Ordered by team and employee number, with the person and the team."""
    profiles = AgentProfile.objects.filter(team__in=visible_teams(viewer), user__is_active=True)
    if filters is not None:
        if not filters.is_valid():
            return profiles.none()
        chosen = filters.cleaned_data
        if chosen["team"] is not None:
            profiles = profiles.filter(team=chosen["team"])
        if chosen["position"]:
            profiles = profiles.filter(position=chosen["position"])
        if chosen["tier"]:
            profiles = profiles.filter(tier=chosen["tier"])
    return profiles.select_related("user", "team").order_by("team__name", "employee_no")
