"""Command line: export-review-packages, import-review-package (refusal, confirmation), group opinion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from app.services.store import open_store
from tests.review.helpers import make_round
from tests.review.test_packages import returned


def test_cli_round_trip(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store: Any = open_store(str(demo_db))
    round_id, _ = make_round(store)
    store.close()
    db = ["--db", str(demo_db)]
    assert main(["export-review-packages", *db, "--round", str(round_id), "-o", str(tmp_path / "out"), "--today", "2026-11-25"]) == EXIT_OK  # fmt: skip
    packages = sorted((tmp_path / "out").glob("*.rdpkg"))
    assert len(packages) == 2
    back = returned(packages[0], tmp_path)
    assert main(["import-review-package", *db, str(back)]) == EXIT_OK
    capsys.readouterr()
    assert main(["import-review-package", *db, str(back)]) == EXIT_BAD_INPUT
    assert "已经导入过" in capsys.readouterr().err
    again = returned(packages[0], tmp_path, score=50, conclusion="reject")
    assert main(["import-review-package", *db, str(again)]) == EXIT_BAD_INPUT
    assert "评审结论: 同意 → 不同意" in capsys.readouterr().err
    assert main(["import-review-package", *db, str(again), "--replace"]) == EXIT_OK
    docx, xlsx = tmp_path / "g.docx", tmp_path / "g.xlsx"
    group = ["export-group-opinion", *db, "--round", str(round_id), "-o", str(docx), "--xlsx", str(xlsx)]  # fmt: skip
    assert main(group) == 1  # the only return now says 不同意: refused, listing why
    assert "不同意" in capsys.readouterr().err and not docx.exists()
    assert main([*group, "--draft", "--reason", "待其他专家返回"]) == EXIT_OK
    assert docx.stat().st_size > 0 and xlsx.stat().st_size > 0
    assert main(["open-package", str(tmp_path / "nothing.rdpkg")]) == EXIT_BAD_INPUT


def test_cli_refuses_a_first_return_from_an_unregistered_expert_without_its_fingerprint(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14: `import-review-package` accepted a first return signed with any key and only
    printed 「已导入」."""
    from app.crypto import fingerprint
    from app.models import Expert
    from app.services.packages import export_round_packages, read_package
    from tests.dbstate import content_hash

    store: Any = open_store(str(demo_db))
    round_id, _experts = make_round(store, register=False)
    out = export_round_packages(store, round_id, tmp_path / "out")[0]
    before = content_hash(store)
    back = returned(out, tmp_path)
    key = read_package(back).issuer_key
    db = ["--db", str(demo_db)]
    capsys.readouterr()
    assert main(["import-review-package", *db, str(back)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "--trust-key " + fingerprint(key) in err and "no registered key" in err
    wrong = fingerprint("0" * 32)
    assert main(["import-review-package", *db, str(back), "--trust-key", wrong]) == EXIT_BAD_INPUT
    assert "not the fingerprint" in capsys.readouterr().err
    assert content_hash(store) == before
    assert main(["import-review-package", *db, str(back), "--trust-key", fingerprint(key)]) == EXIT_OK  # fmt: skip
    assert "expert key registered" in capsys.readouterr().out
    with store.read() as session:
        expert = session.get(Expert, read_package(back).expert_id)
        assert expert is not None and expert.key_id == key
    store.close()


def test_cli_exports_and_registers_an_expert_key(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.crypto import expert_signer, fingerprint
    from app.models import Expert

    key_file = tmp_path / "me.rdkey"
    assert main(["export-expert-key", "-o", str(key_file), "--name", "王建国"]) == EXIT_OK
    printed = capsys.readouterr().out
    own = expert_signer()
    assert fingerprint(own.key_id) in printed and key_file.exists()
    store: Any = open_store(str(demo_db))
    with store.write() as session:
        from tests.review.helpers import add_pool

        expert_id = add_pool(session)[0]
    db = ["--db", str(demo_db)]
    misheard = fingerprint(own.key_id)[:-1] + ("0" if fingerprint(own.key_id)[-1] != "0" else "1")
    assert main(["register-expert-key", *db, "--expert", str(expert_id), "--fingerprint", misheard, str(key_file)]) == EXIT_BAD_INPUT  # fmt: skip
    assert "does not match" in capsys.readouterr().err
    assert main(["register-expert-key", *db, "--expert", str(expert_id), "--fingerprint", fingerprint(own.key_id), str(key_file)]) == EXIT_OK  # fmt: skip
    other = tmp_path / "other.rdkey"
    from app.crypto import SM2Signer
    from app.services.trust import write_expert_key

    new = write_expert_key(other, signer=SM2Signer.generate())
    capsys.readouterr()
    assert main(["register-expert-key", *db, "--expert", str(expert_id), "--fingerprint", new.fingerprint, str(other)]) == EXIT_BAD_INPUT  # fmt: skip
    assert "--replace" in capsys.readouterr().err
    assert main(["register-expert-key", *db, "--expert", str(expert_id), "--fingerprint", new.fingerprint, str(other), "--replace"]) == EXIT_OK  # fmt: skip
    with store.read() as session:
        expert = session.get(Expert, expert_id)
        assert expert is not None and expert.key_id == new.key_id
    store.close()
