"""vendorgen benchmarks: every result is a ratio of two things measured in this run.

These machines are noisy, so nothing here is compared with a number measured
elsewhere: each section times vendorgen and its baseline back to back, takes
the median of several rounds, and prints the ratio next to the target.

    python benchmarks/run.py                      # everything (about 10 minutes)
    python benchmarks/run.py --sections generate,check --rounds 3
    python benchmarks/run.py --write-results      # also rewrite benchmarks/RESULTS.md

openapi-python-client, the comparison generator, lives in its own virtual
environment (``make bench`` builds ``.venv-bench`` from benchmarks/requirements.lock);
point ``--opc`` at its executable.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import difflib
import json
import math
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
VENDORS = ("autocalls", "callkaro", "ravan", "volubile")
LARGE_SPEC = ROOT.parent / "shared" / "corpus" / "stripe-spec3.json"
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_SUFFIXES = (".json", ".yaml", ".yml")
SECTIONS = ("generate", "check", "scaling", "large", "corpus", "client", "output")
RATIO_TARGET = 0.8
"""Generation time as a share of openapi-python-client's (issue #15's targets)."""

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import MemoryPeak, peak_memory  # noqa: E402 - benchmarks/ is not a package
from synthetic import synthetic_spec  # noqa: E402


@dataclass
class Result:
    """One measured comparison."""

    section: str
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    met: bool | None = None
    notes: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    def line(self) -> str:
        text = f"[{self.section}] {self.name}: {self.value:.3f} {self.unit}"
        if self.baseline is not None:
            text += f" vs {self.baseline_name} {self.baseline:.3f} {self.unit} (ratio {self.ratio:.2f})"
        if self.target:
            verdict = {True: "met", False: "MISSED", None: "n/a"}[self.met]
            text += f" | target {self.target}: {verdict}"
        if self.notes:
            text += f" | {self.notes}"
        return text


@dataclass
class Run:
    """Results of one benchmark run and the machine they came from."""

    results: list[Result] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.results.append(result)
        print(result.line(), flush=True)


@dataclass(frozen=True)
class Measured:
    """Wall time (s) and peak resident memory (MB) of one process."""

    seconds: float
    peak_mb: float
    returncode: int
    output: str


def measure(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run a command; its wall time and the peak RSS of its main process (os.wait4)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(
            list(command), cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, text=True
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    return Measured(seconds, usage.ru_maxrss / 1024, process.returncode, text)


def checked(measured: Measured, what: str) -> Measured:
    if measured.returncode != 0:
        raise SystemExit(f"{what} failed (exit {measured.returncode}):\n{measured.output[-3000:]}")
    return measured


def vendorgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def opc_generate(opc: Path, spec: Path, output: Path) -> list[str]:
    """openapi-python-client's command that generates ``spec`` into ``output``."""
    return [str(opc), "generate", "--path", str(spec), "--output-path", str(output), "--overwrite"]


def project_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def median_of(rounds: int, once: Callable[[], float]) -> float:
    return statistics.median(once() for _ in range(rounds))


# 1. Four vendors against openapi-python-client


