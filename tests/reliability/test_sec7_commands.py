"""SEC-7 at the command line: every subcommand refused for its role, its arguments or its input
leaves nothing behind (no database, no folder, no output file), and its message reads in one
language per half: the English half of every line is English only.

`CASES` must name every subcommand the parser knows: a new subcommand without refused cases
fails `test_every_subcommand_has_refused_cases`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import EXIT_FINDINGS, EXIT_OK, build_parser, main
from app.crypto import SM2Signer
from app.services.store import open_store
from app.services.trust import write_expert_key
from tests.dbstate import content_hash
from tests.services.test_audit_heads import delete_tail

pytestmark = pytest.mark.reliability

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

#: (subcommand, what is wrong, argv builder over (the empty folder E, the inputs folder I))
Case = tuple[str, str, Callable[[Path, Path], list[str]]]
# fmt: off
CASES: list[Case] = [
    ("demo", "role", lambda e, i: ["--role", "reviewer", "demo", "--db", str(e / "new.db")]),
    ("demo", "role, --force on an existing file", lambda e, i: ["--role", "reviewer", "demo", "--force", "--db", str(i / "demo.db")]),
    ("demo", "argument: bad date", lambda e, i: ["demo", "--db", str(e / "new.db"), "--today", "2026-13-01"]),
    ("check", "input: no database", lambda e, i: ["check", "--db", str(e / "missing.db")]),
    ("check", "argument: bad date", lambda e, i: ["check", "--db", str(i / "demo.db"), "--today", "x"]),
    ("check", "input: not a database", lambda e, i: ["check", "--db", str(i / "garbage.json")]),
    ("export-json", "input: no database", lambda e, i: ["export-json", "--db", str(e / "missing.db"), str(e / "out.json")]),
    ("export-json", "input: output folder missing", lambda e, i: ["export-json", "--db", str(i / "demo.db"), str(e / "sub" / "out.json")]),
    ("import-json", "role (issue 14)", lambda e, i: ["--role", "reviewer", "import-json", "--db", str(e / "new.db"), str(i / "garbage.json")]),
    ("import-json", "input: not JSON", lambda e, i: ["import-json", "--db", str(e / "new.db"), str(i / "garbage.json")]),
    ("import-json", "input: not JSON, database in new folders", lambda e, i: ["import-json", "--db", str(e / "a" / "b" / "new.db"), str(i / "garbage.json")]),
    ("import-json", "input: no such file", lambda e, i: ["import-json", "--db", str(e / "new.db"), str(e / "missing.json")]),
    ("verify-audit", "input: no database", lambda e, i: ["verify-audit", "--db", str(e / "missing.db")]),
    ("verify-audit", "argument: bad anchor", lambda e, i: ["verify-audit", "--db", str(i / "demo.db"), "--anchor", "12:xyz"]),
    ("verify-audit", "input: anchor file without a head", lambda e, i: ["verify-audit", "--db", str(i / "demo.db"), "--anchor-from", str(i / "garbage.json")]),
    ("export-checklist", "input: unknown project", lambda e, i: ["export-checklist", "--db", str(i / "demo.db"), "NOPE", "-o", str(e / "c.pdf")]),
    ("export-checklist", "argument: bad date", lambda e, i: ["export-checklist", "--db", str(i / "demo.db"), "1", "-o", str(e / "c.pdf"), "--today", "x"]),
    ("export-opinion", "input: unknown project", lambda e, i: ["export-opinion", "--db", str(i / "demo.db"), "NOPE", "--step", "fsr", "-o", str(e / "o.docx")]),
    ("export-opinion", "input: template missing", lambda e, i: ["export-opinion", "--db", str(i / "demo.db"), "1", "--step", "fsr", "-o", str(e / "o.docx"), "--template", str(e / "t.docx")]),
    ("export-opinions", "argument: bad year", lambda e, i: ["export-opinions", "--db", str(i / "demo.db"), "--year", "0", "-o", str(e / "replies")]),
    ("export-opinions", "input: no database", lambda e, i: ["export-opinions", "--db", str(e / "missing.db"), "--year", "2026", "-o", str(e / "replies")]),
    ("export-plan", "argument: bad year", lambda e, i: ["export-plan", "--db", str(i / "demo.db"), "--year", "0", "--kind", "plan", "-o", str(e / "p.xlsx")]),
    ("export-plan", "input: no database", lambda e, i: ["export-plan", "--db", str(e / "missing.db"), "--year", "2027", "--kind", "plan", "-o", str(e / "p.xlsx")]),
    ("export-review-packages", "role", lambda e, i: ["--role", "reviewer", "export-review-packages", "--db", str(i / "demo.db"), "--round", "1", "-o", str(e / "out")]),
    ("export-review-packages", "input: unknown round", lambda e, i: ["export-review-packages", "--db", str(i / "demo.db"), "--round", "999", "-o", str(e / "out")]),
    ("export-review-packages", "input: no database", lambda e, i: ["export-review-packages", "--db", str(e / "missing.db"), "--round", "1", "-o", str(e / "out")]),
    ("import-review-package", "role", lambda e, i: ["--role", "reviewer", "import-review-package", "--db", str(e / "new.db"), str(i / "garbage.rdpkg")]),
    ("import-review-package", "input: not a package", lambda e, i: ["import-review-package", "--db", str(i / "demo.db"), str(i / "garbage.rdpkg")]),
    ("import-review-package", "input: no database", lambda e, i: ["import-review-package", "--db", str(e / "missing.db"), str(i / "garbage.rdpkg")]),
    ("open-package", "input: not a package", lambda e, i: ["open-package", str(i / "garbage.rdpkg")]),
    ("open-package", "input: no such file", lambda e, i: ["open-package", str(e / "missing.rdpkg")]),
    ("export-group-opinion", "input: unknown round", lambda e, i: ["export-group-opinion", "--db", str(i / "demo.db"), "--round", "999", "-o", str(e / "g.docx"), "--xlsx", str(e / "g.xlsx")]),
    ("export-group-opinion", "argument: no output", lambda e, i: ["export-group-opinion", "--db", str(i / "demo.db"), "--round", "1"]),
    ("export-xlsx", "argument: bad year", lambda e, i: ["export-xlsx", "--db", str(i / "demo.db"), "--year", "1800", "-o", str(e / "s.xlsx")]),
    ("export-xlsx", "input: unknown unit", lambda e, i: ["export-xlsx", "--db", str(i / "demo.db"), "--year", "2027", "--unit", "NOPE", "-o", str(e / "s.xlsx")]),
    ("template", "argument: bad year", lambda e, i: ["template", "--year", "1800", "-o", str(e / "t.xlsx")]),
    ("template", "input: output folder missing", lambda e, i: ["template", "-o", str(e / "sub" / "t.xlsx")]),
    ("export-expert-key", "input: output folder missing", lambda e, i: ["export-expert-key", "-o", str(e / "sub" / "me.rdkey")]),
    ("register-expert-key", "role", lambda e, i: ["--role", "reviewer", "register-expert-key", "--db", str(e / "new.db"), "--expert", "1", "--fingerprint", "0000", str(i / "garbage.json")]),
    ("register-expert-key", "input: not a key file", lambda e, i: ["register-expert-key", "--db", str(i / "demo.db"), "--expert", "1", "--fingerprint", "0000", str(i / "garbage.json")]),
    ("register-expert-key", "input: fingerprint does not match", lambda e, i: ["register-expert-key", "--db", str(e / "new.db"), "--expert", "1", "--fingerprint", "0000-0000", str(i / "key.rdkey")]),
    ("register-expert-key", "input: no such expert", lambda e, i: ["register-expert-key", "--db", str(i / "demo.db"), "--expert", "Nobody", "--fingerprint", i.joinpath("key.fp").read_text(), str(i / "key.rdkey")]),
    ("import-ledger", "role", lambda e, i: ["--role", "reviewer", "import-ledger", "--db", str(e / "new.db"), str(i / "garbage.xlsx")]),
    ("import-ledger", "input: not a spreadsheet, mapping to save", lambda e, i: ["import-ledger", "--db", str(e / "new.db"), str(i / "garbage.xlsx"), "--save-mapping", str(e / "m.json")]),
    ("import-ledger", "input: no such file", lambda e, i: ["import-ledger", "--db", str(e / "x" / "new.db"), str(e / "missing.xlsx")]),
    ("import-plan", "role", lambda e, i: ["--role", "reviewer", "import-plan", "--db", str(i / "demo.db"), str(i / "garbage.xlsx")]),
    ("import-plan", "input: not a plan table", lambda e, i: ["import-plan", "--db", str(i / "demo.db"), str(i / "garbage.xlsx")]),
    ("import-plan", "input: no database", lambda e, i: ["import-plan", "--db", str(e / "missing.db"), str(i / "garbage.xlsx")]),
    ("import-xlsx", "role", lambda e, i: ["--role", "reviewer", "import-xlsx", "--db", str(e / "new.db"), str(i / "garbage.xlsx")]),
    ("import-xlsx", "input: not a workbook", lambda e, i: ["import-xlsx", "--db", str(e / "new.db"), str(i / "garbage.xlsx")]),
    ("import-xlsx", "input: not a workbook, database in new folders", lambda e, i: ["import-xlsx", "--db", str(e / "x" / "new.db"), str(i / "garbage.xlsx")]),
    ("import-ledger", "role", lambda e, i: ["--role", "reviewer", "import-ledger", "--db", str(e / "new.db"), str(i / "garbage.xlsx")]),
    ("import-ledger", "input: not a spreadsheet", lambda e, i: ["import-ledger", "--db", str(e / "new.db"), str(i / "garbage.xlsx")]),
    ("import-ledger", "input: not a spreadsheet, database in new folders", lambda e, i: ["import-ledger", "--db", str(e / "x" / "new.db"), str(i / "garbage.xlsx")]),
    ("import-ledger", "argument: bad year", lambda e, i: ["import-ledger", "--db", str(e / "new.db"), str(i / "garbage.xlsx"), "--year", "1800"]),
    ("import-ledger", "input: no such mapping", lambda e, i: ["import-ledger", "--db", str(e / "new.db"), str(i / "garbage.json"), "--mapping", str(e / "m.json")]),
    ("import-plan", "role", lambda e, i: ["--role", "reviewer", "import-plan", "--db", str(i / "demo.db"), str(i / "garbage.xlsx")]),
    ("import-plan", "input: not a plan table", lambda e, i: ["import-plan", "--db", str(i / "demo.db"), str(i / "garbage.json")]),
    ("import-plan", "input: no database", lambda e, i: ["import-plan", "--db", str(e / "missing.db"), str(i / "garbage.xlsx")]),
    ("settings", "role (issue 17)", lambda e, i: ["--role", "reviewer", "settings", "--db", str(i / "demo.db"), "--set", "assessment_period_months=24"]),
    ("settings", "argument: bad --set", lambda e, i: ["settings", "--db", str(i / "demo.db"), "--set", "assessment_period=24"]),
    ("settings", "input: out of range", lambda e, i: ["settings", "--db", str(i / "demo.db"), "--set", "assessment_period_months=0"]),
    ("settings", "input: no database", lambda e, i: ["settings", "--db", str(e / "missing.db")]),
]
# fmt: on


def subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)  # type: ignore[arg-type]


def test_every_subcommand_has_refused_cases() -> None:
    assert subcommands() - {name for name, _why, _argv in CASES} == set()
    assert {name for name, _why, _argv in CASES} - subcommands() == set()


def english_half_problems(text: str) -> list[str]:
    """Lines whose English is not English only: a line is either English, or "中文 / English"."""
    bad = []
    for line in text.splitlines():
        if not CJK.search(line):
            continue
        _zh, sep, en = line.partition(" / ")
        if not sep or CJK.search(en):
            bad.append(line)
    return bad


def test_refused_commands_leave_nothing_and_speak_english_in_english(
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    _isolated_data_dir: Path,
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    demo = inputs / "demo.db"
    demo.write_bytes(demo_db.read_bytes())
    (inputs / "garbage.json").write_text("{ this is not json", encoding="utf-8")
    (inputs / "garbage.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (inputs / "garbage.rdpkg").write_bytes(b"not a package at all")
    key = write_expert_key(inputs / "key.rdkey", signer=SM2Signer.generate())
    (inputs / "key.fp").write_text(key.fingerprint)
    store = open_store(str(demo))
    before = content_hash(store)
    store.close()
    data_before = sorted(p.relative_to(_isolated_data_dir) for p in _isolated_data_dir.rglob("*.db"))  # fmt: skip
    empty = tmp_path / "empty"
    empty.mkdir()
    left: dict[str, list[str]] = {}
    mixed: dict[str, list[str]] = {}
    accepted: list[str] = []
    for name, why, argv in CASES:
        try:
            code = main(argv(empty, inputs))
        except SystemExit as exit_:  # argparse refuses its own arguments with exit 2
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        if code == EXIT_OK:
            accepted.append(f"{name} ({why})")
        found = sorted(str(p.relative_to(empty)) for p in empty.rglob("*"))
        if found:
            left[f"{name} ({why})"] = found
            for path in sorted(empty.rglob("*"), reverse=True):  # clean up for the next case
                path.unlink() if path.is_file() else path.rmdir()
        problems = english_half_problems(out + err)
        if problems:
            mixed[f"{name} ({why})"] = problems
    store = open_store(str(demo))
    after = content_hash(store)
    store.close()
    data_after = sorted(p.relative_to(_isolated_data_dir) for p in _isolated_data_dir.rglob("*.db"))  # fmt: skip
    truncations, reported = truncated_trails(demo, capsys)
    print(
        f"SEC-7: commands={len(subcommands())} refused_cases={len(CASES) - len(accepted)}/{len(CASES)} "
        f"cases_leaving_files={len(left)} files_left={sum(map(len, left.values()))} "
        f"english_lines_with_chinese={sum(map(len, mixed.values()))} "
        f"truncated_chains={truncations} reported_without_anchor={reported}"
    )
    assert reported == truncations
    assert accepted == []
    assert left == {}
    assert mixed == {}
    assert after == before
    assert data_after == data_before  # no default database created in the data folder either


def truncated_trails(demo: Path, capsys: pytest.CaptureFixture[str], cuts: tuple[int, ...] = (1, 2, 5, 20, 200)) -> tuple[int, int]:  # fmt: skip
    """The trail cut by 1…200 entries (with the checkpoints beyond) after a clean close here:
    `verify-audit` without an anchor file reports each, naming the remembered head."""
    import shutil

    from app.services import audit_heads
    from app.services.audit import checkpoint

    reported = 0
    for count in cuts:
        copy = demo.with_name(f"cut-{count}.db")
        shutil.copyfile(demo, copy)
        store = open_store(str(copy))
        with store.write() as session:
            head = checkpoint(session)
        audit_heads.remember(store, "close")
        store.close()
        assert head is not None
        delete_tail(copy, count)
        code = main(["verify-audit", "--db", str(copy), "--lang", "en"])
        out, err = capsys.readouterr()
        reported += code == EXIT_FINDINGS and f"{head.seq}:{head.hash[:16]}" in out + err
    return len(cuts), reported
