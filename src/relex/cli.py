"""The ``relex`` command: ``relex extract``, ``relex evaluate``, ``relex info``.

``extract`` streams: documents are read lazily, processed in batches and written
as they come, so memory stays flat over thousands of files. With ``-o`` the output
goes to a temporary file beside the target that is renamed into place at the end,
so an interrupted run never leaves a half-written line. A file that cannot be read
or decoded is reported by name on stderr and skipped; the exit status is 1 if any
input failed.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROGRESS_THRESHOLD = 10  # show a progress bar from this many inputs on


@dataclass
class Source:
    """One document to process: where it came from and its text (or why it has none)."""

    id: str
    text: str | None = None
    date: str | None = None
    error: str | None = None


def _expand(inputs: list[str]) -> list[str]:
    paths: list[str] = []
    for item in inputs:
        if item == "-":
            paths.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            paths.extend(
                str(p) for p in sorted(path.rglob("*"))
                # a dangling link is kept so that it is reported, not skipped silently
                if (p.is_file() or (p.is_symlink() and not p.exists())) and p.suffix in (".txt", ".jsonl", ".md", ".html", "")
            )
        else:
            paths.append(item)
    return paths


def _read(path: str) -> Iterator[Source]:
    """A ``.jsonl`` file gives one document per line (``id``, ``text``, optional ``date``); any other file is one document."""
    if path == "-":
        yield Source(id="stdin", text=sys.stdin.read())
        return
    try:
        raw = Path(path).read_bytes()
        text = raw.decode("utf-8")
    except OSError as err:
        yield Source(id=path, error=f"cannot read: {err.strerror or err}")
        return
    except UnicodeDecodeError as err:
        yield Source(id=path, error=f"not UTF-8 (byte {err.start})")
        return
    if path.endswith(".jsonl"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                yield Source(id=str(record.get("id", f"{path}:{n}")), text=record["text"], date=record.get("date"))
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                yield Source(id=f"{path}:{n}", error=f"bad JSON line ({err.__class__.__name__})")
        return
    yield Source(id=path, text=text)


def format_facts(record: dict) -> str:
    """A short human-readable listing of one document's facts (``--format text``)."""
    lines = [f"== {record.get('id')}"]
    by_label: dict[str, list[str]] = {}
    for ent in record["entities"]:
        names = by_label.setdefault(ent["label"], [])
        if ent["canonical"] not in names:
            names.append(ent["canonical"])
    for label in ("PER", "OFFICE", "REGION", "ORG", "MONEY", "AGREEMENT"):
        if by_label.get(label):
            lines.append(f"  {label:<10} " + "; ".join(by_label[label]))
    for rel in record["relations"]:
        q = {k: (v["canonical"] if isinstance(v, dict) else v) for k, v in rel["qualifiers"].items() if v is not None}
        extra = ", ".join(f"{k}={v}" for k, v in q.items())
        lines.append(f"  {rel['label']:<13} {rel['head']['canonical']} -> {rel['tail']['canonical']}" + (f"  ({extra})" if extra else ""))
    return "\n".join(lines) + "\n\n"


class _Writer:
    """Writes JSON lines or CSV rows, to stdout or atomically to a file."""

    def __init__(self, target: str | None, fmt: str, table: str):
        self.fmt, self.table = fmt, table
        self.target = target
        if target and target != "-":
            directory = os.path.dirname(os.path.abspath(target))
            fd, self.tmp = tempfile.mkstemp(prefix=".relex-", suffix=".part", dir=directory)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.tmp, 0o666 & ~umask)  # like open(..., "w"), not mkstemp's 0600
            self.stream = io.open(fd, "w", encoding="utf-8", newline="")
        else:
            self.tmp = None
            self.stream = sys.stdout
        self.csv = None

    def write(self, record: dict) -> None:
        if self.fmt == "jsonl":
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        if self.fmt == "text":
            self.stream.write(format_facts(record))
            return
        from .rows import to_rows

        rows = to_rows(record, self.table)
        for row in rows:
            if self.csv is None:
                self.csv = csv.DictWriter(self.stream, fieldnames=list(row))
                self.csv.writeheader()
            self.csv.writerow(row)

    def close(self, ok: bool = True) -> None:
        self.stream.flush()
        if self.tmp:
            self.stream.close()
            if ok:
                os.replace(self.tmp, self.target)
            else:
                os.unlink(self.tmp)


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, disable=not enabled, desc="relex")


