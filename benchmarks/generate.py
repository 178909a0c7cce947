"""Generate a synthetic journal for the benchmarks, as a learnlog database and as a jrnl journal.

The same options give the same data, byte for byte (``jrnl.yaml`` differs only by the output
directory it names): every random choice comes from one ``random.Random(seed)``, and the days
are counted back from ``--end`` (default: today, UTC).

The output directory receives:

- ``learnlog.db``: created and migrated by the real ``learnlog`` program (``habit list``), then
  filled with ``sqlite3`` in one transaction: entries with their tags, papers with theirs,
  habits and their check-ins.
- ``jrnl.txt``: the same entries (text, time, tags, star) in jrnl's own file format, as jrnl
  itself would write them, so that an add to a copy changes nothing but the new entry.
- ``jrnl.yaml``: a jrnl 4 configuration pointing at ``jrnl.txt``, for ``jrnl --config-file``.
- ``manifest.json``: the options and the row counts.

jrnl has no papers or habits, so those exist only in the learnlog database; learnlog therefore
carries more data than jrnl in every comparison.

Example::

    python benchmarks/generate.py --entries 3650 --years 10 --seed 7 /tmp/journal-3650
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

SEARCH_WORD = "entropy"
"""A word that appears in about one entry in thirty, for ``search`` / ``jrnl -contains``."""

JRNL_TIMEFORMAT = "%Y-%m-%d %H:%M"
DB_TIMESTAMP = "%Y-%m-%d %H:%M:%S.%f"  # what SQLAlchemy writes for a naive UTC DateTime

TOPICS = [
    "python", "rust", "sql", "sqlite", "postgres", "linux", "git", "docker", "networking",
    "ml", "deep-learning", "statistics", "probability", "linear-algebra", "calculus",
    "optimization", "compilers", "algorithms", "data-structures", "distributed-systems",
    "databases", "security", "cryptography", "typescript", "go", "haskell", "category-theory",
    "physics", "chemistry", "biology", "history", "economics", "writing", "music", "spanish",
    "japanese", "cooking", "design", "testing", "performance",
]  # fmt: skip

CONCEPTS = [
    "gradient descent", "hash joins", "B-trees", "borrow checking", "tail calls",
    "garbage collection", "backpropagation", "Bayes' rule", "eigenvalues", "the chain rule",
    "consensus", "write-ahead logging", "bloom filters", "monads", "type inference",
    "lock-free queues", "TLS handshakes", "public-key signatures", "dynamic programming",
    "regular expressions", "vector clocks", "copy-on-write", "memory ordering", "branch prediction",
    "cache lines", "the central limit theorem", "maximum likelihood", "attention", "convolutions",
    "dropout", "query planning", "index scans", "the subjunctive", "counterpoint",
    "supply curves", "photosynthesis", "thermodynamics", "Fourier series", "graph colouring",
    "property-based testing",
]  # fmt: skip

OPENERS = [
    "Learned how {c} works",
    "Finally understood {c}",
    "Worked through an example of {c}",
    "Read a chapter on {c}",
    "Explained {c} to a friend",
    "Compared two approaches to {c}",
    "Implemented {c} from scratch",
    "Found a neat trick about {c}",
]

DETAILS = [
    "The key idea is that {c} trades memory for time",
    "It clicked once I drew the diagram for {c}",
    "The textbook proof of {c} skips a step I had to fill in",
    "Wrote a tiny program to check my understanding of {c}",
    "Next time I should look at how {c} relates to {d}",
    "The edge cases of {c} are where the bugs hide",
    "A good mental model: {c} is {d} with extra bookkeeping",
    "Measured it: {c} was three times faster than {d} on my data",
    "The {w} of the input decides how well {c} behaves",
]

WORDS = ["size", "shape", "order", "entropy", "skew", "noise", "density"]

SOURCES = [
    "https://en.wikipedia.org/wiki/{slug}",
    "https://docs.python.org/3/library/{slug}.html",
    "https://arxiv.org/abs/{arxiv}",
    "https://www.youtube.com/watch?v={yt}",
    "{Book}, chapter {n}",
]

BOOKS = ["SICP", "CLRS", "DDIA", "The Art of Computer Programming", "Probability Theory"]

STAGES = ["understood", "explained", "applied"]

PAPER_WORDS = [
    "Attention", "Scalable", "Learning", "Representations", "Efficient", "Consistent",
    "Distributed", "Transactions", "Neural", "Networks", "Graphs", "Queries", "Robust",
    "Optimization", "Sparse", "Models", "Inference", "Storage", "Indexes", "Streaming",
]  # fmt: skip

AUTHORS = ["Vaswani", "Lamport", "Codd", "Gray", "Hinton", "Bengio", "Knuth", "Dean", "Liskov"]

HABITS = [
    # name, schedule, chance of a check-in on a given day, whether minutes are recorded
    ("run", "day", 0.85, False),
    ("piano", "7h/week", 0.7, True),
    ("gym", "3/week", 0.45, False),
    ("stretch", "sat,sun", 0.6, False),
]


@dataclass
class Counts:
    """How many rows of each kind were generated."""

    entries: int = 0
    entry_tags: int = 0
    papers: int = 0
    paper_tags: int = 0
    habits: int = 0
    check_ins: int = 0
    jrnl_bytes: int = 0


@dataclass
class Options:
    """The options of one generated journal; the same options give the same files."""

    entries: int
    years: int
    seed: int
    end: str
    papers: int
    habits: int
    counts: Counts = field(default_factory=Counts)


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(moment: datetime) -> str:
    return moment.strftime(DB_TIMESTAMP)


def _entry_text(rng: random.Random) -> tuple[str, str, list[str]]:
    """A title sentence, a body and the hashtags the text carries (in order, lower-case)."""
    concept = rng.choice(CONCEPTS)
    title = rng.choice(OPENERS).format(c=concept) + "."
    tags = rng.sample(TOPICS, rng.choice((1, 1, 2, 2, 3)))
    sentences = []
    for _ in range(rng.randint(1, 3)):
        detail = rng.choice(DETAILS).format(c=concept, d=rng.choice(CONCEPTS), w=rng.choice(WORDS))
        sentences.append(detail + ".")
    sentences[-1] = sentences[-1][:-1] + " " + " ".join(f"#{tag}" for tag in tags) + "."
    return title, " ".join(sentences), tags


def _source(rng: random.Random) -> str:
    template = rng.choice(SOURCES)
    return template.format(
        slug=rng.choice(CONCEPTS).replace(" ", "_").replace("'", ""),
        arxiv=f"{rng.randint(1500, 2499)}.{rng.randint(10000, 99999)}",
        yt="".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789_-")
                   for _ in range(11)),
        Book=rng.choice(BOOKS),
        n=rng.randint(1, 20),
    )  # fmt: skip


def _jrnl_entry(moment: datetime, title: str, body: str, *, starred: bool) -> str:
    """One entry exactly as jrnl 4 writes it (see ``jrnl.journals.Entry.__str__``)."""
    head = f"[{moment.strftime(JRNL_TIMEFORMAT)}] {title}"
    if starred:
        head += " *"
    return f"{head}\n{body}\n" if body else f"{head}\n"


def run_env(home: Path) -> dict[str, str]:
    """A minimal environment for learnlog or jrnl that keeps them away from the real home."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "LEARNLOG_CONFIG": str(home / "learnlog.toml"),
        "TZ": "UTC",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "80",
    }