def bench_generate(run: Run, opc: Path, rounds: int) -> None:
    def ours(cold: bool) -> float:
        with tempfile.TemporaryDirectory() as work:
            cwd = Path(work)
            if not cold:  # a warm black cache, as on a developer's machine after the first run
                checked(
                    measure(
                        vendorgen("generate", "--specs", str(SPECS), "--output", "out"), cwd, project_env()
                    ),
                    "vendorgen generate",
                )
                shutil.rmtree(cwd / ".vendorgen-cache" / "outputs")
                shutil.rmtree(cwd / "out")
            command = vendorgen("generate", "--specs", str(SPECS), "--output", "out")
            measured = checked(measure(command, cwd, project_env()), "vendorgen generate")
            return measured.seconds

    def theirs() -> float:
        with tempfile.TemporaryDirectory() as work:
            total = 0.0
            for vendor in VENDORS:
                command = opc_generate(opc, SPECS / vendor / "openapi.yaml", Path(work) / vendor)
                measured = checked(measure(command, Path(work)), f"openapi-python-client on {vendor}")
                total += measured.seconds
            return total

    baseline = median_of(rounds, theirs)
    cold = median_of(rounds, lambda: ours(cold=True))
    warm = median_of(rounds, lambda: ours(cold=False))
    for name, value, target in (
        ("four vendors, cold caches", cold, RATIO_TARGET),
        ("four vendors, warm black cache", warm, 1.0),
    ):
        run.add(
            Result(
                "generate",
                name,
                value,
                "s",
                baseline,
                "openapi-python-client (4 processes)",
                f"ratio <= {target}",
                value <= target * baseline,
                notes="with the mapping table and the unified package" if "cold" in name else "",
            )
        )
    with tempfile.TemporaryDirectory() as work:
        ours_peak = peak_memory(
            vendorgen("generate", "--specs", str(SPECS), "--output", "out"), Path(work), project_env()
        )
        # openapi-python-client generates one vendor per process, one after the other: its largest
        theirs_peak = max(
            (
                peak_memory(
                    opc_generate(opc, SPECS / vendor / "openapi.yaml", Path(work) / vendor), Path(work)
                )
                for vendor in VENDORS
            ),
            key=lambda peak: peak.tree_mb,
        )
    run.add(_memory_result("generate", "four vendors, peak memory", ours_peak, theirs_peak))


# 2. No-op check


