"""Audit trail at volume: append 100,000 entries, then verify the whole chain; times printed.

.venv/bin/python bench/bench_audit.py [ENTRIES]

RELIABILITY.md SEC-1 asks for a full verification of 100,000 entries in under 2 s. Entries are
realistic in size (an amount change with old and new value, CJK text) and are appended through
`audit.append` in transactions of 1,000, with the checkpoints every 500 that this signs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REVIEWDESK_DATA_DIR"] = tmp
        from app.services import audit
        from app.services.store import open_store

        store = open_store(str(Path(tmp) / "audit.db"), create=True)
        store.actor = "张三"
        started = time.perf_counter()
        for start in range(0, n, 1000):
            with store.write() as session:
                audit.append(session, [
                    audit.Change("plan_lines", str(i % 900 + 1), i % 300 + 1, "update",
                                 {"amount_yuan": 1_000_000 + i, "remark": "原计划"},
                                 {"amount_yuan": 1_200_000 + i, "remark": "调整后的年度计划"})
                    for i in range(start, min(n, start + 1000))
                ])  # fmt: skip
        append_s = time.perf_counter() - started
        with store.read() as session:
            started = time.perf_counter()
            result = audit.verify_chain(session)
            verify_s = time.perf_counter() - started
            last = result.last_checkpoint
            started = time.perf_counter()
            incremental = audit.verify_chain(session, start=last)
            incremental_s = time.perf_counter() - started
        store.close()
        size_mb = (Path(tmp) / "audit.db").stat().st_size / 1e6
    assert result.ok and result.entries == n and incremental.ok
    print(f"audit: entries={n} append_s={append_s:.1f} ({n / append_s:,.0f}/s) db_mb={size_mb:.1f} "
          f"checkpoints={result.checkpoints} verify_full_s={verify_s:.2f} (floor 2 s) "
          f"verify_incremental_s={incremental_s:.3f} from seq {last.seq if last else 0}")  # fmt: skip


if __name__ == "__main__":
    main()