def create_empty_journal(learnlog: str, db: Path, home: Path) -> None:
    """Let the real program create and migrate an empty journal at ``db``."""
    result = subprocess.run(
        [learnlog, "--db", str(db), "habit", "list"],
        env=run_env(home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"'{learnlog} --db {db} habit list' failed:\n{result.stdout}{result.stderr}")


def fill(db: Path, jrnl_txt: Path, opts: Options) -> None:
    """Insert the synthetic rows into the migrated journal ``db`` and write ``jrnl_txt``."""
    rng = random.Random(opts.seed)
    end = date.fromisoformat(opts.end)
    span = max(opts.years * 365, 1)
    start = end - timedelta(days=span - 1)
    counts = opts.counts

    entry_rows: list[tuple[object, ...]] = []
    tag_rows: list[tuple[int, str]] = []
    jrnl_parts: list[str] = []
    per_day: dict[int, int] = {}
    day_of = [i * span // opts.entries for i in range(opts.entries)] if opts.entries else []
    for index in day_of:
        per_day[index] = per_day.get(index, 0) + 1
    slot: dict[int, int] = {}
    for entry_id, index in enumerate(day_of, start=1):
        day = start + timedelta(days=index)
        nth = slot.get(index, 0)
        slot[index] = nth + 1
        hour = 8 + nth * 14 // per_day[index]
        moment = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))
        title, body, tags = _entry_text(rng)
        source = _source(rng) if rng.random() < 0.3 else None
        stage = rng.choice(STAGES) if rng.random() < 0.5 else None
        starred = rng.random() < 0.05
        created = _stamp(moment)
        entry_rows.append(
            (entry_id, _uid(rng), day.isoformat(), f"{title} {body}", source, stage,
             int(starred), created, created)
        )  # fmt: skip
        tag_rows.extend((entry_id, tag) for tag in tags)
        jrnl_body = f"{body}\nSource: {source}" if source else body
        jrnl_parts.append(_jrnl_entry(moment, title, jrnl_body, starred=starred))

    paper_rows: list[tuple[object, ...]] = []
    paper_tag_rows: list[tuple[int, str]] = []
    queued = min(opts.papers, 5)
    for paper_id in range(1, opts.papers + 1):
        title = " ".join(rng.sample(PAPER_WORDS, rng.randint(3, 6)))
        authors = ", ".join(rng.sample(AUTHORS, rng.randint(1, 3)))
        link = f"arXiv:{rng.randint(15, 24)}{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}"
        done = paper_id <= opts.papers - queued
        if done:
            read_index = (paper_id - 1) * span // max(opts.papers - queued, 1)
            read_on: date | None = start + timedelta(days=read_index)
            added_on = max(start, start + timedelta(days=read_index - rng.randint(0, 30)))
            status = "read"
        else:
            read_on = None
            added_on = end - timedelta(days=rng.randint(0, 60))
            status = "reading" if paper_id == opts.papers else "queued"
        notes = "Worth a second read." if rng.random() < 0.2 else None
        moment = datetime.combine(read_on or added_on, time(20, rng.randrange(60)))
        paper_rows.append(
            (paper_id, _uid(rng), title, authors, link, status, added_on.isoformat(),
             read_on.isoformat() if read_on else None, notes, _stamp(moment), _stamp(moment))
        )  # fmt: skip
        paper_tag_rows.extend((paper_id, tag) for tag in rng.sample(TOPICS, rng.randint(1, 2)))

    habit_rows: list[tuple[object, ...]] = []
    check_rows: list[tuple[object, ...]] = []
    check_id = 0
    for habit_id, (name, schedule, chance, timed) in enumerate(HABITS[: opts.habits], start=1):
        created = _stamp(datetime.combine(start, time(7, 0)))
        habit_rows.append(
            (habit_id, _uid(rng), name, schedule, start.isoformat(), created, created)
        )
        for offset in range(span):
            day = start + timedelta(days=offset)
            if schedule == "sat,sun" and day.weekday() < 5:
                continue
            if rng.random() >= chance:
                continue
            check_id += 1
            minutes = rng.randint(45, 120) if timed else None
            moment = datetime.combine(day, time(18, rng.randrange(60)))
            check_rows.append(
                (check_id, _uid(rng), habit_id, day.isoformat(), minutes, _stamp(moment))
            )

    connection = sqlite3.connect(db)
    try:
        with connection:
            connection.executemany(
                "INSERT INTO entry (id, uid, day, text, source, stage, starred, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry_rows,
            )
            connection.executemany("INSERT INTO entry_tag (entry_id, tag) VALUES (?, ?)", tag_rows)
            connection.executemany(
                "INSERT INTO paper (id, uid, title, authors, link, status, added_on, read_on,"
                " notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                paper_rows,
            )
            connection.executemany(
                "INSERT INTO paper_tag (paper_id, tag) VALUES (?, ?)", paper_tag_rows
            )
            connection.executemany(
                "INSERT INTO habit (id, uid, name, schedule, created_on, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                habit_rows,
            )
            connection.executemany(
                "INSERT INTO check_in (id, uid, habit_id, day, minutes, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                check_rows,
            )
        # Fold the write-ahead log into the file, so that a plain copy of it is complete.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()

    text = "\n".join(jrnl_parts)
    jrnl_txt.write_text(text, encoding="utf-8")
    counts.entries = len(entry_rows)
    counts.entry_tags = len(tag_rows)
    counts.papers = len(paper_rows)
    counts.paper_tags = len(paper_tag_rows)
    counts.habits = len(habit_rows)
    counts.check_ins = len(check_rows)
    counts.jrnl_bytes = len(text.encode("utf-8"))


