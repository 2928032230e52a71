"""Write manifest.json for a bundled model folder (shared by both models).

files: every regular file under the folder except manifest.json, keyed by POSIX relative path,
with sha256 and size in bytes. The TypeScript loader verifies these before loading.
"""
from __future__ import annotations

import json
from pathlib import Path

from common import sha256_file


def file_table(folder: Path) -> dict[str, dict]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name == "manifest.json" and p.parent == folder:
            continue
        rel = p.relative_to(folder).as_posix()
        out[rel] = {"sha256": sha256_file(p), "size": p.stat().st_size}
    return out


def write_manifest(folder: Path, meta: dict) -> dict:
    for v in meta.get("variants", {}).values():
        if not (folder / v).is_file():
            raise SystemExit(f"manifest: variant file {folder / v} missing")
    m = dict(meta)
    m["files"] = file_table(folder)
    (folder / "manifest.json").write_text(json.dumps(m, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return m
