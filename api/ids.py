"""Ids in addresses are checked once, for every route, before the route runs: an int path
parameter that no row can have (/cases/99999999999999999999, /cases/-1, /api/v1/cases/abc) is
a 404, never a database error and a 500. A new route with an int parameter is covered at once.
"""

from __future__ import annotations

from fastapi import Depends, HTTPException, Request, status
from fastapi.routing import APIRoute

from triage.ids import parse_row_id


def ids_in_range(request: Request) -> None:
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    for param in route.dependant.path_params:
        if param.field_info.annotation is not int:
            continue
        if parse_row_id(str(request.path_params.get(param.alias, ""))) is None:
            # Plain "not found" (api/errors.py words it in the user's language): the address
            # names nothing, whichever kind of thing it was meant to name.
            raise HTTPException(status.HTTP_404_NOT_FOUND)


IdsInRange = Depends(ids_in_range)