def jrnl_config(journal: Path, jrnl_version: str) -> str:
    """A jrnl 4 YAML configuration for ``journal`` that jrnl accepts without rewriting it."""
    return "\n".join(
        [
            "colors:",
            "  body: none",
            "  date: none",
            "  tags: none",
            "  title: none",
            "default_hour: 9",
            "default_minute: 0",
            "editor: ''",
            "encrypt: false",
            "highlight: false",
            "indent_character: '|'",
            "journals:",
            "  default:",
            f"    journal: {json.dumps(str(journal))}",
            "linewrap: 79",
            "tagsymbols: '#@'",
            "template: false",
            f"timeformat: '{JRNL_TIMEFORMAT}'",
            f"version: {json.dumps(jrnl_version)}",
            "",
        ]
    )


def jrnl_version(jrnl: str | None) -> str:
    """The version jrnl writes into its configuration (``4.6``), or ``4.6`` when unknown."""
    path = shutil.which(jrnl) if jrnl else None
    if path:
        with tempfile.TemporaryDirectory() as home:
            result = subprocess.run(
                [path, "--version"],
                env=run_env(Path(home)),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                check=False,
            )
        for word in result.stdout.split():
            if word.startswith("v") and word[1:2].isdigit():
                return word[1:]
    return "4.6"


