"""IMP-1: mutants of five real-shaped submissions through `import_submission()` (RELIABILITY §3.3).

Every mutant ends as an import, a refusal listing issues, or `ImportFailed` with a code and a
Chinese message; never another exception; a refused or failed file leaves the database's
content hash unchanged. Prints the figure line; times and RSS are reported, not asserted.
"""

from __future__ import annotations

import random
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from app.models.db import Store
from app.services.submission_import import ImportFailed, import_submission
from tests.dbstate import content_hash
from tests.reliability.import_seeds import (
    all_seeds,
    chinese,
    memory_folder,
    run_forked,
    store_with_units,
    unit_names,
    unzip,
    zip_bytes,
)

MUTANTS = 2_000
BENCH_MUTANTS = 10_000

#: XML fragments inserted into parts: control characters, bad t=/s= attributes, huge and NaN
#: values, an out-of-range column, duplicated sheetData, DTDs, broken rows and cells
XML_TOKENS = (
    b"\x01", b"\x0b", b"\x00", b'<c r="XFE1" t="n"><v>1</v></c>', b' t="q"', b' s="99999"',
    b' t="d"', b' t="b"', b' t="e"', b"<v>NaN</v>", b"<v>1e309</v>", b"<v>-1e309</v>",
    b"<v>" + b"9" * 400 + b"</v>", b"<v>" + b"9" * 5000 + b"</v>", b"<sheetData>",
    b"</sheetData><sheetData>", b'<!DOCTYPE x [<!ENTITY a "aaaa">]>', b"&a;", b"<row>",
    b'<row r="0">', b'<row r="1048577">', b'<row r="-3">', b'<row r="2.5">',
    b'<c r="A1" t="s"><v>99999</v></c>', b'<c r="A1" t="s"><v>-1</v></c>', b"\xff\xfe",
    b'<c r="B2" t="e"><v>#REF!</v></c>', b"<f>SUM(A1:A2)</f>", b'<f t="shared" si="0"/>',
    b'<c r="D3" t="inlineStr"><is><t>x', b'<c r="E2" s="1"><v>2958466</v></c>',
    b'<c r="S2" s="1"><v>-5</v></c>', b'<row r="3"><c r="A3"><v>1</v></c></row>',
    b'<sheet name="x" sheetId="9" r:id="rId99"/>', b'<numFmt numFmtId="14" formatCode="yyyy"/>',
    b"&#0;", b"&#xFFFE;", b"]]>", b"<![CDATA[", b'<c r="A2" t="inlineStr"><is><t>'
    + "长".encode() * 40_000 + b"</t></is></c>",
)  # fmt: skip


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Byte flips (random bytes or single bits) or a truncation of the whole file."""
    out = bytearray(data)
    if rng.random() < 0.2:
        return bytes(out[: rng.randrange(len(out))])
    flip_bits = rng.random() < 0.5
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] = out[i] ^ (1 << rng.randrange(8)) if flip_bits else rng.randrange(256)
    return bytes(out)


def mutate_xml(parts: dict[str, bytes], rng: random.Random) -> dict[str, bytes]:
    """Token insertion, deletion or duplication in one XML part, or a dropped part."""
    parts = dict(parts)
    xml_names = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    # the sheet and the workbook are where the interesting damage is: weight them up
    weighted = xml_names + [n for n in xml_names if "sheet" in n or "workbook" in n] * 3
    name = rng.choice(weighted)
    action = rng.random()
    if action < 0.12:
        del parts[name]
        return parts
    data = bytearray(parts[name])
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(data))
        if action < 0.6:
            data[i:i] = rng.choice(XML_TOKENS)
        elif action < 0.8:
            del data[i : i + rng.randint(1, 40)]
        else:
            j = min(len(data), i + rng.randint(1, 400))
            data[j:j] = data[i:j]
    parts[name] = bytes(data)
    return parts


def run_fuzz(store: Store, seeds: dict[str, bytes], workdir: Path, count: int, seed: int) -> dict[str, Any]:  # fmt: skip
    """Import `count` mutants; returns the counts (asserted by the caller)."""
    rng = random.Random(seed)
    seed_parts = {name: unzip(data) for name, data in seeds.items()}
    names = sorted(seeds)
    outcomes: Counter[str] = Counter()
    uncaught: list[str] = []
    untyped: list[str] = []
    changed_on_failure = checked = unopened = 0
    slowest = (0.0, "")
    over_5s = 0
    target = workdir / "mutant.xlsx"
    writes = [0]
    original_write = store.write

    @contextmanager
    def counting_write() -> Iterator[Any]:
        writes[0] += 1
        with original_write() as session:
            yield session

    store.write = counting_write  # type: ignore[method-assign]
    current = content_hash(store)
    start_all = time.perf_counter()
    for n in range(count):
        seed_name = names[n % len(names)]
        kind = "xml" if rng.random() < 0.55 else "bytes"
        if kind == "xml":
            data = zip_bytes(mutate_xml(seed_parts[seed_name], rng))
        else:
            data = mutate_bytes(seeds[seed_name], rng)
        target.write_bytes(data)
        writes_before = writes[0]
        start = time.perf_counter()
        try:
            result = import_submission(store, target)
        except ImportFailed as exc:
            outcomes[f"failed:{exc.code}"] += 1
            if not (exc.code and chinese(exc.message_zh) and exc.message_en):
                untyped.append(f"{exc.code}: {exc.message_zh!r}")
            failed = True
        except Exception as exc:  # the figure: must stay 0
            uncaught.append(f"#{n} {seed_name}/{kind}: {type(exc).__name__}: {exc}")
            (workdir / f"uncaught-{n}.xlsx").write_bytes(data)
            traceback.print_exc()
            failed = True
        else:
            if result.issues:
                outcomes["refused_with_issues"] += 1
                untyped += [
                    str(i)
                    for i in result.issues
                    if not (chinese(i.message_zh) and i.sheet and i.row)
                ]
            else:
                outcomes["imported"] += 1
            failed = bool(result.issues)
        seconds = time.perf_counter() - start
        over_5s += seconds > 5
        if seconds > slowest[0]:
            slowest = (seconds, f"{seed_name}/{kind}")
        # A file that never opened a write transaction cannot have changed anything; every
        # file that did is checked against the content hash taken after the previous one.
        if writes[0] != writes_before:
            checked += 1
            after = content_hash(store)
            if failed and after != current:
                changed_on_failure += 1
            current = after
        else:
            unopened += 1
    return {
        "count": count, "outcomes": dict(sorted(outcomes.items())), "uncaught": uncaught,
        "untyped": untyped, "changed_on_failure": changed_on_failure, "checked": checked,
        "unopened": unopened, "slowest": slowest, "over_5s": over_5s,
        "wall": time.perf_counter() - start_all,
    }  # fmt: skip


def fuzz_and_report(demo_store: Store, workdir: Path, count: int, seed: int) -> None:
    """Seeds from the demo; the fuzz itself in a forked child, so its peak RSS is its own."""
    seeds = all_seeds(demo_store, workdir)
    units = unit_names(demo_store)

    def work() -> dict[str, Any]:
        store = store_with_units(workdir / "fuzz.db", units)
        try:
            return run_fuzz(store, seeds, workdir, count, seed)
        finally:
            store.close()

    forked = run_forked(work)
    assert forked.error == "", forked.error
    r = forked.result
    outcomes = Counter(r["outcomes"])
    failures = count - outcomes["imported"]
    print(
        f"IMP-1: files={count} uncaught={len(r['uncaught'])} untyped={len(r['untyped'])} "
        f"runs_over_5s={r['over_5s']} max_s={r['slowest'][0]:.3f} ({r['slowest'][1]}) "
        f"peak_rss_growth_mb={forked.rss_growth_mb:.0f} imported={outcomes['imported']} "
        f"refused_or_failed={failures} db_changes_on_failure={r['changed_on_failure']} "
        f"(hash_checked={r['checked']} never_opened_for_writing={r['unopened']}) "
        f"wall_s={r['wall']:.1f} outcomes={r['outcomes']}"
    )
    assert r["uncaught"] == [], r["uncaught"][:5]
    assert r["untyped"] == [], r["untyped"][:5]
    assert r["changed_on_failure"] == 0
    assert sum(outcomes.values()) == count
    # the mutants reach every stage: some still import, some fail to parse, some are refused
    assert (
        outcomes["imported"] and outcomes["refused_with_issues"] and outcomes["failed:file_corrupt"]
    )


@pytest.mark.reliability
def test_imp1_mutants_end_imported_or_typed_failure(demo_store: Store, tmp_path: Path) -> None:
    with memory_folder(tmp_path) as folder:
        fuzz_and_report(demo_store, folder, MUTANTS, seed=20261125)


@pytest.mark.bench
def test_imp1_bench_mutants(demo_store: Store, tmp_path: Path) -> None:
    with memory_folder(tmp_path) as folder:
        fuzz_and_report(demo_store, folder, BENCH_MUTANTS, seed=154)
