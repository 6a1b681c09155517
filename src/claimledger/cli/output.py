"""Rows (plain dicts) -> text, JSON, JSON Lines or CSV, for the ledger query commands.

Text is for reading in a terminal (one item per block, the evidence indented); the other
three are for programs and carry every field. CSV flattens nested values to JSON text so a
spreadsheet keeps them whole.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, TextIO


class RowFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


ROW_FORMAT_HELP = (
    "text: for reading; json: one array; jsonl: one object per line; csv: a header row, then rows."
)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def write_rows(
    rows: Sequence[dict[str, Any]],
    fmt: RowFormat,
    text: Callable[[dict[str, Any]], str],
    out: TextIO | None = None,
    *,
    empty: str = "nothing found",
) -> None:
    stream = out or sys.stdout
    if fmt is RowFormat.json:
        stream.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
    elif fmt is RowFormat.jsonl:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt is RowFormat.csv:
        fields: list[str] = []
        for row in rows:
            fields.extend(k for k in row if k not in fields)
        writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in fields})
    else:
        if not rows:
            stream.write(f"{empty}\n")
        for row in rows:
            stream.write(text(row).rstrip("\n") + "\n")


def shorten(text: str | None, width: int = 100) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def claim_text(row: dict[str, Any]) -> str:
    since = f" since {row['standing_since']}" if row.get("standing_since") else ""
    who = row.get("source") or "(no source named)"
    lines = [
        f"{row['id']}  {row['standing']}{since}  {who}  {row.get('published') or ''}",
        f"    » {shorten(row['text'])}",
    ]
    if row.get("story") and row["story"] != row["id"]:
        lines.append(f"    story {row['story']}")
    return "\n".join(lines)


def quote_text(row: dict[str, Any]) -> str:
    who = row.get("speaker") or "(speaker not resolved)"
    return f"{row['id']}  {row['kind']:<8} {who}  {row.get('published') or ''}\n    » {shorten(row['text'])}"


def entity_text(row: dict[str, Any]) -> str:
    aka = f"  also {', '.join(row['aliases'])}" if row["aliases"] else ""
    roles = f"  ({' '.join(row['roles'])})" if row["roles"] else ""
    return (
        f"{row['id']}  {row['name']} [{row['type']}]{roles}{aka}: "
        f"{row['articles']} articles, {row['quotes']} quotes, {row['claims']} claims"
    )


def event_text(row: dict[str, Any]) -> str:
    who = ", ".join(row["participants"])
    where = f" in {', '.join(row['places'])}" if row["places"] else ""
    when = row["date"] or "(undated)"
    value = row.get("time") or ""
    if value[:4].isdigit() and len(value) < 10:
        when = value  # "2022", "2025-05", "2025-W21": the precision the text gave
    return (
        f"{when:<11} {row['id']}  {row['type']} ({row['factuality']}) "
        f"“{row['trigger']}”: {who}{where}; {row['articles']} article(s)"
    )


def search_text(row: dict[str, Any]) -> str:
    who = row.get("who") or "(no one named)"
    return f"{row['id']}  {row['kind']}  {who}  {row.get('published') or ''}\n    » {shorten(row['text'])}"


def story_text(story: dict[str, Any]) -> str:
    lines = []
    if story["kind"] == "claim":
        since = f" since {story['since']}" if story.get("since") else ""
        lines.append(f"Story {story['id']} (claim): “{shorten(story['text'], 120)}”")
        lines.append(f"  first claimed by {story.get('source') or '(no source named)'}")
        lines.append(
            f"  standing now: {story['standing']}{since}"
            + (f", {story['sources']} independent source(s)" if story.get("sources") else "")
        )
        lines.append("History:")
        for entry in story["history"]:
            mark = "" if entry["counted"] else "  [not counted]"
            who = entry["source"] or "(the article)"
            evidence = shorten((entry.get("evidence") or {}).get("text"), 90)
            lines.append(f"  {entry['date'] or '(undated)':<11} {entry['relation']:<12} {who}{mark}")
            lines.append(f"      “{evidence}”  in {shorten(entry['article'], 60)} ({entry['claim']})")
            if entry.get("note") and not entry["counted"]:
                lines.append(f"      {entry['note']}")
    else:
        lines.append(f"Story {story['id']} (event): {story['type']} “{story['trigger']}”")
        lines.append("Reports:")
        for report in story["reports"]:
            lines.append(
                f"  {report['published'] or '(undated)':<11} {report['id']}  {report['factuality']}"
                f"  “{report['trigger']}”  time {report['time'] or '?'}"
                f"  {', '.join(p for p in report['participants'] if p)}"
            )
        if story["claims"]:
            lines.append("Claims about it:")
            for claim in story["claims"]:
                lines.append(
                    f"  {claim['id']}  {claim['standing']}  {claim['source'] or '(no source)'}: "
                    f"{shorten(claim['text'], 80)}"
                )
    if story["links"]:
        lines.append("Links:")
        for link in story["links"]:
            lines.append(
                f"  {link['from']} -> {link['to']}  {link['relation']} ({link['confidence']:.2f}, "
                f"{link['method']}): {'; '.join(link['evidence'])}"
            )
    if story["reprints"]:
        lines.append("Reprints (linked, not counted):")
        for reprint in story["reprints"]:
            lines.append(
                f"  {shorten(reprint['article'], 50)} repeats {shorten(reprint['of'], 50)} "
                f"({reprint['confidence']:.2f}: {reprint['evidence'][0]})"
            )
    return "\n".join(lines) + "\n"
