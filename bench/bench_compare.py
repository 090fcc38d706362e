"""Reading official list files and comparing them with a database: time per step.

    .venv/bin/python bench/bench_compare.py          # needs ../shared/sdn (the real list files)

Prints the time to read each real list file, to compare the 2024-05-03 list with the bundled
dataset and with a generated 20,000-person workbook (targets: under 2 s and under 10 s,
the comparison itself, the database already read), in the default scope and with every
individual, and to compare the 2021-08-18 and 2024-05-03 lists. The real SDN_ADVANCED.XML
(about 120 MB) could not be copied, so a file of that size is made from the consolidated
advanced sample by repeating its parties, to time the streaming reader on that much XML.
Each figure is the best of three runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import CACHE, workbook  # noqa: E402
from sanctions_gui.core.lists import names  # noqa: E402
from sanctions_gui.core.lists.compare import compare_lists, compare_with_database  # noqa: E402
from sanctions_gui.core.lists.reading import read_list  # noqa: E402
from sanctions_gui.core.lists.scope import ALL, VENEZUELA  # noqa: E402
from sanctions_gui.core.paths import BUNDLED_WORKBOOK  # noqa: E402
from sanctions_gui.core.reading import read_workbook  # noqa: E402

SHARED = HERE.parent.parent / "shared" / "sdn"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/sdn")
LIST_FILES = ("sdn_2021-08-18.csv", "sdn_2024-05-03.csv", "set_2021-04-25/sdn.csv",
              "excel_resaved_2022-01-31/sdn.csv", "xml/consolidated_2018-04-06.xml",
              "xml/cons_advanced_2020-03-17.xml", "opensanctions_format_sample/targets.simple.csv",
              "opensanctions_format_sample/entities.ftm.json")
LARGE_XML_BYTES = 120 * 1024 * 1024
RUNS = 3


def best(action, runs: int = RUNS):
    """The fastest of `runs` runs, each starting with the name caches empty, as a fresh app would."""
    times, result = [], None
    for _ in range(runs):
        for cached in (names.name_tokens, names.name_score, names.part_similarity):
            cached.cache_clear()
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), result


def large_advanced_xml() -> Path:
    """The consolidated advanced sample with its parties repeated to about 120 MB (cached)."""
    target = CACHE / "advanced_120mb.xml"
    if target.exists():
        return target
    CACHE.mkdir(exist_ok=True)
    text = (SHARED / "xml" / "cons_advanced_2020-03-17.xml").read_text(encoding="utf-8")
    start = text.index("<DistinctParties>") + len("<DistinctParties>")
    end = text.index("</DistinctParties>")
    parties = text[start:end]
    copies = max(1, (LARGE_XML_BYTES - len(text)) // len(parties) + 1)
    target.write_text(text[:start] + parties * copies + text[end:], encoding="utf-8")
    return target


def main() -> int:
    if not SHARED.is_dir():
        print(f"The real list files are not here ({SHARED}); nothing to measure.")
        return 0
    print("Reading list files (best of 3):")
    for name in LIST_FILES:
        path = SHARED / name
        seconds, listed = best(lambda: read_list(path, require_date=False))
        print(f"  {name:48} {seconds:6.2f} s  {len(listed.entries):6,} individuals, {listed.entities:6,} others, "
              f"{len(listed.warnings)} warnings")
    large = large_advanced_xml()
    seconds, listed = best(lambda: read_list(large, require_date=False), runs=1)
    print(f"  {'advanced XML of ' + format(large.stat().st_size / 1e6, '.0f') + ' MB (sample repeated)':48} "
          f"{seconds:6.2f} s  {listed.entities + len(listed.entries):6,} parties streamed")

    newer = read_list(SHARED / "sdn_2024-05-03.csv")
    older = read_list(SHARED / "sdn_2021-08-18.csv")
    seconds, result = best(lambda: compare_lists(older, newer))
    print(f"\nThe 2021-08-18 list against the 2024-05-03 list: {seconds:.2f} s  {result.counts()}")

    databases = {"bundled dataset": BUNDLED_WORKBOOK, "generated": workbook(20_000)}
    targets = {BUNDLED_WORKBOOK: 2.0}
    print("\nThe 2024-05-03 list against a database (the database already read):")
    for kind, path in databases.items():
        read_seconds, loaded = best(lambda: read_workbook(path), runs=1)
        label = f"{kind} ({len(loaded.frame):,} people)"  # counted, so it follows the data
        for scope in (VENEZUELA, ALL):
            seconds, result = best(lambda: compare_with_database(newer, loaded.frame, path, scope))
            target = targets.get(path, 10.0)
            verdict = "met" if seconds < target else "NOT met"
            print(f"  {label:30} scope {scope:9} {seconds:6.2f} s (target under {target:.0f} s: {verdict}; "
                  f"reading the workbook {read_seconds:.2f} s)  {result.counts()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