def cmd_extract(args: argparse.Namespace) -> int:
    from . import load, to_dict
    from .pipeline import make_doc

    paths = _expand(args.inputs)
    if not paths:
        print("relex: no input files found", file=sys.stderr)
        return 2
    nlp = load(args.model) if args.model else load()
    failures = 0
    docs_for_html = [] if args.html else None
    show = not args.no_progress and len(paths) >= PROGRESS_THRESHOLD
    writer = _Writer(args.output, args.format, args.table)
    ok = False
    try:
        with _progress(len(paths), show) as bar:
            def documents() -> Iterator[tuple[object, str]]:
                nonlocal failures
                for path in paths:
                    _check_terminated()
                    for source in _read(path):
                        if source.error:
                            failures += 1
                            bar.write(f"relex: skipped {source.id}: {source.error}", file=sys.stderr)
                            continue
                        try:
                            yield make_doc(nlp, source.text, id=source.id, date=source.date), source.id
                        except (TypeError, ValueError) as err:
                            failures += 1
                            bar.write(f"relex: skipped {source.id}: {err}", file=sys.stderr)
                    bar.update(1)

            for doc, doc_id in nlp.pipe(documents(), as_tuples=True, batch_size=args.batch_size, n_process=args.n_process):
                _check_terminated()
                writer.write(to_dict(doc, id=doc_id))
                if docs_for_html is not None:
                    docs_for_html.append(doc)
        _check_terminated()
        ok = True
    finally:
        writer.close(ok)
    if docs_for_html is not None:
        from .render import write_html

        write_html(docs_for_html, args.html)
    if failures:
        print(f"relex: {failures} input(s) failed", file=sys.stderr)
    return 1 if failures else 0


def cmd_info(args: argparse.Namespace) -> int:
    from . import __version__, load

    nlp = load(args.model) if args.model else load()
    print(json.dumps({"relex": __version__, "model": nlp.meta.get("name"), "model_version": nlp.meta.get("version"), "pipeline": nlp.pipe_names}, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="relex", description="Facts from German news: people, offices, regions, money and their relations.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract facts from text files, directories, .jsonl or stdin (-)")
    ex.add_argument("inputs", nargs="+", help="files, directories (searched recursively), .jsonl with id/text/date, or - for stdin")
    ex.add_argument("-o", "--output", help="output file (default: stdout)")
    ex.add_argument("--format", choices=("jsonl", "csv", "text"), default="jsonl", help="jsonl (spec/OUTPUT.md), csv (one row per fact or entity) or text (for reading)")
    ex.add_argument("--table", choices=("relations", "entities"), default="relations", help="which table --format csv writes")
    ex.add_argument("--html", help="also write a page that shows each document's entities and relations")
    ex.add_argument("--model", help="base pipeline: a spaCy package name or a path (default: relex's own)")
    ex.add_argument("--n-process", type=int, default=1)
    ex.add_argument("--batch-size", type=int, default=32)
    ex.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    ex.set_defaults(func=cmd_extract)
    ev = sub.add_parser("evaluate", help="score extraction against gold documents")
    from .evaluate import add_arguments, run

    add_arguments(ev)
    ev.set_defaults(func=run)
    info = sub.add_parser("info", help="show the pipeline relex loads")
    info.add_argument("--model")
    info.set_defaults(func=cmd_info)
    return parser


_TERMINATED: list[int] = []  # the signal, once one arrived


def _terminate(signum, frame):  # noqa: ARG001
    # unwinds through _Writer.close, which removes the temp file; an exception raised while
    # Python runs a weakref callback or __del__ is swallowed, so the loop also checks the flag
    _TERMINATED.append(signum)
    raise SystemExit(128 + signum)


def _interrupt(signum, frame):  # noqa: ARG001
    # Ctrl-C as usual, but remembered: a KeyboardInterrupt raised inside a weakref callback
    # (the per-doc caches have them) is swallowed too
    _TERMINATED.append(signum)
    raise KeyboardInterrupt


def _check_terminated() -> None:
    if _TERMINATED:
        raise SystemExit(128 + _TERMINATED[0])


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        return args.func(args)
    except OSError as err:  # a model or output folder that is not there
        print(f"relex: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
