"""ingest sync semantics: add, update, delete, unchanged, failures, dry run, rebuild."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings

from bot.config import Settings
from bot.knowledge.indexing import KnowledgeIndex, OutsideKnowledgeDir
from bot.knowledge.loaders import iter_content_files
from bot.retrieval.embeddings import FakeEmbeddings
from bot.retrieval.store import make_client
from bot.sites import SitesError
from tests.content_files import make_pdf


def open_index(settings: Settings) -> KnowledgeIndex:
    return KnowledgeIndex.from_settings(settings)


def chunk_sources(index: KnowledgeIndex) -> Counter[str]:
    got = index.collection.get(include=["metadatas"])
    return Counter(str(m["source"]) for m in got["metadatas"])


def assert_consistent(index: KnowledgeIndex) -> None:
    """Every stored chunk is known to the record manager and there are no duplicates."""
    got = index.collection.get(include=["metadatas", "documents"])
    keys = set(index.record_manager.list_keys())
    assert set(got["ids"]) == keys
    pairs = [(m["source"], m["chunk"], m.get("win", -1)) for m in got["metadatas"]]
    assert len(pairs) == len(set(pairs)), "duplicate chunks"
    # Every sentence window belongs to a stored chunk.
    chunks = {f"{m['source']}#{m['chunk']}" for m in got["metadatas"] if "win" not in m}
    assert {m["parent"] for m in got["metadatas"] if "win" in m} <= chunks


def test_first_sync_indexes_everything_second_changes_nothing(settings: Settings) -> None:
    index = open_index(settings)
    first = index.sync([settings.knowledge_dir])
    assert len(first.added) == 10 and not first.failed
    assert first.chunks_added == index.count() > 0
    second = index.sync([settings.knowledge_dir])
    assert not second.changed and second.unchanged == 10 and second.chunks_added == 0
    assert_consistent(index)


def test_edit_delete_and_add_are_synced(settings: Settings) -> None:
    kb = settings.knowledge_dir
    index = open_index(settings)
    index.sync([kb])
    before = chunk_sources(index)
    evisa = kb / "national/evisa.en.md"
    evisa.write_text(evisa.read_text().replace("25 USD", "30 USD"))
    (kb / "national/hung-kings.vi.md").unlink()
    (kb / "national/new.en.md").write_text("# New page\n\nA brand new page about lacquer art.")
    report = index.sync([kb])
    assert report.updated == ["national/evisa.en.md"]
    assert report.deleted == ["national/hung-kings.vi.md"]
    assert report.added == ["national/new.en.md"]
    after = chunk_sources(index)
    assert "national/hung-kings.vi.md" not in after
    assert after["national/evisa.en.md"] == before["national/evisa.en.md"]
    docs = index.collection.get(where={"source": "national/evisa.en.md"}, include=["documents"])
    text = " ".join(docs["documents"])
    assert "30 USD" in text and "25 USD" not in text
    assert_consistent(index)


def test_broken_file_is_reported_and_the_rest_goes_on(settings: Settings) -> None:
    kb = settings.knowledge_dir
    (kb / "national/broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    (kb / "national/bad.md").write_text("---\ntitle: [oops\n---\nText")
    index = open_index(settings)
    report = index.sync([kb])
    assert set(report.failed) == {"national/broken.pdf", "national/bad.md"}
    assert "unreadable PDF" in report.failed["national/broken.pdf"]
    assert len(report.added) == 10


def test_a_file_that_breaks_later_keeps_its_last_good_version(settings: Settings) -> None:
    kb = settings.knowledge_dir
    index = open_index(settings)
    index.sync([kb])
    page = kb / "national/evisa.en.md"
    page.write_bytes(b"\xff\xfe broken encoding")
    report = index.sync([kb])
    assert report.failed["national/evisa.en.md"].endswith(
        "save the file as UTF-8 (the previous version is still served)"
    )
    assert chunk_sources(index)["national/evisa.en.md"] > 0


def test_dry_run_changes_nothing(settings: Settings) -> None:
    index = open_index(settings)
    report = index.sync([settings.knowledge_dir], dry_run=True)
    assert len(report.added) == 10 and index.count() == 0


def test_rebuild_starts_from_scratch(settings: Settings) -> None:
    index = open_index(settings)
    index.sync([settings.knowledge_dir])
    count = index.count()
    worker = open_index(settings)  # another server process, holding the collection
    assert worker.retriever().search("e-visa fee", lang="en")
    report = index.sync([settings.knowledge_dir], rebuild=True)
    assert len(report.added) == 10 and index.count() == count
    assert_consistent(index)
    # Its collection is still the index: it sees the rebuild, it does not fail.
    assert worker.count() == count
    worker.retriever().refresh()
    assert worker.retriever().search("e-visa fee", lang="en")


def test_deletions_are_scoped_to_the_given_folder(settings: Settings) -> None:
    kb = settings.knowledge_dir
    index = open_index(settings)
    index.sync([kb])
    report = index.sync([kb / "missions"])
    assert not report.deleted and report.unchanged == 1
    (kb / "missions/fr-paris/contact.fr.md").unlink()
    report = index.sync([kb / "missions"])
    assert report.deleted == ["missions/fr-paris/contact.fr.md"]
    assert "national/evisa.en.md" in chunk_sources(index)


def test_orphan_chunks_from_a_killed_run_are_swept(settings: Settings) -> None:
    kb = settings.knowledge_dir
    index = open_index(settings)
    index.sync([kb])
    # Simulate a run killed after writing a chunk but before recording it.
    index.collection.upsert(
        ids=["orphan-1"],
        embeddings=[[0.1] * 384],
        documents=["stale text"],
        metadatas=[{"source": "national/evisa.en.md", "chunk": 99}],
    )
    index.manifest.forget(["national/evisa.en.md"])
    index.sync([kb])
    assert index.collection.get(ids=["orphan-1"])["ids"] == []
    assert_consistent(index)


def test_interrupted_ingest_is_repaired_by_the_next_run(settings: Settings, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    kb = settings.knowledge_dir
    for i in range(1500):
        (kb / f"bulk/page{i}.en.md").parent.mkdir(exist_ok=True)
        (kb / f"bulk/page{i}.en.md").write_text(f"# Page {i}\n\nBulk page number {i} about rice.")
    env = {
        **os.environ,
        "ASKVN_KNOWLEDGE_DIR": str(kb),
        "ASKVN_DATA_DIR": str(settings.data_dir),
        "ASKVN_EMBEDDING_MODEL": "fake",
    }
    proc = subprocess.Popen([sys.executable, "ingest.py"], env=env, cwd=Path(__file__).parents[2])
    index = open_index(settings)
    deadline = time.monotonic() + 60
    while index.count() < 100 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < index.count() < 1511, "the run should have been killed mid-way"
    report = index.sync([kb])
    assert not report.failed
    assert_consistent(index)
    assert len(chunk_sources(index)) == 1510
    fresh = open_index(settings.model_copy(update={"data_dir": tmp_path / "fresh"}))
    assert index.count() == fresh.sync([kb]).chunks_added


def test_changing_the_chunking_rules_reindexes_every_file(settings: Settings) -> None:
    index = open_index(settings)
    index.sync([settings.knowledge_dir])
    smaller = open_index(settings.model_copy(update={"chunk_size": 200, "chunk_overlap": 0}))
    report = smaller.sync([settings.knowledge_dir])
    assert len(report.updated) == 10 and not report.added
    assert_consistent(smaller)


def fee_answer(index: KnowledgeIndex) -> str:
    hits = index.retriever().search("What is the e-visa fee?", lang="en")
    return next(h.text for h in hits if h.metadata["source"] == "national/evisa.en.md")


def test_a_server_sees_another_process_ingest_that_keeps_the_vector_count(
    settings: Settings,
) -> None:
    """An edit with as many chunks as before is still seen: the generation changes."""
    kb = settings.knowledge_dir
    serving = open_index(settings)
    serving.sync([kb])
    assert "25 USD" in fee_answer(serving)
    count = serving.count()
    evisa = kb / "national/evisa.en.md"
    evisa.write_text(evisa.read_text().replace("25 USD", "30 USD"))
    staff = open_index(settings)  # `python ingest.py` in another process
    assert staff.sync([kb]).updated == ["national/evisa.en.md"]
    assert serving.count() == count
    serving.retriever()._checked = 0.0  # the periodic check is due
    assert "30 USD" in fee_answer(serving)


def test_chunks_removed_behind_the_cache_do_not_crash_a_search(settings: Settings) -> None:
    index = open_index(settings)
    index.sync([settings.knowledge_dir])
    retriever = index.retriever()
    assert retriever.search("What is the e-visa fee?", lang="en")
    evisa = index.collection.get(where={"source": "national/evisa.en.md"}, include=[])
    index.collection.delete(ids=evisa["ids"])  # another process is half-way through a sync
    retriever.search("What is the e-visa fee?", lang="en")  # answers, does not raise
    again = retriever.search("What is the e-visa fee?", lang="en")  # reloaded before this one
    assert all(h.metadata["source"] != "national/evisa.en.md" for h in again)


def test_a_folder_outside_the_knowledge_dir_is_refused_and_deletes_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    index = open_index(settings)
    index.sync([settings.knowledge_dir])
    count = index.count()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "page.en.md").write_text("# Page\n\nSome text.")
    with pytest.raises(OutsideKnowledgeDir, match="outside the knowledge folder"):
        index.sync([outside])
    assert index.count() == count


def test_an_edit_that_leaves_only_headings_fails_and_keeps_the_last_good_text(
    settings: Settings,
) -> None:
    kb = settings.knowledge_dir
    index = open_index(settings)
    index.sync([kb])
    evisa = kb / "national/evisa.en.md"
    head, _, _ = evisa.read_text().partition("\n# ")
    evisa.write_text(head + "\n# E-visa\n\n## Who can apply\n\n## Validity and fee\n")
    report = index.sync([kb])
    assert report.failed == {
        "national/evisa.en.md": "no text under its headings (the previous version is still served)"
    }
    assert "25 USD" in fee_answer(index)
    assert index.sync([kb]).failed  # still reported on the next run, not marked done


def test_rebuild_with_a_model_that_cannot_load_keeps_the_index(settings: Settings) -> None:
    index = open_index(settings)
    index.sync([settings.knowledge_dir])
    count = index.count()

    def broken() -> Embeddings:
        raise FileNotFoundError("no model at /nonexistent")

    again = KnowledgeIndex(settings, index.client, broken)
    with pytest.raises(FileNotFoundError):
        again.sync([settings.knowledge_dir], rebuild=True)
    assert index.count() == count


JP_SITE = """
  - id: embassy-jp
    name: Embassy in Japan (test)
    mission: jp-tokyo
    default_lang: ja
