"""/healthz for a monitor or a load balancer: is the database answering, is the scheduler alive,
how long since each scheduled job last finished, how many mails wait in quarantine. No login
(monitors have none) and nothing personal: names of jobs and mailboxes, ages and counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, text
from sqlmodel import Session, col, select

from api.deps import SettingsDep
from triage.models import JobRun, Quarantine
from triage.scheduler import HEARTBEAT_S

router = APIRouter()
ALIVE_WITHIN_S = 4 * HEARTBEAT_S  # a scheduler that missed four beats is taken for dead


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request, settings: SettingsDep) -> JSONResponse:
    now: datetime = request.app.state.clock()
    try:
        with Session(request.app.state.engine) as session:
            session.execute(text("SELECT 1"))
            runs = list(session.exec(select(JobRun)).all())
            quarantined = session.exec(
                select(func.count())
                .select_from(Quarantine)
                .where(col(Quarantine.resolved_at).is_(None))
            ).one()
    except Exception as exc:  # the database is what is being asked about: say it, briefly
        database = {"ok": False, "error": type(exc).__name__}
        failing: dict[str, Any] = {"status": "failing", "database": database}
        return JSONResponse(failing, 503, headers={"Cache-Control": "no-store"})
    beat = next((r for r in runs if r.name == "scheduler"), None)
    age = _age(now, beat.finished_at) if beat else None
    needed = bool(settings.mailbox)  # without mailboxes a scheduler is optional
    alive = age is not None and age <= ALIVE_WITHIN_S
    jobs: dict[str, Any] = {
        r.name: {
            "last_finished_s": _age(now, r.finished_at),
            "error": r.error or None,
        }
        for r in runs
        if r.name != "scheduler"
    }
    healthy = alive or not needed
    body: dict[str, Any] = {
        "status": "ok" if healthy else "failing",
        "database": {"ok": True},
        "scheduler": {
            "alive": alive,
            "needed": needed,
            "last_beat_s": age,
            "process": beat.holder if beat else None,
        },
        "jobs": jobs,
        "quarantined": int(quarantined),
    }
    return JSONResponse(body, 200 if healthy else 503, headers={"Cache-Control": "no-store"})


def _age(now: datetime, then: datetime | None) -> int | None:
    if then is None:
        return None
    return max(0, int((now - then).total_seconds()))
