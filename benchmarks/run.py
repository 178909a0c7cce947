"""Time learnlog against jrnl and against its own stack, and check the targets of issue 7.

One command generates the three journals it needs (empty, 3,650 and 36,500 entries) with
``generate.py``, times whole commands after warm-up runs and prints two tables: every command
measured (median and min-max), and every target as a ratio of two medians from this run.

Usage (from the repository root, with ``learnlog`` installed, jrnl 4 in a throwaway venv)::

    python benchmarks/run.py --jrnl /tmp/jrnl-venv/bin/jrnl

Timing uses ``hyperfine`` when it is on PATH (``--engine hyperfine``), else its own loop
(``--engine python``): ``subprocess`` and ``time.perf_counter``, every command once per round
in a rotating order, so that load from other processes falls on all commands alike. Peak
resident memory is read from ``os.wait4`` for each run. Commands learnlog does not have yet are
shown as "not available yet"; without jrnl, the rows compared with jrnl are skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import generate

HERE = Path(__file__).resolve().parent
FLOOR_SCRIPT = HERE / "floor.py"
SIZES = {"empty": 0, "3,650": 3650, "36,500": 36500}
ADD_TEXT = "Benchmark run: learned that timing whole commands beats guessing #benchmarks"
NOT_AVAILABLE = "not available yet"
FUTURE_DAY = "2099-01-01"  # a day to skip that no generated journal reaches
# A learnlog export holding one entry that no generated journal has.
ONE_ENTRY_EXPORT = {
    "format": "learnlog",
    "version": 1,
    "entries": [
        {
            "uid": "00000000-0000-4000-8000-00000000be9c",
            "day": "2020-02-02",
            "text": ADD_TEXT,
            "tags": ["benchmarks"],
            "source": None,
            "stage": None,
            "starred": False,
            "created_at": "2020-02-02T20:00:00+00:00",
            "updated_at": "2020-02-02T20:00:00+00:00",
        }
    ],
    **{kind: [] for kind in ("papers", "habits", "check_ins", "skips", "revisits")},
}
RUN_TIMEOUT = 300.0
JRNL_HINT = (
    "install it in a throwaway venv: python3 -m venv /tmp/jrnl-venv && "
    "/tmp/jrnl-venv/bin/pip install jrnl, then pass --jrnl /tmp/jrnl-venv/bin/jrnl"
)


@dataclass
class Bench:
    """One command to time: how to run it and what came out."""

    key: str
    label: str
    size: str | None
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    copy: tuple[Path, Path] | None = None  # copied afresh before every run (untimed)
    problem: str | None = None  # why it is not timed: missing command, missing tool, failure
    times: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the command ran and has timings."""
        return self.problem is None and bool(self.times)

    def median(self) -> float:
        """Median wall time in seconds."""
        return statistics.median(self.times)

    def summary(self) -> str:
        """``median [min-max]`` in milliseconds, or why there is none."""
        if not self.ok:
            return self.problem or "not measured"
        return f"{ms(self.median())} [{ms(min(self.times))}-{ms(max(self.times))}]"


@dataclass
class Target:
    """A target of issue 7: ``subject`` at most ``limit`` times ``baseline``."""

    group: str
    what: str
    subject: str
    baseline: str
    limit: float
    memory: bool = False


def ms(seconds: float) -> str:
    """Seconds as whole milliseconds."""
    return f"{seconds * 1000:.0f} ms"


def mb(kilobytes: float) -> str:
    """Kilobytes as megabytes with one decimal."""
    return f"{kilobytes / 1024:.1f} MB"


def interpreter_of(executable: str) -> str:
    """The Python interpreter named on a console script's ``#!`` line, else this one."""
    try:
        with Path(executable).open("rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!"):
        words = first[2:].split()
        if words and Path(words[0]).is_absolute() and os.access(words[0], os.X_OK):
            return words[0]
    return sys.executable


