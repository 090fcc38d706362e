"""How long re-evaluating every highlighting rule takes on a 200,000-row workbook.

The sidebar re-evaluates all rules whenever one is edited, toggled or reordered, and the
working copy whenever a cell is edited, so both figures must stay below 100 ms. The frame is the bundled dataset repeated to
200,000 rows, with names, positions and dates varied so text columns hold many
distinct values, as a large real workbook would. Prints figures only.

    .venv/bin/python bench/bench_rules.py [ROWS]
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import replace

import numpy as np
import pandas as pd

from sanctions_gui.core import schema
from sanctions_gui.core.paths import BUNDLED_WORKBOOK
from sanctions_gui.core.reading import read_workbook
from sanctions_gui.core import edit_intents
from sanctions_gui.core.rules import Condition, Rule, evaluate, frame_index, load_presets
from sanctions_gui.core.session import Session
from sanctions_gui.core.view import Dataset

TARGET_MS = 100
RUNS = 9


def large_frame(rows: int) -> pd.DataFrame:
    """The bundled frame repeated to `rows` rows, with varied names, positions and dates."""
    base = read_workbook(BUNDLED_WORKBOOK).frame
    copies = -(-rows // len(base))
    frame = pd.concat([base] * copies, ignore_index=True).iloc[:rows].copy()
    rng = np.random.default_rng(13692)
    copy_number = pd.Series(np.arange(rows) // len(base), dtype="string")
    frame["name"] = frame["name"] + " " + copy_number
    frame["position"] = frame["position"] + " (" + copy_number.str[-2:] + ")"
    shift = pd.to_timedelta(rng.integers(-400, 400, rows), unit="D")
    for column in (*schema.DATE_FIELDS, *schema.jurisdiction_date_columns()):
        frame[column] = frame[column] + shift
    frame[schema.PERSON_ID] = "p" + pd.Series(np.arange(rows), dtype="string")
    return frame


def text_rules() -> list[Rule]:
    return [
        Rule("Generals", "#FCE4D6", conditions=(Condition("position", "contains", "general"),)),
        Rule("Cabello family", "#E2EFDA", conditions=(Condition("name", "contains", "cabello"),)),
        Rule("Guard or SEBIN", "#DDEBF7", match="any", conditions=(
            Condition("institution", "any of", ["Bolivarian National Guard (GNB)", "SEBIN", "GNB"]),
            Condition("aliases", "contains", "el"))),
        Rule("Unverified, 2017-2018", "#EDEDED", conditions=(
            Condition("notes", "contains", "not verified"),
            Condition("us_designation_date", "between", ["2017-01-01", "2018-12-31"]))),
    ]


def median_ms(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    frame = large_frame(rows)
    rules = load_presets() + text_rules()
    conditions = sum(len(rule.conditions) for rule in rules)
    print(f"{rows:,} rows, {len(rules)} rules ({conditions} conditions)")

    start = time.perf_counter()
    evaluate(frame, rules)
    first_ms = (time.perf_counter() - start) * 1000
    print(f"  first evaluation (builds the per-frame caches): {first_ms:8.1f} ms")

    def after_edit():
        rules[1] = replace(rules[1], colour="#FFC7CF" if rules[1].colour == "#FFC7CE" else "#FFC7CE")
        evaluate(frame, rules)

    edit_ms = median_ms(after_edit)
    verdict = "within" if edit_ms < TARGET_MS else "OVER"
    print(f"  re-evaluate all rules after an edit (median of {RUNS}): {edit_ms:8.1f} ms "
          f"({verdict} the {TARGET_MS} ms target)")

    def new_text_each_time(counter=iter(range(10**9))):
        rules[-3] = replace(rules[-3], conditions=(Condition("name", "contains", f"cabello {next(counter)}"),))
        evaluate(frame, rules)

    print(f"  same, the edit being new text in a name condition:   {median_ms(new_text_each_time):8.1f} ms")

    index = frame_index(frame)

    def every_condition_anew():
        index._masks.clear()  # forget remembered condition masks; the column caches stay
        evaluate(frame, rules)

    print(f"  same, every condition computed anew:                 {median_ms(every_condition_anew):8.1f} ms")
    cell_edit(frame, rules)


def cell_edit(frame: pd.DataFrame, rules: list[Rule]) -> None:
    """An analyst's edit of one cell, through the session: the rules' part, and the whole edit."""
    session = Session(None, rules=rules)
    session.set_dataset(Dataset(frame))
    people = session.dataset.person_ids
    session.person_name(people[0])  # the id lookup is built on the first edit; time the later ones
    timed: list[float] = []
    for name in ("carry_index", "evaluate"):
        original = getattr(edit_intents, name)

        def clocked(*args, _original=original, **kwargs):
            start = time.perf_counter()
            result = _original(*args, **kwargs)
            timed.append((time.perf_counter() - start) * 1000)
            return result

        setattr(edit_intents, name, clocked)
    edits = iter(range(10**9))
    whole = median_ms(lambda: session.set_field(people[1000 + next(edits)], "position", f"General {next(edits)}"))
    rules_ms = statistics.median(a + b for a, b in zip(timed[::2], timed[1::2]))
    verdict = "within" if rules_ms < TARGET_MS else "OVER"
    print(f"  re-evaluate all rules after an edit of one cell (median of {RUNS}): {rules_ms:6.1f} ms "
          f"({verdict} the {TARGET_MS} ms target)")
    print(f"  the whole edit (working copy, rules, view):               {whole:6.1f} ms")


if __name__ == "__main__":
    main()
