"""The simulated officers of bench/load.py: a locustfile, run by `locust --headless` (never on its
own). Each officer logs in once, then works cases one after another the way the browser does it:
the queue of unassigned cases, a case page, Take (htmx), a note (htmx), a reply sent through the
mailbox's SMTP server, close with an outcome, with a short pause between steps.

Settings come from the environment: LOAD_OFFICERS (a JSON file of [name, password] pairs, one
per simulated user, in start order), LOAD_RESULTS (where the timings, status codes and the
actions that succeeded are written as JSON when the run stops), LOAD_THINK_S (the pause range,
"min,max") and LOAD_MAX_CASES (cases each officer works at most: a bound beside locust's -t).
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run by hand (`--help`): say what this is and how it is run
    print(__doc__)
    print("Run the benchmark instead: .venv/bin/python bench/load.py --help")
    sys.exit(0)

import itertools
import json
import os
import random
import re
import time
from collections import Counter, defaultdict
from typing import Any

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_CASE_LINK = re.compile(r'class="case-link" href="/cases/(\d+)"')

CREDENTIALS: list[list[str]] = json.loads(open(os.environ["LOAD_OFFICERS"]).read())  # noqa: SIM115
_NEXT = itertools.count()
THINK = tuple(float(x) for x in os.environ.get("LOAD_THINK_S", "1,3").split(","))
MAX_CASES = int(os.environ.get("LOAD_MAX_CASES", "1000"))

TIMINGS: dict[str, list[float]] = defaultdict(list)
STATUSES: dict[str, Counter[int]] = defaultdict(Counter)
ERRORS: list[dict[str, Any]] = []
DONE: list[dict[str, Any]] = []  # every action an officer was told succeeded


@events.request.add_listener
def _record(name: str, response_time: float, response: Any, exception: Any, **_: Any) -> None:
    code = int(getattr(response, "status_code", 0) or 0)
    TIMINGS[name].append(response_time)
    STATUSES[name][code] += 1
    if code >= 500 or code == 0:
        body = str(getattr(response, "text", "") or "")[:300]
        ERRORS.append(
            {
                "name": name,
                "url": getattr(response, "url", ""),
                "status": code,
                "error": repr(exception) if exception else "",
                "body": body,
            }
        )


@events.quitting.add_listener
def _write(**_: Any) -> None:
    with open(os.environ["LOAD_RESULTS"], "w") as out:
        json.dump(
            {
                "timings": TIMINGS,
                "statuses": {k: dict(v) for k, v in STATUSES.items()},
                "errors": ERRORS,
                "done": DONE,
            },
            out,
        )


class Officer(FastHttpUser):
    wait_time = between(*THINK)  # between whole cases; the steps pause inside work()

    def on_start(self) -> None:
        self.username, password = CREDENTIALS[next(_NEXT) % len(CREDENTIALS)]
        self.worked = 0
        page = self.client.get("/login", name="login form")
        token = _CSRF.search(page.text or "")
        if token is None:
            raise StopUser()
        data = {"username": self.username, "password": password, "next": "/"}
        with self.client.post(
            "/login",
            data={**data, "csrf_token": token[1]},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 303:
                answer.failure(f"login refused: {answer.status_code}")
                ERRORS.append(
                    {
                        "name": "login",
                        "url": "/login",
                        "status": answer.status_code,
                        "error": f"{self.username} not logged in",
                        "body": (answer.text or "")[:300],
                    }
                )
                raise StopUser()
            answer.success()
        self.csrf = token[1]

    def pause(self) -> None:
        time.sleep(random.uniform(*THINK) / 2)

    def post(self, path: str, name: str, data: dict[str, str], ok: tuple[int, ...]) -> bool:
        """A form POST as htmx sends it (CSRF header); True when the answer is one of `ok`."""
        headers = {"X-CSRF-Token": self.csrf, "HX-Request": "true"}
        with self.client.post(
            path, data=data, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code in ok:
                answer.success()
                return True
            if answer.status_code == 409:  # a colleague closed it first: refused, not an error
                answer.success()
                return False
            answer.failure(f"{answer.status_code}")
            if answer.status_code < 500:  # 5xx are recorded by _record already
                ERRORS.append(
                    {
                        "name": name,
                        "url": path,
                        "status": answer.status_code,
                        "error": "",
                        "body": (answer.text or "")[:300],
                    }
                )
            return False

    def done(self, case_id: int, action: str) -> None:
        DONE.append({"officer": self.username, "case": case_id, "action": action})

    @task
    def work(self) -> None:
        if self.worked >= MAX_CASES:
            raise StopUser()
        queue = self.client.get("/?assignee=unassigned", name="queue")
        ids = _CASE_LINK.findall(queue.text or "")
        token = _CSRF.search(queue.text or "")  # the session's token (a new one since login)
        if token is not None:
            self.csrf = token[1]
        if not ids:
            return
        case_id = int(random.choice(ids[:10]))
        self.pause()
        self.client.get(f"/cases/{case_id}", name="case page")
        self.pause()
        base = f"/cases/{case_id}"
        if not self.post(f"{base}/claim", "claim", {}, (200,)):
            return
        self.done(case_id, "claim")
        self.pause()
        note = f"Load test note by {self.username} at {time.time():.3f}."
        if self.post(f"{base}/notes", "note", {"text": note}, (200,)):
            self.done(case_id, "note")
        self.pause()
        reply = {
            "subject": f"Re: your question [#{case_id}]",
            "body": "Thank you for your question. Here is the answer.\n\nBest regards",
            "action": "send",
        }
        if self.post(f"{base}/reply", "reply", reply, (303,)):
            self.done(case_id, "reply")
        self.pause()
        if self.post(f"{base}/close", "close", {"outcome": "personal_reply"}, (303,)):
            self.done(case_id, "close")
        self.worked += 1