def generate(
    out: Path,
    *,
    entries: int,
    years: int = 10,
    seed: int = 7,
    end: date | None = None,
    papers: int | None = None,
    habits: int | None = None,
    learnlog: str = "learnlog",
    jrnl: str | None = "jrnl",
) -> Options:
    """Write ``learnlog.db``, ``jrnl.txt``, ``jrnl.yaml`` and ``manifest.json`` into ``out``."""
    opts = Options(
        entries=entries,
        years=years,
        seed=seed,
        end=(end or datetime.now(UTC).date()).isoformat(),
        papers=entries // 7 if papers is None else papers,
        habits=(len(HABITS) if entries else 0) if habits is None else min(habits, len(HABITS)),
    )
    out.mkdir(parents=True, exist_ok=True)
    db = out / "learnlog.db"
    for name in ("learnlog.db", "learnlog.db-wal", "learnlog.db-shm", "jrnl.txt"):
        (out / name).unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as home:
        create_empty_journal(learnlog, db, Path(home))
    fill(db, out / "jrnl.txt", opts)
    (out / "jrnl.yaml").write_text(
        jrnl_config((out / "jrnl.txt").resolve(), jrnl_version(jrnl)), encoding="utf-8"
    )
    (out / "manifest.json").write_text(json.dumps(asdict(opts), indent=2) + "\n", encoding="utf-8")
    return opts


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and generate one journal."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output directory (created if missing)")
    parser.add_argument("--entries", type=int, default=3650, help="number of entries (3650)")
    parser.add_argument("--years", type=int, default=10, help="years the entries span (10)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument(
        "--end", type=date.fromisoformat, default=None, help="last day, YYYY-MM-DD (today, UTC)"
    )
    parser.add_argument(
        "--papers", type=int, default=None, help="papers on the list (default: entries / 7)"
    )
    parser.add_argument(
        "--habits",
        type=int,
        default=None,
        help=f"habits with daily check-ins, at most {len(HABITS)} (default: all, none if empty)",
    )
    parser.add_argument("--learnlog", default="learnlog", help="learnlog executable (learnlog)")
    parser.add_argument(
        "--jrnl", default="jrnl", help="jrnl executable, to read its version for jrnl.yaml"
    )
    args = parser.parse_args(argv)
    if args.entries < 0 or args.years < 1:
        parser.error("--entries must be >= 0 and --years >= 1")
    opts = generate(
        args.out,
        entries=args.entries,
        years=args.years,
        seed=args.seed,
        end=args.end,
        papers=args.papers,
        habits=args.habits,
        learnlog=args.learnlog,
        jrnl=args.jrnl,
    )
    print(json.dumps(asdict(opts)))


if __name__ == "__main__":
    main()