def capture(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a command to completion with no terminal, capturing what it prints."""
    return subprocess.run(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        timeout=RUN_TIMEOUT,
    )


def first_line(text: str) -> str:
    """The first non-empty line of ``text``, shortened."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


def refresh(copy: tuple[Path, Path] | None) -> None:
    """Replace the working copy by a fresh copy of the original (and drop stale WAL files)."""
    if copy is None:
        return
    source, target = copy
    for suffix in ("-wal", "-shm", "-journal"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    target.chmod(0o600)


def run_once(bench: Bench) -> tuple[float, int]:
    """Run a bench once, output discarded: wall seconds and exit status."""
    refresh(bench.copy)
    start = time.perf_counter()
    result = subprocess.run(
        bench.argv,
        env=bench.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start, result.returncode


# A small process that forks the command, waits for it and prints its peak RSS. Measuring from
# here instead of from the runner matters: a child's maximum RSS starts from its parent's memory
# at fork time, and the runner holds tens of megabytes that the command never uses.
RSS_PROBE = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def first_queued_paper(db: Path) -> int:
    """The id of the first paper still on the reading list of a generated journal."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (paper_id,) = connection.execute(
            "SELECT min(id) FROM paper WHERE status = 'queued'"
        ).fetchone()
    finally:
        connection.close()
    return int(paper_id)


def peak_rss(bench: Bench) -> int | None:
    """Peak resident memory of one run of ``bench`` in KB, or ``None`` when it failed."""
    refresh(bench.copy)
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", RSS_PROBE, *bench.argv],
        env=bench.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    words = result.stdout.split()
    if result.returncode != 0 or len(words) < 2 or words[-1] != "0":
        return None
    return int(words[-2])


class Suite:
    """Everything one benchmark run needs: tools, journals, benches, targets."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        """Locate the tools; the journals and benches come later."""
        self.args = args
        self.workdir = workdir
        self.home = workdir / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.env = generate.run_env(self.home)
        self.learnlog = shutil.which(args.learnlog)
        if self.learnlog is None:
            sys.exit(
                f"learnlog not found ({args.learnlog!r}); install it (pip install -e .) "
                "or pass --learnlog PATH"
            )
        self.learnlog = str(Path(self.learnlog).absolute())
        found = shutil.which(args.jrnl)
        self.jrnl = str(Path(found).absolute()) if found else None
        self.python = args.python or interpreter_of(self.learnlog)
        self.benches: dict[str, Bench] = {}
        self.targets: list[Target] = []
        self.subcommands: dict[str, bool] = {}
        self.notes: list[str] = []

    # -- describing the machine -------------------------------------------------------------

    def version_of(self, argv: list[str]) -> str:
        """The first line a ``--version`` prints, or why there is none."""
        try:
            result = capture(argv, self.env)
        except OSError as error:
            return f"cannot run: {error}"
        return first_line(result.stdout + result.stderr) or f"exit {result.returncode}"

    def machine(self) -> dict[str, str]:
        """What the numbers were measured on."""
        cpu = "unknown"
        cpuinfo = Path("/proc/cpuinfo")
        if cpuinfo.exists():
            for line in cpuinfo.read_text(errors="replace").splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        hyperfine = shutil.which("hyperfine")
        return {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "cpus": str(os.cpu_count()),
            "cpu": cpu,
            "os": f"{platform.system()} {platform.release()}",
            "python": self.version_of([self.python, "--version"]) + f" ({self.python})",
            "learnlog": self.version_of([self.learnlog, "--version"]) + f" ({self.learnlog})",
            "jrnl": (
                self.version_of([self.jrnl, "--version"]) + f" ({self.jrnl})"
                if self.jrnl
                else f"not found ({self.args.jrnl!r})"
            ),
            "hyperfine": self.version_of([hyperfine, "--version"]) if hyperfine else "not found",
            "engine": self.engine(),
            "runs": f"{self.args.runs} after {self.args.warmup} warm-up",
            "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        }

    def engine(self) -> str:
        """``hyperfine`` or ``python``, as asked and as available."""
        if self.args.engine == "auto":
            return "hyperfine" if shutil.which("hyperfine") else "python"
        return str(self.args.engine)

    # -- journals ---------------------------------------------------------------------------

    def journals(self) -> dict[str, Path]:
        """Generate (or reuse, in a kept --workdir) the three journals."""
        end = datetime.now(UTC).date()
        paths = {}
        for name, entries in SIZES.items():
            out = self.workdir / f"journal-{entries}"
            manifest = out / "manifest.json"
            wanted = {"entries": entries, "years": 10, "seed": self.args.seed, "end": str(end)}
            reuse = False
            if manifest.exists() and (out / "learnlog.db").exists():
                old = json.loads(manifest.read_text(encoding="utf-8"))
                reuse = all(old.get(key) == value for key, value in wanted.items())
            if not reuse:
                started = time.perf_counter()
                generate.generate(
                    out,
                    entries=entries,
                    years=10,
                    seed=self.args.seed,
                    end=end,
                    learnlog=self.learnlog,
                    jrnl=self.jrnl,
                )
                took = time.perf_counter() - started
                print(f"generated the {name} journal in {took:.1f} s: {out}", file=sys.stderr)
            paths[name] = out
        return paths

    # -- benches ----------------------------------------------------------------------------

    def has_subcommand(self, name: str) -> bool:
        """Whether ``learnlog NAME`` exists: its ``--help`` does not say "No such command".

        Any other failure counts as existing, so that the check run reports it as a failure.
        """
        if name not in self.subcommands:
            result = capture([self.learnlog, name, "--help"], self.env)
            missing = result.returncode == 2 and "no such command" in result.stderr.lower()
            self.subcommands[name] = not missing
        return self.subcommands[name]

    def add(self, bench: Bench) -> None:
        """Register a bench."""
        self.benches[bench.key] = bench

    def learnlog_bench(
        self, label: str, size: str | None, words: list[str], db: Path | None, **extra: object
    ) -> None:
        """A learnlog command on the journal ``db`` (a fresh copy for writing commands)."""
        key = f"learnlog {label} @{size}" if size else f"learnlog {label}"
        argv = [self.learnlog]
        copy = None
        if db is not None:
            if extra.get("writes"):
                work = db.with_name("work-" + db.name)
                copy = (db, work)
                db = work
            argv += ["--db", str(db)]
        argv += words
        env = dict(self.env)
        env.update(cast("dict[str, str]", extra.get("env", {})))
        bench = Bench(key, f"learnlog {label}", size, argv, env, copy)
        if words and not words[0].startswith("-") and not self.has_subcommand(words[0]):
            bench.problem = NOT_AVAILABLE
        self.add(bench)

    def jrnl_bench(self, label: str, size: str | None, words: list[str], out: Path | None) -> None:
        """A jrnl command on the jrnl journal in ``out`` (a fresh copy for an add)."""
        key = f"jrnl {label} @{size}" if size else f"jrnl {label}"
        bench = Bench(key, f"jrnl {label}", size, [], dict(self.env))
        if self.jrnl is None:
            bench.problem = "jrnl not found"
            self.add(bench)
            return
        argv = [self.jrnl]
        if out is not None:
            config = out / "jrnl.yaml"
            if label == "add":
                work = out / "work-jrnl.txt"
                config = out / "work-jrnl.yaml"
                version = generate.jrnl_version(self.jrnl)
                config.write_text(generate.jrnl_config(work, version), encoding="utf-8")
                bench.copy = (out / "jrnl.txt", work)
            argv += ["--config-file", str(config)]
        bench.argv = argv + words
        self.add(bench)

    def floor_bench(self, size: str, db: Path) -> None:
        """The stack floor on the journal ``db``."""
        bench = Bench(
            f"floor @{size}", "stack floor", size, [self.python, str(FLOOR_SCRIPT), str(db)]
        )
        bench.env = dict(self.env)
        self.add(bench)

    def plan(self, journals: dict[str, Path]) -> None:
        """Every command to time and every target to check."""
        word = generate.SEARCH_WORD
        completion = {
            "_LEARNLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": "learnlog ",
            "COMP_CWORD": "1",
        }
        self.learnlog_bench("--version", None, ["--version"], None)
        self.learnlog_bench("--help", None, ["--help"], None)
        self.learnlog_bench("config list", None, ["config", "list"], None)
        self.learnlog_bench("completion", None, [], None, env=completion)
        self.jrnl_bench("--version", None, ["--version"], None)
        db_commands = {
            "add": (["add", ADD_TEXT], True),
            "list -n 10": (["list", "-n", "10"], False),
            "streak": (["streak"], False),
            "streak --calendar": (["streak", "--calendar"], False),
            "report": (["report"], False),
            "export --format json": (["export", "--format", "json"], False),
            f"search {word}": (["search", word], False),
        }
        for size, out in journals.items():
            db = out / "learnlog.db"
            self.floor_bench(size, db)
            for label, (words, writes) in db_commands.items():
                self.learnlog_bench(label, size, words, db, writes=writes)
        big, mid = journals["36,500"], journals["3,650"]
        other_commands = self.other_commands(big)
        for label, (words, writes, db) in other_commands.items():
            self.learnlog_bench(label, "36,500", words, db, writes=writes)
        self.whole_journal_commands(big)
        self.jrnl_bench("add", "3,650", [ADD_TEXT], mid)
        self.jrnl_bench("--format calendar", "3,650", ["--format", "calendar"], mid)
        self.jrnl_bench("--format json", "3,650", ["--format", "json"], mid)
        self.jrnl_bench(f"-contains {word}", "3,650", ["-contains", word], mid)
        self.jrnl_bench("-n 10", "36,500", ["-n", "10"], big)

        start = "start-up vs jrnl --version"
        for label, limit in (
            ("--version", 0.6),
            ("completion", 0.6),
            ("config list", 0.6),
            ("--help", 0.8),
        ):
            self.targets.append(Target(start, label, f"learnlog {label}", "jrnl --version", limit))
        vs = "vs jrnl, same journal"
        for label, other in (
            ("add", "add"),
            ("streak --calendar", "--format calendar"),
            ("export --format json", "--format json"),
            (f"search {word}", f"-contains {word}"),
        ):
            self.targets.append(
                Target(vs, label, f"learnlog {label} @3,650", f"jrnl {other} @3,650", 0.6)
            )
        self.targets.append(
            Target(vs, "list -n 10", "learnlog list -n 10 @36,500", "jrnl -n 10 @36,500", 0.5)
        )
        growth = "growth: 36,500 vs empty"
        for label in ("add", "list -n 10", f"search {word}", "streak", "report"):
            self.targets.append(
                Target(
                    growth,
                    label,
                    f"learnlog {label} @36,500",
                    f"learnlog {label} @empty",
                    1.15 if label == "add" else 1.3,
                )
            )
        overhead = "overhead vs stack floor, same journal"
        for size in SIZES:
            for label in db_commands:
                self.targets.append(
                    Target(overhead, label, f"learnlog {label} @{size}", f"floor @{size}", 1.15)
                )
        for label in other_commands:
            self.targets.append(
                Target(overhead, label, f"learnlog {label} @36,500", "floor @36,500", 1.15)
            )
        self.targets.append(
            Target(
                "peak memory",
                "report @36,500 vs --version",
                "learnlog report @36,500",
                "learnlog --version",
                1.5,
                memory=True,
            )
        )

    def other_commands(self, out: Path) -> dict[str, tuple[list[str], bool, Path]]:
        """Every other command that opens the journal, on the largest one: words, whether it
        writes, and the journal it starts from.

        ``undo`` and ``unskip`` need something to take back: they start from a copy in which
        entry #5 was deleted and a day skipped. ``import`` reads a file of one new entry.
        """
        db = out / "learnlog.db"
        prepared = out / "prepared.db"
        refresh((db, prepared))
        for words in (["delete", "5", "--yes"], ["skip", "--from", FUTURE_DAY]):
            result = capture([self.learnlog, "--db", str(prepared), *words], self.env)
            if result.returncode != 0:
                print(f"could not prepare {prepared}: {first_line(result.stderr)}", file=sys.stderr)
        one_entry = out / "one-entry.json"
        one_entry.write_text(json.dumps(ONE_ENTRY_EXPORT, indent=2), encoding="utf-8")
        queued = str(first_queued_paper(db))
        return {
            "show": (["show", "5"], False, db),
            "edit": (["edit", "5", "--text", ADD_TEXT], True, db),
            "delete": (["delete", "5", "--yes"], True, db),
            "undo": (["undo"], True, prepared),
            "import": (["import", str(one_entry)], True, db),
            "done": (["done", "piano", "--minutes", "30"], True, db),
            "skip": (["skip", "--from", FUTURE_DAY], True, db),
            "skips": (["skips"], False, prepared),
            "unskip": (["unskip", "1"], True, prepared),
            "paper add": (["paper", "add", "A paper added by the benchmark"], True, db),
            "paper list": (["paper", "list"], False, db),
            "paper show": (["paper", "show", queued], False, db),
            "paper start": (["paper", "start", queued], True, db),
            "paper read": (["paper", "read", queued], True, db),
            "paper edit": (["paper", "edit", queued, "--title", "Renamed"], True, db),
            "paper remove": (["paper", "remove", queued, "--yes"], True, db),
            "habit add": (["habit", "add", "walk", "--every", "day"], True, db),
            "habit list": (["habit", "list"], False, db),
            "habit rename": (["habit", "rename", "gym", "lift"], True, db),
            "habit remove": (["habit", "remove", "gym", "--yes"], True, db),
            "review --list": (["review", "--list"], False, db),
            "review --done": (["review", "--done", "5"], True, db),
        }

    def whole_journal_commands(self, out: Path) -> None:
        """``doctor`` and ``backup``, timed for the record but held to no target.

        Their work is the whole file by design, every page checked or copied, where the floor
        reads one row. ``backup`` runs on a copy in a folder of its own, where its copies pile
        up without reaching any other command.
        """
        folder = out / "backups"
        folder.mkdir(exist_ok=True)
        journal = folder / "learnlog.db"
        refresh((out / "learnlog.db", journal))
        self.learnlog_bench("doctor", "36,500", ["doctor"], out / "learnlog.db")
        self.learnlog_bench("backup", "36,500", ["backup"], journal)

    # -- running ----------------------------------------------------------------------------

    def check(self) -> None:
        """Run every bench once with its output captured; keep only those that succeed."""
        for bench in self.benches.values():
            if bench.problem:
                continue
            refresh(bench.copy)
            try:
                result = capture(bench.argv, bench.env)
            except (OSError, subprocess.TimeoutExpired) as error:
                bench.problem = f"failed: {error}"
                continue
            if result.returncode != 0:
                message = first_line(result.stderr) or first_line(result.stdout)
                bench.problem = f"failed (exit {result.returncode}): {message}"
            elif bench.copy and bench.copy[1].read_bytes() == bench.copy[0].read_bytes():
                bench.problem = "failed: the journal did not change"
            elif not bench.copy and not (result.stdout + result.stderr).strip():
                bench.problem = "failed: printed nothing"

    def timed(self) -> list[Bench]:
        """The benches that passed the check, in plan order."""
        return [bench for bench in self.benches.values() if bench.problem is None]

    def measure_python(self) -> None:
        """Warm-ups, then rounds that run every bench once each, in a rotating order."""
        benches = self.timed()
        for _ in range(self.args.warmup):
            for bench in benches:
                run_once(bench)
        for round_number in range(self.args.runs):
            shift = round_number % len(benches)
            for bench in benches[shift:] + benches[:shift]:
                elapsed, status = run_once(bench)
                if status != 0:
                    bench.problem = f"failed (exit {status}) during the timed runs"
                bench.times.append(elapsed)
            print(f"round {round_number + 1}/{self.args.runs} done", file=sys.stderr)

    def measure_hyperfine(self) -> None:
        """One hyperfine call for all benches; its JSON gives every run's time."""
        benches = self.timed()
        export = self.workdir / "hyperfine.json"
        argv = [
            str(shutil.which("hyperfine")),
            "--shell=none",
            "--ignore-failure",
            "--style=basic",
            f"--warmup={self.args.warmup}",
            f"--runs={self.args.runs}",
            f"--export-json={export}",
        ]
        for bench in benches:
            if bench.copy:
                source, target = bench.copy
                script = (
                    f"rm -f {shlex.quote(str(target))}-wal {shlex.quote(str(target))}-shm"
                    f" && cp {shlex.quote(str(source))} {shlex.quote(str(target))}"
                )
                argv += ["--prepare", shlex.join(["sh", "-c", script])]
            else:
                argv += ["--prepare", "true"]
        for bench in benches:
            extra = {k: v for k, v in bench.env.items() if self.env.get(k) != v}
            words = bench.argv
            if extra:
                words = ["env", *(f"{k}={v}" for k, v in extra.items()), *words]
            argv += ["--command-name", bench.key, shlex.join(words)]
        log = self.workdir / "hyperfine.log"
        with log.open("w", encoding="utf-8") as handle:
            result = subprocess.run(
                argv, env=self.env, stdin=subprocess.DEVNULL, stdout=handle, stderr=handle,
                check=False,
            )  # fmt: skip
        if result.returncode != 0:
            sys.exit(f"hyperfine failed (exit {result.returncode}); see {log}")
        data = json.loads(export.read_text(encoding="utf-8"))
        for bench, entry in zip(benches, data["results"], strict=True):
            bench.times = list(entry["times"])
            if any(code != 0 for code in entry.get("exit_codes", [])):
                bench.problem = "failed during the timed runs"

    def measure_memory(self) -> None:
        """Peak RSS of the benches a memory target names, over a few runs of their own."""
        wanted = {t.subject for t in self.targets if t.memory}
        wanted |= {t.baseline for t in self.targets if t.memory}
        wanted.add("floor @36,500")  # for reference: what the libraries alone take
        for key in wanted:
            bench = self.benches.get(key)
            if bench is None or bench.problem:
                continue
            bench.rss_kb = []
            for _ in range(max(3, self.args.runs // 2)):
                rss = peak_rss(bench)
                if rss is not None:
                    bench.rss_kb.append(rss)

    # -- reporting --------------------------------------------------------------------------

    def rows(self) -> list[dict[str, str]]:
        """The target table as text cells."""
        rows = []
        for target in self.targets:
            subject = self.benches[target.subject]
            baseline = self.benches[target.baseline]
            row = {
                "check": target.group,
                "command": target.what,
                "learnlog": "",
                "baseline": "",
                "ratio": "",
                "target": f"<= {target.limit:g}x",
                "result": "",
            }
            if target.memory:
                row["learnlog"] = (
                    mb(statistics.median(subject.rss_kb)) if subject.rss_kb else subject.summary()
                )
                row["baseline"] = f"{baseline.label}: " + (
                    mb(statistics.median(baseline.rss_kb))
                    if baseline.rss_kb
                    else baseline.summary()
                )
            else:
                row["learnlog"] = subject.summary()
                base_label = baseline.label if baseline.label != "stack floor" else "floor"
                row["baseline"] = f"{base_label}: {baseline.summary()}"
            if target.memory and subject.rss_kb and baseline.rss_kb:
                ratio = statistics.median(subject.rss_kb) / statistics.median(baseline.rss_kb)
                gap = ""
            elif not target.memory and subject.ok and baseline.ok:
                ratio = subject.median() / baseline.median()
                gap = ms(subject.median() - target.limit * baseline.median())
            else:
                ratio = None
                gap = ""
            if ratio is None:
                missing = subject if not subject.ok else baseline
                reason = missing.problem or "not measured"
                row["result"] = "n/a: " + reason.split(":")[0]
            else:
                row["ratio"] = f"{ratio:.2f}x"
                passed = ratio <= target.limit
                row["result"] = "pass" if passed else "FAIL"
                if not passed and gap:
                    row["result"] += f" (+{gap} over)"
            size = subject.size or "-"
            row["size"] = size
            rows.append(row)
        return rows

    def measurements(self) -> list[dict[str, str]]:
        """Every bench as text cells."""
        return [
            {
                "command": bench.label,
                "size": bench.size or "-",
                "median [min-max]": bench.summary(),
                "runs": str(len(bench.times)),
                "peak RSS": mb(statistics.median(bench.rss_kb)) if bench.rss_kb else "",
            }
            for bench in self.benches.values()
        ]


def table(rows: list[dict[str, str]], columns: list[str]) -> str:
    """A Markdown table, padded so that it also reads well in a terminal."""
    widths = [max(len(c), *(len(r[c]) for r in rows)) for c in columns]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for row in rows:
        cells = (row[c].ljust(w) for c, w in zip(columns, widths, strict=True))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        description="Time learnlog against jrnl and its own stack (issue 7's targets)."
    )
    parser.add_argument("--jrnl", default="jrnl", help="jrnl executable (default: jrnl on PATH)")
    parser.add_argument(
        "--learnlog", default="learnlog", help="learnlog executable (default: learnlog on PATH)"
    )
    parser.add_argument(
        "--python",
        default=None,
        help="interpreter for the stack floor (default: the one on learnlog's #! line)",
    )
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command (10)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up runs per command (2)")
    parser.add_argument(
        "--engine",
        choices=["auto", "hyperfine", "python"],
        default="auto",
        help="auto: hyperfine when it is on PATH, else the python loop",
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated journals (7)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="keep journals and logs here and reuse them (default: a temporary directory)",
    )
    parser.add_argument("--markdown", type=Path, default=None, help="also write the report here")
    parser.add_argument("--json", type=Path, default=None, help="also write raw timings here")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be >= 1 and --warmup >= 0")
    return args


TARGET_COLUMNS = ["check", "command", "size", "learnlog", "baseline", "ratio", "target", "result"]


def report(suite: Suite, machine: dict[str, str], argv: list[str]) -> str:
    """The whole report as Markdown."""
    rows = suite.rows()
    counted = [row for row in rows if row["result"] in {"pass"} or row["result"].startswith("FAIL")]
    failed = [row for row in counted if row["result"].startswith("FAIL")]
    skipped = len(rows) - len(counted)
    lines = ["## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in machine.items()]
    lines += ["", "Command: `" + shlex.join(["python", "benchmarks/run.py", *argv]) + "`", ""]
    lines += [
        "## Targets",
        "",
        f"{len(counted) - len(failed)} of {len(counted)} targets met, {len(failed)} failed, "
        f"{skipped} not measurable yet. Ratio = learnlog median / baseline median; "
        "'over' = how far learnlog's median is above target x baseline.",
        "",
        table(rows, TARGET_COLUMNS),
        "",
        "## Every command",
        "",
        "Wall time of the whole command: median [min-max] over the timed runs.",
        "",
        table(suite.measurements(), ["command", "size", "median [min-max]", "runs", "peak RSS"]),
        "",
    ]
    lines += [f"Note: {note}" for note in suite.notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Generate the journals, time every command and print the tables."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        workdir = args.workdir.resolve()
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="learnlog-bench-")
        workdir = Path(cleanup.name)
    try:
        suite = Suite(args, workdir)
        if suite.jrnl is None:
            message = f"jrnl not found ({args.jrnl!r}): the rows compared with jrnl are skipped; "
            print("WARNING: " + message + JRNL_HINT, file=sys.stderr)
            suite.notes.append(message + JRNL_HINT)
        machine = suite.machine()
        journals = suite.journals()
        suite.plan(journals)
        suite.check()
        started = time.perf_counter()
        print(
            f"timing {len(suite.timed())} commands with {machine['engine']}: "
            f"{args.warmup} warm-up + {args.runs} runs each…",
            file=sys.stderr,
        )
        if machine["engine"] == "hyperfine":
            suite.measure_hyperfine()
        else:
            suite.measure_python()
        suite.measure_memory()
        machine["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        machine["timing took"] = f"{time.perf_counter() - started:.0f} s"
        text = report(suite, machine, argv)
        print(text)
        if args.markdown:
            args.markdown.write_text(text + "\n", encoding="utf-8")
        if args.json:
            raw = {
                "machine": machine,
                "benches": {
                    key: {
                        "argv": bench.argv,
                        "problem": bench.problem,
                        "times": bench.times,
                        "rss_kb": bench.rss_kb,
                    }
                    for key, bench in suite.benches.items()
                },
            }
            args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    finally:
        if cleanup is not None:
            cleanup.cleanup()


if __name__ == "__main__":
    main()