"""


def test_pages_of_two_missions_sharing_a_group_are_both_served(settings: Settings) -> None:
    kb = settings.knowledge_dir
    with (kb / "sites.yaml").open("a") as sites:
        sites.write(JP_SITE)
    for mission, city in (("fr-paris", "Paris"), ("jp-tokyo", "Tokyo")):
        folder = kb / "missions" / mission
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "hours.en.md").write_text(
            f"---\ntitle: Opening hours in {city}\nlang: en\ngroup: mission-hours\n"
            f"mission: {mission}\nupdated: 2025-0{1 if city == 'Paris' else 2}-01\n---\n"
            f"# Opening hours\n\nThe consular section in {city} opens at nine."
        )
    index = open_index(settings)
    index.sync([kb])
    for mission, city in (("fr-paris", "Paris"), ("jp-tokyo", "Tokyo")):
        hits = index.retriever().search("opening hours", lang="en", mission=mission)
        assert any(h.metadata.get("mission") == mission and city in h.text for h in hits)


def test_a_file_named_on_the_command_line_follows_the_folder_rules(settings: Settings) -> None:
    kb = settings.knowledge_dir
    (kb / "README.md").write_text("# Notes for editors\n\nNot content.")
    assert list(iter_content_files(kb / "README.md", kb)) == []
    assert list(iter_content_files(kb / "sites.yaml", kb)) == []
    page = kb / "national/evisa.en.md"
    assert list(iter_content_files(page, kb)) == [page]


def test_a_huge_file_fails_with_a_reason_before_anything_is_embedded(settings: Settings) -> None:
    kb = settings.knowledge_dir
    sentences = " ".join(f"Rule number {n} of the old export says nothing new." for n in range(400))
    (kb / "national/export.en.md").write_text(f"# Export\n\n{sentences}")
    index = open_index(settings.model_copy(update={"max_chunks_per_file": 5}))
    report = index.sync([kb])
    assert "more than the 5 allowed" in report.failed["national/export.en.md"]
    assert "national/export.en.md" not in chunk_sources(index)
    assert len(report.added) == 10  # the rest goes on


def test_a_pdf_takes_its_fields_from_a_sidecar_file_and_expires(settings: Settings) -> None:
    kb = settings.knowledge_dir
    notice = kb / "national/fee-notice.pdf"
    notice.write_bytes(make_pdf("Consular notice: the legalisation fee is 40 USD per page."))
    fields = kb / "national/fee-notice.pdf.yaml"
    fields.write_text("title: Legalisation fee notice\nlang: en\nvalid_until: 2020-01-01\n")
    index = open_index(settings)
    report = index.sync([kb])
    assert "national/fee-notice.pdf" in report.added and not report.failed
    stored = index.collection.get(
        where={"source": "national/fee-notice.pdf"}, include=["metadatas"]
    )
    assert stored["metadatas"][0]["title"] == "Legalisation fee notice"
    hits = index.retriever().search("legalisation fee per page", lang="en")
    assert all(h.metadata["source"] != "national/fee-notice.pdf" for h in hits)  # expired
    fields.write_text("title: Legalisation fee notice\nlang: en\nvalid_until: 2099-12-31\n")
    assert index.sync([kb]).updated == ["national/fee-notice.pdf"]  # the sidecar counts
    hits = index.retriever().search("legalisation fee per page", lang="en")
    assert hits[0].metadata["source"] == "national/fee-notice.pdf"
    fields.write_text("- not: fields\n")
    assert "expected key: value pairs" in index.sync([kb]).failed["national/fee-notice.pdf"]


def test_a_page_for_a_mission_no_site_serves_fails_until_a_site_serves_it(
    settings: Settings,
) -> None:
    kb = settings.knowledge_dir
    folder = kb / "missions" / "jp-tokyo"
    folder.mkdir(parents=True)
    (folder / "hours.en.md").write_text(
        "---\ntitle: Opening hours in Tokyo\nlang: en\nmission: jp-tokyo\n---\n"
        "# Opening hours\n\nThe consular section in Tokyo opens at nine."
    )
    index = open_index(settings)
    report = index.sync([kb])
    # A typo in `mission:` would otherwise index a page no visitor ever sees.
    reason = report.failed["missions/jp-tokyo/hours.en.md"]
    assert "jp-tokyo" in reason and "sites.yaml" in reason and "fr-paris" in reason
    assert len(report.added) == 10  # the rest of the content is synced
    assert "missions/jp-tokyo/hours.en.md" not in chunk_sources(index)
    # Once the sites config serves the mission, the next sync indexes the page.
    with (kb / "sites.yaml").open("a") as sites:
        sites.write(JP_SITE)
    again = index.sync([kb])
    assert again.added == ["missions/jp-tokyo/hours.en.md"] and not again.failed
    hits = index.retriever().search("opening hours", lang="en", mission="jp-tokyo")
    assert any("Tokyo" in h.text for h in hits)


def test_a_new_or_emptied_vector_store_is_filled_again(settings: Settings) -> None:
    # Moving to a Chroma server, or losing its volume, leaves the records in SQL: the
    # next sync must not report everything "unchanged" over an empty store.
    index = open_index(settings)
    index.sync([settings.knowledge_dir])
    count = index.count()
    index.client.delete_collection(settings.collection)
    fresh = open_index(settings)
    assert fresh.count() == 0
    plan = fresh.sync([settings.knowledge_dir], dry_run=True)
    assert len(plan.added) == 10 and fresh.count() == 0
    # Even a sync of one folder restores every file: the store lost them all.
    report = fresh.sync([settings.knowledge_dir / "national"])
    assert len(report.added) == 10 and fresh.count() == count
    assert fresh.retriever().search("e-visa fee", lang="en")
    assert_consistent(fresh)


def test_rebuild_with_a_model_of_another_size(settings: Settings) -> None:
    # Moving to a larger model (384 to 768 dimensions) is what --rebuild is for.
    KnowledgeIndex(settings, make_client(settings), lambda: FakeEmbeddings(384)).sync(
        [settings.knowledge_dir]
    )
    bigger = KnowledgeIndex(settings, make_client(settings), lambda: FakeEmbeddings(768))
    report = bigger.sync([settings.knowledge_dir], rebuild=True)
    assert len(report.added) == 10 and bigger.count() > 0
    stored = bigger.collection.get(limit=1, include=["embeddings"])["embeddings"]
    assert len(stored[0]) == 768


def test_a_broken_sites_config_stops_a_rebuild_before_anything_is_dropped(
    settings: Settings,
) -> None:
    index = open_index(settings)
    index.sync([settings.knowledge_dir])
    count = index.count()
    (settings.knowledge_dir / "sites.yaml").write_text("sites:\n  - id: [unclosed\n")
    with pytest.raises(SitesError):
        index.sync([settings.knowledge_dir], rebuild=True)
    assert index.count() == count and len(index.manifest.all()) == 10


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("sites.yaml", "sites config is invalid, nothing was changed"),
        ("names.yaml", "other-names file is invalid, nothing was changed"),
    ],
)
def test_ingest_says_when_a_config_file_is_broken(settings: Settings, name: str, said: str) -> None:
    import os
    import subprocess
    import sys

    index = open_index(settings)
    index.sync([settings.knowledge_dir])
    count = index.count()
    (settings.knowledge_dir / name).write_text("- id: [unclosed\n")
    env = {
        **os.environ,
        "ASKVN_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "ASKVN_DATA_DIR": str(settings.data_dir),
        "ASKVN_EMBEDDING_MODEL": "fake",
    }
    done = subprocess.run(
        [sys.executable, "ingest.py", "--rebuild"],
        env=env,
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr
    assert open_index(settings).count() == count  # the rebuild did not start


def deny_reading(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make reading the file called `name` fail as a file another user has locked would."""
    read_bytes = Path.read_bytes

    def locked(path: Path) -> bytes:
        if path.name == name:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", locked)


