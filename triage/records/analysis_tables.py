"""The period analysis as tables: for its CSV and Excel downloads, with the same numbers as the
page and the HTML and Markdown reports (which read the same report)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage.records.tables import OUTCOMES, Table


def analysis_tables(
    report: dict[str, Any], type_names: Mapping[str, str] | None = None
) -> list[Table]:
    """Per type, per mailbox, per week, the FAQ candidates, who is best placed, the standard
    replies, and (when the report has them) the figures per officer. `type_names` names the
    question types inside the candidates' cells (the first columns, and the ids in who is best
    placed, are the caller's to translate)."""
    tables = [
        _types(report),
        _mailboxes(report),
        _weeks(report),
        _candidates(report, type_names or {}),
        _best_placed(report),
    ]
    tables.append(
        Table(
            "replies",
            ["reply", "suggested", "top", "used", "suggested_not_used"],
            [
                [r["id"], r["suggested"], r["top"], r["used"], r["suggested_not_used"]]
                for r in report["replies"]["by_reply"]
            ],
        )
    )
    if report.get("per_officer") is not None:
        tables.append(_per_officer(report["per_officer"]))
    return tables


def _types(report: dict[str, Any]) -> Table:
    trend = report["previous_period"]["trend"]
    total = report["total"]
    rows = []
    for kind, count in report["by_type"].items():
        moved = trend.get(kind, {})
        outcomes = report["outcomes"].get(kind, {})
        rows.append(
            [
                kind,
                count,
                round(count / total, 4) if total else None,
                moved.get("previous"),
                moved.get("change"),
                moved.get("percent"),
                report["referred_share"].get(kind),
                *(outcomes.get(o, 0) for o in OUTCOMES),
            ]
        )
    columns = ["question_type", "cases", "share", "previous", "change", "change_percent"]
    return Table("period_types", [*columns, "referred_share", *OUTCOMES], rows)


def _mailboxes(report: dict[str, Any]) -> Table:
    before = report["previous_period"]["by_mailbox"]
    rows = [[name, n, before.get(name, 0)] for name, n in report["by_mailbox"].items()]
    return Table("period_mailboxes", ["mailbox", "cases", "previous"], rows)


def _weeks(report: dict[str, Any]) -> Table:
    return Table("period_weeks", ["week", "cases"], [[w, n] for w, n in report["by_week"].items()])


def _candidates(report: dict[str, Any], type_names: Mapping[str, str]) -> Table:
    rows = []
    for rank, c in enumerate(report["candidates"], 1):
        reply = c.get("best_reply") or {}
        examples = [*c["examples"], "", "", ""][:3]
        rows.append(
            [
                rank,
                c["label"],
                c["size"],
                ", ".join(
                    f"{type_names.get(kind, kind)} {n}" for kind, n in c["question_types"].items()
                ),
                ", ".join(c["top_terms"]),
                c["trend"].get("previous"),
                c["trend"].get("change"),
                reply.get("id"),
                reply.get("score"),
                (c.get("routine") or {}).get("id"),
                *examples,
            ]
        )
    columns = ["rank", "topic", "size", "question_types", "top_terms", "previous", "change"]
    return Table(
        "candidates",
        [
            *columns,
            "best_reply",
            "best_reply_score",
            "routine",
            "example_1",
            "example_2",
            "example_3",
        ],
        rows,
    )


def _best_placed(report: dict[str, Any]) -> Table:
    return Table(
        "best_placed",
        ["kind", "label", "destination", "count", "referred", "share"],
        [
            [b["kind"], b["label"], b["destination"], b["count"], b["referred"], b["share"]]
            for b in report["best_placed"]
        ],
    )


def _per_officer(people: list[dict[str, Any]]) -> Table:
    outcomes = sorted({o for p in people for o in p["outcomes"]})
    return Table(
        "per_officer",
        ["officer", "name", "handled", "closed", *outcomes],
        [
            [
                p["officer"],
                p["name"],
                p["handled"],
                p["closed"],
                *(p["outcomes"].get(o, 0) for o in outcomes),
            ]
            for p in people
        ],
    )
