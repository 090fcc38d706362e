"""How long File › Save as takes: the working copy of a generated workbook written anew and read back.

A handful of cells edited, a person added and one removed, then the save as the window
runs it: the source read again, every sheet written with the changes, and the saved
workbook read back and compared with the working copy. Prints figures only.

    .venv/bin/python bench/bench_save.py [ROWS]      # 20,000 by default
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from generate import workbook

from sanctions_gui.core import schema
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core.save_check import read_back
from sanctions_gui.core.save_workbook import save_working_copy
from sanctions_gui.core.session import Session
from sanctions_gui.core.view import Dataset


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    source = workbook(rows)
    loaded = read_workbook(source)
    session = Session(None, rules=[])
    session.set_dataset(Dataset(loaded.frame, source, loaded.report))
    people = session.dataset.person_ids
    for step, person in enumerate(people[:10]):
        session.set_field(person, schema.Col.POSITION, f"Edited position {step}")
    session.add_person({schema.Col.NAME: "Persona Nueva", schema.Col.US_DESIGNATION_DATE: "2024-05-03"})
    session.remove_people([people[-1]])
    snapshot = session.working_copy.snapshot(session.dataset.report, source)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "saved.xlsx"
        start = time.perf_counter()
        result = save_working_copy(snapshot, target)
        written = time.perf_counter() - start
        start = time.perf_counter()
        back = read_back(result, snapshot)
        checked = time.perf_counter() - start
        size = target.stat().st_size / 1e6
    print(f"{rows:,} rows, 10 cells edited, 1 person added, 1 removed")
    print(f"  save as (read the source again, write every sheet):  {written:6.1f} s  ({size:.1f} MB)")
    print(f"  read the saved workbook back and compare:              {checked:6.1f} s  "
          f"({'equal' if not back.differences else f'{len(back.differences)} differences'})")


if __name__ == "__main__":
    main()
