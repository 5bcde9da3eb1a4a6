"""Translations: extract strings, build .qm files, check completeness.

    python tools/i18n.py update          # pyside6-lupdate app/ → translations/*.ts, then release
    python tools/i18n.py release         # pyside6-lrelease translations/*.ts → *.qm
    python tools/i18n.py check           # fail on unfinished entries, missing strings or stale .qm
    python tools/i18n.py fill MAP.json   # fill unfinished zh_CN entries from {"source": "译文"}

Run with the project's virtual environment (`.venv/bin/python tools/i18n.py …`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease next to the running interpreter, else on PATH."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the project (pip install -e .) first")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py"))


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"reviewdesk_{language}.ts"


def lupdate(target: Path) -> None:
    subprocess.run(
        [tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources(), "-ts", str(target)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True
    )


def entries(ts: Path) -> list[tuple[str, str, str, str]]:
    """(context, source, translation, type) of every message."""
    rows = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            text = translation.text or "" if translation is not None else ""
            rows.append((name, message.findtext("source", ""), text, kind))
    return rows


def cmd_update() -> int:
    TRANSLATIONS.mkdir(exist_ok=True)
    for language in LANGUAGES:
        lupdate(ts_path(language))
    return cmd_release()


def cmd_release() -> int:
    for language in LANGUAGES:
        lrelease(ts_path(language), ts_path(language).with_suffix(".qm"))
    return 0


def cmd_fill(mapping_file: str) -> int:
    mapping: dict[str, str] = json.loads(Path(mapping_file).read_text(encoding="utf-8"))
    for language in LANGUAGES:
        path = ts_path(language)
        tree = ET.parse(path)
        for message in tree.getroot().iter("message"):
            translation = message.find("translation")
            source = message.findtext("source", "")
            if (
                translation is not None
                and translation.get("type") == "unfinished"
                and source in mapping
            ):
                translation.text = mapping[source]
                del translation.attrib["type"]
        tree.write(path, encoding="utf-8", xml_declaration=True)
    return cmd_release()


def cmd_check() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            committed = ts_path(language)
            if not committed.exists():
                problems.append(f"{committed} missing")
                continue
            fresh = Path(tmp) / committed.name
            shutil.copyfile(committed, fresh)
            lupdate(fresh)
            have = {(c, s) for c, s, _t, _k in entries(committed)}
            for context, source, _text, kind in entries(fresh):
                if (context, source) not in have:
                    problems.append(f"{language}: not extracted yet: [{context}] {source!r}")
                elif kind in ("unfinished",):
                    problems.append(f"{language}: unfinished: [{context}] {source!r}")
            for context, source, text, kind in entries(committed):
                if kind == "unfinished" or not text:
                    problems.append(f"{language}: unfinished: [{context}] {source!r}")
            qm = committed.with_suffix(".qm")
            rebuilt = Path(tmp) / qm.name
            lrelease(committed, rebuilt)
            if not qm.exists() or qm.read_bytes() != rebuilt.read_bytes():
                problems.append(f"{qm.name} is stale: run tools/i18n.py release")
    for problem in sorted(set(problems)):
        print(problem)
    print(f"i18n check: {len(set(problems))} problem(s)")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "update":
        return cmd_update()
    if command == "release":
        return cmd_release()
    if command == "check":
        return cmd_check()
    if command == "fill" and rest:
        return cmd_fill(rest[0])
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
