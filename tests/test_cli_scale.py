"""``relex extract`` at scale and under failure: 1,000 files, progress bar, streamed and
atomic output, unreadable inputs, csv/text formats, stdin and interrupted runs.

The CLI runs as ``sys.executable -m relex.cli`` in a subprocess, as a user would run it.
"""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relex.rows import RELATION_COLUMNS

N_FILES = 1000


def relex_cli(*args: str, cwd: Path, stdin: str | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "relex.cli", *args],
        cwd=cwd, input=stdin if stdin is not None else "", capture_output=True, text=True, timeout=timeout,
    )


def article(i: int) -> str:
    if i % 3 == 0:
        return f"Der Handelsumsatz zwischen Belarus und Russland erreichte {i} Mio. Euro.\n"
    if i % 3 == 1:
        return f"Linz (red) - Bürgermeister Dietmar Prammer unterzeichnete das Abkommen Nr. {i}.\n"
    return f"Meldung {i}: Der usbekische Außenminister Bachtijor Saidow reiste nach Berlin.\n"


def temp_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(".relex-*"))


@pytest.fixture(scope="module")
def big_run(tmp_path_factory):
    """One run over 1,000 files (one of them in a directory named like a file) plus two bad inputs."""
    root = tmp_path_factory.mktemp("cli_scale")
    corpus = root / "corpus"
    corpus.mkdir()
    for i in range(N_FILES - 1):
        (corpus / f"doc{i:04d}.txt").write_text(article(i), encoding="utf-8")
    (corpus / "nested.txt").mkdir()  # a directory named like a file: searched like any directory
    (corpus / "nested.txt" / "inner.txt").write_text(article(N_FILES - 1), encoding="utf-8")
    bad = root / "latin1.txt"
    bad.write_bytes("Grüße aus Linz: 5 Mio. Euro".encode("latin-1"))
    dangling = root / "gone.txt"
    dangling.symlink_to(root / "does-not-exist.txt")
    out_dir = root / "out"
    out_dir.mkdir()
    started = time.perf_counter()
    proc = relex_cli("extract", "corpus", "latin1.txt", "gone.txt", "-o", "out/out.jsonl", "--no-progress", cwd=root)
    return {"root": root, "proc": proc, "out": out_dir / "out.jsonl", "seconds": time.perf_counter() - started}


