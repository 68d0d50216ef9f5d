"""`POST /api/kpis/`: a helpdesk system pushes agents' monthly KPIs.

The body is a JSON list of rows with the KPI file's English columns as keys:

    [{"employee_no": "K0001", "month": "2026-03", "csat": 0.95, "first_response_s": 42,
      "resolution_rate": "88%", "complaint_rate": null}]

A metric left out or null is not measured. The rules are the file's (evaluation/importers/
kpi_rows.py), all or nothing: 400 with every problem, each naming its row's index (from 0)
and field; 200 with the counts of values created, updated and unchanged. Authenticated by
`Authorization: Bearer <token>` (evaluation/tokens.py); 401 without a valid token. The only
view of the site exempt from CSRF: it takes no cookie, only the token.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from evaluation.importers.kpi_rows import COLUMNS, kpi_rows_validate
from evaluation.models import AgentKpi
from evaluation.services import kpis_save
from evaluation.tokens import api_token_authenticate
from training.importers.errors import ImportProblem, ImportRejected
from training.importers.tabular import MAX_DATA_ROWS, MAX_FILE_BYTES

MAX_BODY_BYTES = MAX_FILE_BYTES  # as much as a KPI file may hold
MAX_ROWS = MAX_DATA_ROWS


def _error(status: int, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _problems(problems: list[ImportProblem]) -> JsonResponse:
    return JsonResponse(
        {
            "error": gettext("Nothing was saved; fix every problem and send the rows again."),
            "problems": [
                {"index": p.line, "field": p.field or None, "message": p.message} for p in problems
            ],
        },
        status=400,
    )


def _index(index: int) -> str:
    return gettext("index %(index)s") % {"index": index}


def _bearer(request: HttpRequest) -> str:
    scheme, _space, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else ""


def _rows(payload) -> list[tuple[int, dict]]:
    """The pushed rows by index; ImportRejected for a body of the wrong shape."""
    if not isinstance(payload, list):
        raise ImportRejected.single(gettext("The body must be a JSON list of rows."))
    if not payload:
        raise ImportRejected.single(gettext("The list holds no rows."))
    if len(payload) > MAX_ROWS:
        raise ImportRejected.single(
            gettext("At most %(limit)s rows can be sent at once; send them in parts.")
            % {"limit": MAX_ROWS}
        )
    problems, rows = [], []
    for index, row in enumerate(payload):
        if not isinstance(row, dict):
            problems.append(ImportProblem(index, "", gettext("A row must be a JSON object.")))
            continue
        for key in row.keys() - set(COLUMNS):
            problems.append(
                ImportProblem(
                    index,
                    str(key),
                    gettext("Unknown field; the fields are: %(fields)s")
                    % {"fields": ", ".join(COLUMNS)},
                )
            )
        rows.append((index, row))
    if problems:
        raise ImportRejected(problems)
    return rows


@csrf_exempt
@never_cache
@require_POST
def kpis_push(request: HttpRequest) -> JsonResponse:
    """Create or update the pushed KPIs, all or nothing."""
    with translation.override(translation.get_language_from_request(request)):
        token = api_token_authenticate(_bearer(request))
        if token is None:
            return _error(
                401,
                gettext("A valid API token is required: Authorization: Bearer <token>."),
                WWW_Authenticate='Bearer realm="kpis"',
            )
        try:
            declared = int(request.headers.get("Content-Length") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BODY_BYTES:
            return _too_large()
        if request.content_type != "application/json":
            return _error(415, gettext("Send the rows as application/json."))
        body = request.body
        if len(body) > MAX_BODY_BYTES:
            return _too_large()
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            return _error(400, gettext("The body is not valid JSON."))
        try:
            rows = _rows(payload)
            headers = {column: column for column in COLUMNS}
            batch = kpi_rows_validate(rows=rows, headers=headers, refer=_index)
        except ImportRejected as rejected:
            return _problems(rejected.problems)
        result = kpis_save(values=batch.values, source=AgentKpi.Source.API)
        return JsonResponse({**result.as_dict(), "rows": batch.rows})


def _too_large() -> JsonResponse:
    return _error(
        413,
        gettext("The body is over %(limit)s MB; send the rows in parts.")
        % {"limit": MAX_BODY_BYTES // 1024 // 1024},
    )