def test_a_link_out_of_the_folder_or_an_unreadable_file_fails_alone(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = settings.knowledge_dir
    secret = tmp_path / "elsewhere/secret.en.md"
    secret.parent.mkdir()
    secret.write_text("# Secret\n\nA draft that is not in the knowledge folder.")
    (kb / "national/link.en.md").symlink_to(secret)
    (kb / "national/locked.en.md").write_text("# Locked\n\nA file another editor has open.")
    deny_reading(monkeypatch, "locked.en.md")
    index = open_index(settings)
    report = index.sync([kb])
    assert report.failed == {
        "national/link.en.md": f"links outside the knowledge folder (to {secret.resolve()})",
        "national/locked.en.md": "cannot be read: Permission denied",
    }
    assert len(report.added) == 10 and "national/evisa.en.md" in chunk_sources(index)
    assert not any("secret" in text.lower() for text in index.collection.get()["documents"])


def test_an_indexed_file_that_cannot_be_read_any_more_stays_served(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = open_index(settings)
    index.sync([settings.knowledge_dir])
    deny_reading(monkeypatch, "evisa.en.md")
    report = index.sync([settings.knowledge_dir])
    assert report.failed == {
        "national/evisa.en.md": "cannot be read: Permission denied "
        "(the previous version is still served)"
    }
    assert not report.deleted and "25 USD" in fee_answer(index)


def test_a_loader_bug_on_one_file_fails_that_file_only(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.knowledge.indexing as indexing

    load = indexing.load_file

    def buggy(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == "evisa.vi.md":
            raise IndexError("list index out of range")
        return load(path, *args, **kwargs)

    monkeypatch.setattr(indexing, "load_file", buggy)
    index = open_index(settings)
    report = index.sync([settings.knowledge_dir])
    assert report.failed == {
        "national/evisa.vi.md": "cannot be read: IndexError: list index out of range"
    }
    assert len(report.added) == 9 and "national/evisa.en.md" in chunk_sources(index)


def test_a_failing_embedding_model_still_stops_the_sync(settings: Settings) -> None:
    class Broken(FakeEmbeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            raise RuntimeError("the model server went away")

    index = KnowledgeIndex(settings, make_client(settings), lambda: Broken(384))
    with pytest.raises(RuntimeError, match="went away"):
        index.sync([settings.knowledge_dir])
    assert index.manifest.all() == {}  # nothing is marked done: the next run does it all


def test_a_store_failing_mid_sync_leaves_every_section_of_a_long_file_served(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chromadb.api.models.Collection import Collection

    kb = settings.knowledge_dir
    guide = kb / "national/consular-guide.en.md"
    sections = "".join(
        f"## Section {i}\n\nConsular service number {i} costs {i} dollars.\n\n" for i in range(300)
    )
    guide.write_text("# Consular guide\n\n" + sections)  # more chunks than one batch
    index = open_index(settings)
    index.sync([kb])
    stored = chunk_sources(index)["national/consular-guide.en.md"]
    assert stored > 2 * 256  # a chunk and a window per section: the edit is in batch 2
    # A staff member fixes a typo in the last section; the Chroma server dies meanwhile.
    guide.write_text("# Consular guide\n\n" + sections.replace("number 299", "no. 299"))

    def down(self: Collection, *args: Any, **kwargs: Any) -> None:
        raise ConnectionError("Chroma server went away")

    with monkeypatch.context() as patch:
        patch.setattr(Collection, "upsert", down)
        with pytest.raises(ConnectionError):
            index.sync([kb])
    assert chunk_sources(index)["national/consular-guide.en.md"] == stored
    got = index.collection.get(
        where={"source": "national/consular-guide.en.md"}, include=["documents"]
    )
    text = " ".join(got["documents"])
    assert all(f"number {i} costs" in text for i in range(299))
    report = index.sync([kb])  # the next run finishes the edit
    assert report.updated == ["national/consular-guide.en.md"]
    assert chunk_sources(index)["national/consular-guide.en.md"] == stored
    assert_consistent(index)