def test_thousand_files_streamed_to_one_jsonl(big_run):
    proc, out = big_run["proc"], big_run["out"]
    assert out.exists(), proc.stderr[-3000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == N_FILES
    records = [json.loads(line) for line in lines]
    ids = [r["id"] for r in records]
    assert len(set(ids)) == N_FILES
    assert "corpus/nested.txt/inner.txt" in ids
    assert all(set(r) >= {"id", "text", "entities", "relations"} for r in records)
    by_id = {r["id"]: r for r in records}
    money = [e for e in by_id["corpus/doc0003.txt"]["entities"] if e["label"] == "MONEY"]
    assert [(m["text"], m["value"], m["currency"]) for m in money] == [("3 Mio. Euro", 3e6, "EUR")]
    assert "%|" not in proc.stderr  # --no-progress: no bar


def test_no_temporary_file_left_behind(big_run):
    assert temp_files(big_run["out"].parent) == []
    assert sorted(p.name for p in big_run["out"].parent.iterdir()) == ["out.jsonl"]


def test_bad_inputs_reported_by_name_and_the_rest_processed(big_run):
    proc = big_run["proc"]
    assert proc.returncode != 0
    assert "latin1.txt" in proc.stderr and "UTF-8" in proc.stderr
    assert "gone.txt" in proc.stderr
    assert "2 input(s) failed" in proc.stderr
    assert "corpus/doc" not in proc.stderr  # the good files are not reported


def test_bad_jsonl_lines_reported_by_id_and_good_ones_kept(tmp_path):
    lines = [
        json.dumps({"id": "good", "text": article(0), "date": "2024-05-01"}),
        '{"id": "surrogate", "text": "Der Minister\\ud800 sprach."}',  # valid JSON, not encodable text
        "not json",
        json.dumps({"id": "baddate", "text": article(1), "date": "01.05.2024"}),
        json.dumps({"id": "number", "text": 7}),
        json.dumps({"text": article(2)}),  # no id: the file and line number name it
    ]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = relex_cli("extract", "docs.jsonl", "--no-progress", cwd=tmp_path)
    assert proc.returncode != 0
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["good", "docs.jsonl:6"]
    for name in ("surrogate", "docs.jsonl:3", "baddate", "number"):
        assert f"skipped {name}:" in proc.stderr
    assert "4 input(s) failed" in proc.stderr


def test_output_file_has_the_usual_permissions(big_run):
    umask = os.umask(0)
    os.umask(umask)
    assert big_run["out"].stat().st_mode & 0o777 == 0o666 & ~umask


def test_dangling_symlink_inside_a_directory_is_reported(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text(article(3), encoding="utf-8")
    (tmp_path / "in" / "broken.txt").symlink_to(tmp_path / "missing.txt")
    proc = relex_cli("extract", "in", "--no-progress", cwd=tmp_path)
    assert len(proc.stdout.splitlines()) == 1
    assert "broken.txt" in proc.stderr
    assert proc.returncode != 0


def test_progress_bar_from_ten_inputs(tmp_path):
    for i in range(12):
        (tmp_path / f"a{i:02d}.txt").write_text(article(i), encoding="utf-8")
    proc = relex_cli("extract", ".", "-o", "out.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "relex" in proc.stderr and "12/12" in proc.stderr and "%|" in proc.stderr
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 12


def test_csv_format(tmp_path):
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(article(i), encoding="utf-8")
    proc = relex_cli("extract", "a0.txt", "a1.txt", "a2.txt", "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "%|" not in proc.stderr  # fewer than ten inputs: no bar
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert rows and tuple(rows[0]) == RELATION_COLUMNS
    assert {r["label"] for r in rows} >= {"trade_volume", "holds_office"}
    trade = next(r for r in rows if r["label"] == "trade_volume")
    assert (trade["doc_id"], float(trade["value"]), trade["currency"]) == ("a0.txt", 0.0, "EUR")


def test_text_format_and_stdin(tmp_path):
    (tmp_path / "a1.txt").write_text(article(1), encoding="utf-8")
    proc = relex_cli("extract", "-", "a1.txt", "--format", "text", cwd=tmp_path, stdin=article(3))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "== stdin" in proc.stdout and "== a1.txt" in proc.stdout
    assert "trade_volume" in proc.stdout and "Belarus" in proc.stdout
    assert "Dietmar Prammer" in proc.stdout


def _start_blocked_run(tmp_path: Path, n: int) -> tuple[subprocess.Popen, list[str]]:
    """A run over ``n`` files and then stdin, which is never closed: it streams its first lines into the
    temporary file (so they are out before the input ends) and then waits for stdin."""
    names = []
    for i in range(n):
        names.append(f"a{i:02d}.txt")
        (tmp_path / names[-1]).write_text(article(i) * 3, encoding="utf-8")
    args = [*names, "-", "-o", "out.jsonl", "--no-progress", "--batch-size", "4"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "relex.cli", "extract", *args], cwd=tmp_path,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not any(p.stat().st_size > 0 for p in temp_files(tmp_path) if p.exists()):  # first lines are out
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"the run never wrote its first lines: rc={proc.returncode} {err.decode()[-2000:]}")
        time.sleep(0.05)
    return proc, args


def test_interrupted_run_leaves_no_output_and_a_finished_run_a_complete_one(tmp_path):
    proc, args = _start_blocked_run(tmp_path, 40)
    try:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err.decode()[-2000:]
    assert not (tmp_path / "out.jsonl").exists()
    assert temp_files(tmp_path) == []
    # the same run, allowed to finish: every line is there
    done = relex_cli("extract", *args, cwd=tmp_path, stdin=article(0))
    assert done.returncode == 0, done.stderr[-2000:]
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 41
    assert [json.loads(line)["id"] for line in lines][-1] == "stdin"
    assert temp_files(tmp_path) == []


def test_terminated_run_leaves_no_output_and_no_temp_file(tmp_path):
    proc, _ = _start_blocked_run(tmp_path, 12)
    try:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not (tmp_path / "out.jsonl").exists()  # never half-written
    assert temp_files(tmp_path) == []


def test_bad_model_fails_before_writing(tmp_path):
    (tmp_path / "a.txt").write_text(article(0), encoding="utf-8")
    proc = relex_cli("extract", "a.txt", "--model", str(tmp_path / "no-such-model"), "-o", "out.jsonl", cwd=tmp_path)
    assert proc.returncode != 0
    assert "no-such-model" in proc.stderr
    assert not (tmp_path / "out.jsonl").exists() and temp_files(tmp_path) == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowing itself
def test_an_interrupt_swallowed_by_a_weakref_callback_still_stops_the_run():
    import weakref

    from relex import cli

    class Cached:
        pass

    item = Cached()
    weakref.finalize(item, cli._interrupt, signal.SIGINT, None)
    try:
        del item  # Python reports the KeyboardInterrupt raised in the callback and goes on
        with pytest.raises(SystemExit) as stopped:
            cli._check_terminated()  # what the extract loop calls after each document
        assert stopped.value.code == 130
    finally:
        cli._TERMINATED.clear()