def bench_check(run: Run, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        cwd = Path(work)
        shutil.copytree(SPECS, cwd / "specs")  # generated headers name the spec relative to the cwd
        shutil.copytree(ROOT / "generated", cwd / "generated", ignore=shutil.ignore_patterns("__pycache__"))
        command = vendorgen("generate", "--check")
        checked(measure(command, cwd, project_env()), "first vendorgen generate --check")
        value = median_of(rounds, lambda: checked(measure(command, cwd, project_env()), "check").seconds)
        startup = median_of(rounds, lambda: measure([sys.executable, "-c", "pass"], cwd).seconds)
    run.add(
        Result(
            "check",
            "no-op generate --check",
            value,
            "s",
            startup,
            "bare python startup",
            "< 0.3 s",
            value < 0.3,
        )
    )


# 3. Scaling with synthetic specs


def fitted_exponent(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in seconds]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return covariance / sum((x - mean_x) ** 2 for x in xs)


def bench_scaling(run: Run, sizes: Sequence[int]) -> None:
    times: list[float] = []
    with tempfile.TemporaryDirectory() as work:
        cwd = Path(work)
        for size in sizes:
            spec = cwd / f"synthetic-{size}.json"
            spec.write_text(json.dumps(synthetic_spec(size)), encoding="utf-8")
            shutil.rmtree(cwd / ".vendorgen-cache", ignore_errors=True)  # cold: every file is formatted
            command = vendorgen("generate", "--spec", str(spec), "--output", f"out-{size}")
            measured = checked(measure(command, cwd, project_env()), f"vendorgen on {size} operations")
            times.append(measured.seconds)
            target = "< 20 s" if size == 1000 else ""
            per_operation_ms = measured.seconds / size * 1000
            run.add(
                Result(
                    "scaling",
                    f"{size} operations",
                    measured.seconds,
                    "s",
                    target=target,
                    met=measured.seconds < 20 if target else None,
                    notes=f"largest process {measured.peak_mb:.0f} MB, {per_operation_ms:.1f} ms/op",
                )
            )
    if len(sizes) >= 2:
        exponent = fitted_exponent(sizes, times)
        run.add(
            Result(
                "scaling",
                f"growth exponent over {sizes[0]}..{sizes[-1]} operations",
                exponent,
                "",
                notes="start-up included",
            )
        )
        if len(sizes) >= 3:
            tail = fitted_exponent(sizes[1:], times[1:])
            run.add(
                Result(
                    "scaling",
                    f"growth exponent over {sizes[1]}..{sizes[-1]} operations",
                    tail,
                    "",
                    target="<= 1.05",
                    met=tail <= 1.05,
                    notes="without the smallest size, where start-up dominates",
                )
            )


# 4. The large real spec


def bench_large(run: Run, opc: Path, rounds: int) -> None:
    if not LARGE_SPEC.is_file():
        raise SystemExit(f"{LARGE_SPEC} not found: the large-spec section needs ../shared/corpus/")
    with tempfile.TemporaryDirectory() as work:
        cwd = Path(work)
        ours, theirs = cold_rounds(cwd, LARGE_SPEC, opc, rounds)
        shutil.rmtree(cwd / ".vendorgen-cache", ignore_errors=True)  # as cold as the timed run
        ours_peak = peak_memory(
            vendorgen("generate", "--spec", str(LARGE_SPEC), "--output", "ours-memory"), cwd, project_env()
        )
        theirs_peak = peak_memory(opc_generate(opc, LARGE_SPEC, Path("theirs-memory")), cwd)
    notes = ""
    if theirs.returncode != 0:
        notes = f"openapi-python-client exited {theirs.returncode} (warnings or failures on this spec)"
    run.add(
        Result(
            "large",
            LARGE_SPEC.name,
            ours.seconds,
            "s",
            theirs.seconds,
            "openapi-python-client",
            target=f"ratio <= {RATIO_TARGET}",
            met=ours.seconds <= RATIO_TARGET * theirs.seconds,
            notes=notes,
        )
    )
    run.add(_memory_result("large", f"{LARGE_SPEC.name}, peak memory", ours_peak, theirs_peak))


def cold_rounds(cwd: Path, spec: Path, opc: Path, rounds: int) -> tuple[Measured, Measured]:
    """Both generators on ``spec``, alternated ``rounds`` times, each run cold: the median run of each.

    Cold: no vendorgen cache (it would skip black, or the whole generation) and no earlier output.
    """
    ours: list[Measured] = []
    theirs: list[Measured] = []
    for _ in range(rounds):
        for folder in (".vendorgen-cache", "ours", "theirs"):
            shutil.rmtree(cwd / folder, ignore_errors=True)
        command = vendorgen("generate", "--spec", str(spec), "--output", "ours")
        ours.append(checked(measure(command, cwd, project_env()), f"vendorgen on {spec.name}"))
        theirs.append(measure(opc_generate(opc, spec, Path("theirs")), cwd))
    by_time = sorted(ours, key=lambda m: m.seconds), sorted(theirs, key=lambda m: m.seconds)
    return by_time[0][len(ours) // 2], by_time[1][len(theirs) // 2]


def _memory_result(section: str, name: str, ours: MemoryPeak, theirs: MemoryPeak) -> Result:
    """Peak memory of the whole process tree (benchmarks/memory.py); the largest processes in the notes."""
    return Result(
        section,
        name,
        ours.tree_mb,
        "MB",
        theirs.tree_mb,
        "openapi-python-client",
        "ratio <= 1.0",
        ours.tree_mb <= theirs.tree_mb,
        notes=f"ours: {ours.notes()}; theirs: {theirs.notes()}",
    )


# 5. Mid-size and small public specs


def bench_corpus(run: Run, opc: Path, rounds: int) -> None:
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} not found: the corpus section needs ../shared/corpus/")
    ours_total = theirs_total = 0.0
    compared: list[str] = []
    with tempfile.TemporaryDirectory() as work:
        cwd = Path(work)
        # every corpus spec but Stripe, the large one, which has its own section
        specs = sorted(
            p for p in CORPUS.iterdir() if p.suffix in CORPUS_SUFFIXES and p.name != LARGE_SPEC.name
        )
        for spec in specs:
            name = spec.name
            ours, theirs = cold_rounds(cwd, spec, opc, rounds)
            generated = theirs.returncode == 0 and (cwd / "theirs").is_dir()
            notes = "" if generated else f"openapi-python-client exited {theirs.returncode}: not in the total"
            run.add(
                Result(
                    "corpus", name, ours.seconds, "s", theirs.seconds, "openapi-python-client", notes=notes
                )
            )
            shutil.rmtree(cwd / ".vendorgen-cache", ignore_errors=True)  # as cold as the timed run
            ours_peak = peak_memory(
                vendorgen("generate", "--spec", str(spec), "--output", f"ours-memory-{name}"),
                cwd,
                project_env(),
            )
            theirs_peak = peak_memory(opc_generate(opc, spec, Path(f"theirs-memory-{name}")), cwd)
            run.add(_memory_result("corpus", f"{name}, peak memory", ours_peak, theirs_peak))
            if generated:
                ours_total += ours.seconds
                theirs_total += theirs.seconds
                compared.append(name)
    run.add(
        Result(
            "corpus",
            f"total over the {len(compared)} specs openapi-python-client generates",
            ours_total,
            "s",
            theirs_total,
            "openapi-python-client",
            "ratio <= 1.0",
            ours_total <= theirs_total,
            notes=", ".join(compared),
        )
    )


# 6. The generated client against raw httpx


@contextlib.contextmanager
def local_server() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("server.py")), str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        if server.stdout.readline().strip() != "ready":
            raise SystemExit("the benchmark server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.kill()
        server.wait()


CALL_ARGUMENTS: dict[str, Any] = {
    "to_number": "+919876543210",
    "agent_id": "agent-1",
    "metadata": {"name": "Asha", "order": "A-17"},
    "number_of_retries": 2,
    "gap_between_retries": [30, 60],
    "priority": 1,
}


def client_per_call(
    base_url: str, calls: int, rounds: int, transport: Any = None
) -> tuple[float, float, float]:
    """Median seconds per call: generated client, raw httpx, raw httpx + pydantic on both bodies."""
    import httpx  # noqa: PLC0415 - only this section needs the client stack
    from callkaro_client import CallKaroClient  # noqa: PLC0415
    from callkaro_client.models import OutboundCallRequest, OutboundCallResponse  # noqa: PLC0415

    headers = {"X-API-KEY": "benchmark-key"}
    http = httpx.Client(base_url=base_url, transport=transport)
    client = CallKaroClient(
        api_key="benchmark-key",
        base_url=base_url,
        http_client=httpx.Client(transport=transport) if transport else None,
    )
    path = "/call/outbound"

    def generated() -> None:
        client.calls.create_outbound(**CALL_ARGUMENTS)

    def raw() -> None:
        http.post(path, json=CALL_ARGUMENTS, headers=headers).raise_for_status()

    def raw_validated() -> None:
        body = OutboundCallRequest.model_validate(CALL_ARGUMENTS).model_dump(
            mode="json", exclude_unset=True, by_alias=True
        )
        response = http.post(path, json=body, headers=headers)
        response.raise_for_status()
        OutboundCallResponse.model_validate(response.json())

    def per_call(function: Callable[[], None]) -> float:
        start = time.perf_counter()
        for _ in range(calls):
            function()
        return (time.perf_counter() - start) / calls

    for function in (generated, raw, raw_validated):  # warm up connections and caches
        per_call(function)
    samples: dict[str, list[float]] = {"generated": [], "raw": [], "validated": []}
    for _ in range(rounds):  # interleaved, so drift hits all three alike
        samples["generated"].append(per_call(generated))
        samples["raw"].append(per_call(raw))
        samples["validated"].append(per_call(raw_validated))
    client.close()
    http.close()
    return tuple(statistics.median(samples[k]) for k in ("generated", "raw", "validated"))  # type: ignore[return-value]


def bench_client(run: Run, rounds: int, calls: int) -> None:
    import httpx  # noqa: PLC0415 - only this section needs the client stack
    from server import BODY  # noqa: PLC0415

    sys.path.insert(0, str(ROOT / "generated" / "callkaro"))
    mock = httpx.MockTransport(
        lambda request: httpx.Response(200, content=BODY, headers={"Content-Type": "application/json"})
    )
    with local_server() as base_url:
        over_network = client_per_call(base_url, calls, rounds)
    in_process = client_per_call("http://vendor.test", calls, rounds, transport=mock)
    for where, (generated, raw, validated) in (("local server", over_network), ("MockTransport", in_process)):
        run.add(
            Result(
                "client",
                f"create_outbound per call, {where}",
                generated * 1e6,
                "us",
                validated * 1e6,
                "raw httpx + pydantic on both bodies",
                "ratio <= 1.3",
                generated <= 1.3 * validated,
                notes=f"raw httpx alone {raw * 1e6:.0f} us (ratio {generated / raw:.2f})",
            )
        )
    import_rounds = (
        1 if rounds == 1 else 3 * rounds
    )  # an import is short and noisy; --rounds 1 is a quick check
    for vendor in VENDORS:
        module = f"{vendor}_client"
        imported, bare, with_models = import_times(ROOT / "generated" / vendor, module, import_rounds)
        run.add(
            Result(
                "client",
                f"python -c 'import {module}'",
                imported,
                "s",
                bare,
                "python -c 'import httpx; from pydantic import BaseModel'",
                "<= 1.2x",
                imported <= 1.2 * bare,
                notes=(
                    "the package byte-compiled, as pip installs it; the commands alternate; with its"
                    f" models (a resource's first use) {with_models:.3f} s, ratio {with_models / bare:.2f}"
                ),
            )
        )


_ONLY_CLIENT_DEPENDENCIES = "import sys; sys.modules['click'] = sys.modules['rich'] = None; "
"""Run as in a project that depends on the client alone: httpx imports its optional command line
(click and rich, which this environment has for vendorgen) when it can; both sides go without."""


def import_times(package: Path, module: str, rounds: int) -> tuple[float, float, float]:
    """Median seconds of ``import <module>``, of the httpx + pydantic baseline and of ``<module>.models``.

    The models load when a resource is first used (or ``<module>.models`` is), so the third
    figure is what a program that makes a call pays in all.

    The package is measured as installed: pip byte-compiles what it installs, and httpx and
    pydantic in the baseline are byte-compiled, so a copy of the package is compiled first
    (otherwise each import would compile its sources again, under PYTHONDONTWRITEBYTECODE).
    The two commands alternate round by round, so that a noisy moment hurts both.
    """
    with tempfile.TemporaryDirectory() as work:
        installed = Path(work) / "site"
        shutil.copytree(package, installed)
        compile_all = [sys.executable, "-m", "compileall", "-q", str(installed)]
        compiled = subprocess.run(compile_all, check=False, capture_output=True, text=True)
        if compiled.returncode != 0:
            raise SystemExit(f"could not byte-compile {package}:\n{compiled.stdout}{compiled.stderr}")
        env = {**os.environ, "PYTHONPATH": str(installed)}
        commands = {
            module: [sys.executable, "-c", f"{_ONLY_CLIENT_DEPENDENCIES}import {module}"],
            "httpx + pydantic": [
                sys.executable,
                "-c",
                f"{_ONLY_CLIENT_DEPENDENCIES}import httpx; from pydantic import BaseModel",
            ],
            f"{module}.models": [sys.executable, "-c", f"{_ONLY_CLIENT_DEPENDENCIES}import {module}.models"],
        }
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                seconds[name].append(checked(measure(command, ROOT, env), name).seconds)
    ours, bare, with_models = (statistics.median(times) for times in seconds.values())
    return ours, bare, with_models


# 6. The generated output: size per operation, and the noise of one change in review


def _python_lines(folder: Path) -> int:
    return sum(len(path.read_text(encoding="utf-8").splitlines()) for path in folder.rglob("*.py"))


def _changed(before: Path, after: Path) -> tuple[int, int]:
    """Lines added or removed, and files touched, between two generated trees."""
    lines = files = 0
    names = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    names |= {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    for name in sorted(names):
        old = (before / name).read_text(encoding="utf-8").splitlines() if (before / name).is_file() else []
        new = (after / name).read_text(encoding="utf-8").splitlines() if (after / name).is_file() else []
        delta = sum(
            1
            for line in difflib.unified_diff(old, new, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        )
        if delta:
            lines += delta
            files += 1
    return lines, files


ADDED_FIELD = ("CreateCampaignRequest", "priorityNote")
"""The one optional request field the review-noise measure adds to Ravan's spec."""


def bench_output(run: Run, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        cwd = Path(work)
        sizes = (100, 200)
        totals = []
        for size in sizes:
            spec = cwd / f"synthetic-{size}.json"
            spec.write_text(json.dumps(synthetic_spec(size)), encoding="utf-8")
            command = vendorgen("generate", "--spec", str(spec), "--output", f"out-{size}")
            checked(measure(command, cwd, project_env()), f"vendorgen on {size} operations")
            totals.append(_python_lines(cwd / f"out-{size}"))
        marginal = (totals[1] - totals[0]) / (sizes[1] - sizes[0])
        run.add(
            Result(
                "output",
                "generated lines per operation (synthetic, 100 → 200 operations)",
                marginal,
                "lines",
                target="<= 90",
                met=marginal <= 90,
                notes=f"{totals[0]:,} lines for {sizes[0]} operations in all, runtime included",
            )
        )
        shutil.copytree(SPECS / "ravan", cwd / "specs" / "ravan")
        source = cwd / "specs" / "ravan" / "openapi.yaml"
        base = ["generate", "--spec", "specs/ravan/openapi.yaml", "--package", "ravan_client"]
        checked(measure(vendorgen(*base, "--output", "before"), cwd, project_env()), "ravan as it is")
        schema, name = ADDED_FIELD
        document = yaml.safe_load(source.read_text(encoding="utf-8"))
        document["components"]["schemas"][schema]["properties"][name] = {
            "type": "string",
            "description": "A note for the agent.",
        }
        source.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
        checked(measure(vendorgen(*base, "--output", "after"), cwd, project_env()), "ravan with a field")
        lines, files = _changed(cwd / "before", cwd / "after")
        run.add(
            Result(
                "output",
                f"one optional request field ({schema}.{name}) changes",
                lines,
                "lines",
                target="<= 12 lines in <= 3 files",
                met=lines <= 12 and files <= 3,
                notes=f"in {files} file(s)",
            )
        )


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def write_results(run: Run, path: Path, command: str) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command}`. Machine: {machine()}.",
        "Every ratio compares two things measured back to back in the same run (medians of the rounds);",
        "absolute numbers are only comparable within this file.",
        "",
        "| section | measurement | value | baseline | ratio | target | met | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in run.results:
        baseline = f"{r.baseline:.3f} {r.unit} ({r.baseline_name})" if r.baseline is not None else ""
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[r.met]
        lines.append(
            f"| {r.section} | {r.name} | {r.value:.3f} {r.unit} | {baseline} | {ratio} | "
            f"{r.target} | {met} | {r.notes} |"
        )
    lines += [
        "",
        "Not measured here: Telnyx's spec (issue target < 60 s) is not in ../shared/corpus, so that",
        "target has no number in this file. Peak memory is the whole process tree's: the largest sum",
        "of the proportional set sizes of a command and every process it started, sampled every 5 ms",
        "in a run of its own (benchmarks/memory.py); the notes give each side's largest process.",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sections", default=",".join(SECTIONS), help=f"comma-separated: {','.join(SECTIONS)}"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds per measurement (median is kept)")
    parser.add_argument("--sizes", default="10,100,1000,3000", help="operation counts of the scaling section")
    parser.add_argument("--calls", type=int, default=300, help="calls per round of the client section")
    parser.add_argument(
        "--opc",
        type=Path,
        default=ROOT / ".venv-bench" / "bin" / "openapi-python-client",
        help="the openapi-python-client executable",
    )
    parser.add_argument("--write-results", action="store_true", help="rewrite benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    sections = [s for s in args.sections.split(",") if s]
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    if {"generate", "large", "corpus"} & set(sections) and not args.opc.is_file():
        parser.error(f"{args.opc} not found: run `make bench` (or pass --opc) for the comparison sections")
    print(f"machine: {machine()}", flush=True)
    # As installed from a wheel, where pip compiles every module: an editable install never is when
    # PYTHONDONTWRITEBYTECODE is set (as on these machines), and each run would compile ~100 modules
    # from source (0.3 s); openapi-python-client, installed by pip, has its bytecode.
    compileall.compile_dir(str(ROOT / "generator"), quiet=1)
    run = Run()
    if "generate" in sections:
        bench_generate(run, args.opc, args.rounds)
    if "check" in sections:
        bench_check(run, max(args.rounds, 5))
    if "scaling" in sections:
        bench_scaling(run, [int(s) for s in args.sizes.split(",")])
    if "large" in sections:
        bench_large(run, args.opc, args.rounds)
    if "corpus" in sections:
        bench_corpus(run, args.opc, args.rounds)
    if "client" in sections:
        bench_client(run, args.rounds, args.calls)
    if "output" in sections:
        bench_output(run, args.rounds)
    if args.write_results:
        write_results(
            run,
            Path(__file__).with_name("RESULTS.md"),
            "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
