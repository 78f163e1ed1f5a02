"""Sync the knowledge base into the index: `python ingest.py [PATH ...] [--dry-run] [--rebuild]`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from bot.config import get_settings
from bot.knowledge.indexing import KnowledgeIndex, OutsideKnowledgeDir, SyncReport
from bot.knowledge.loaders import iter_content_files
from bot.retrieval.other_names import NamesFileError, OtherNames
from bot.sites import SitesError


def main(argv: list[str] | None = None) -> int:
    """Run one sync and print its summary; exit 1 when any file failed."""
    parser = argparse.ArgumentParser(description="Make the index match the content folders.")
    parser.add_argument(
        "paths", nargs="*", type=Path, help="folders or files (default: ASKVN_KNOWLEDGE_DIR)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change, change nothing"
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="empty the index and re-index everything (the collection is kept); "
        "with paths given, only those are indexed again",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    if "torch_threads" not in settings.model_fields_set:  # batch embedding: use every core
        settings = settings.model_copy(update={"torch_threads": os.cpu_count() or 1})
    roots = args.paths or [settings.knowledge_dir]
    console = Console(stderr=True)
    for root in roots:
        if not root.exists():
            console.print(f"[red]No such file or folder: {root}[/red]")
            return 2
        if root.is_file() and not list(iter_content_files(root, settings.knowledge_dir)):
            console.print(f"[red]Not a content file (see knowledge_base/README.md): {root}[/red]")
            return 2
    try:  # read by the server at start: say now, not at the next restart, that it is broken
        OtherNames.load(settings.resolved_names_file)
    except NamesFileError as exc:
        console.print(f"[red]The other-names file is invalid, nothing was changed: {exc}[/red]")
        return 2
    try:
        index = KnowledgeIndex.from_settings(settings)
        with Progress(
            "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
            TimeRemainingColumn(), console=console, transient=True,
        ) as progress:  # fmt: skip
            task = progress.add_task("Embedding chunks", total=None)
            report = index.sync(
                roots,
                dry_run=args.dry_run,
                rebuild=args.rebuild,
                on_plan=lambda n: progress.update(task, total=n),
                on_embedded=lambda n: progress.advance(task, n),
                on_wait=lambda why: console.print(f"[yellow]{why}[/yellow]"),
            )
    except OutsideKnowledgeDir as exc:
        console.print(f"[red]{exc}[/red]")
        return 2
    except SitesError as exc:  # before anything changed: the index is as it was
        console.print(f"[red]The sites config is invalid, nothing was changed: {exc}[/red]")
        return 2
    except Exception as exc:  # the store or the model failed: say so plainly, no traceback
        where = f" at {settings.chroma_url}" if settings.chroma_url else ""
        console.print(
            f"[red]Ingest stopped: {type(exc).__name__}: {exc}[/red]\n"
            f"Check the vector store{where} and the embedding model, then run ingest again: "
            "files already indexed are kept and the rest is picked up."
        )
        return 3
    print_report(report, Console())
    return 1 if report.failed else 0


def print_report(report: SyncReport, console: Console) -> None:
    """Print the summary table and the failed files with their reasons."""
    title = "Dry run: nothing changed" if report.dry_run else "Ingest summary"
    table = Table(title=title)
    for column in (
        "added",
        "updated",
        "deleted",
        "unchanged",
        "failed",
        "chunks +",
        "chunks -",
        "seconds",
    ):
        table.add_column(column, justify="right")
    table.add_row(
        str(len(report.added)), str(len(report.updated)), str(len(report.deleted)),
        str(report.unchanged), str(len(report.failed)), str(report.chunks_added),
        str(report.chunks_deleted), f"{report.seconds:.2f}",
    )  # fmt: skip
    console.print(table)
    verb = "would be" if report.dry_run else ""
    for label, items in (
        ("added", report.added),
        ("updated", report.updated),
        ("deleted", report.deleted),
    ):
        for source in items:
            console.print(f"  {label} {verb} {source}".replace("  ", " ", 1))
    for source, reason in report.failed.items():
        console.print(f"[red]  failed {source}: {reason}[/red]")


if __name__ == "__main__":
    sys.exit(main())
