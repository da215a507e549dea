#!/usr/bin/python3
"""check_xlsx.py: read a cssim workbook back with openpyxl and check it
against the same command's JSON output (tests/test_xlsx.c runs it).

    check_xlsx.py run|compare|drivers|sweep|league|plan BOOK.xlsx RESULT.json

Checks: the cells hold the JSON's numbers (as numbers, to the 16 significant
digits a workbook stores), money cells carry a £ format and shares a %
format, the panes are frozen where the kind says, and the workbook holds a
native chart (xl/charts/).  Prints what failed and exits 1, or exits 0.
"""
import json
import math
import sys
import zipfile

import openpyxl

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def same(cell, value, where):
    """CELL holds VALUE as a number, to a workbook's 16 significant digits."""
    check(isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool),
          f"{where}: expected the number {value}, found {cell.value!r}")
    if isinstance(cell.value, (int, float)):
        check(math.isclose(cell.value, value, rel_tol=1e-15, abs_tol=1e-300),
              f"{where}: {cell.value!r} is not {value!r}")


def money(cell, where):
    check("£" in cell.number_format, f"{where}: money without a £ format ({cell.number_format})")


def share(cell, where):
    check("%" in cell.number_format, f"{where}: a share without a % format ({cell.number_format})")


def has_chart(path):
    names = zipfile.ZipFile(path).namelist()
    check(any(n.startswith("xl/charts/chart") for n in names), f"{path}: no native chart in xl/charts/")


def columns_of(sheet, row):
    """Heading text -> column index (1-based) along ROW."""
    return {c.value: c.column for c in sheet[row] if isinstance(c.value, str)}


def label_value(sheet, label):
    """The cell to the right of the first cell in column A that reads LABEL."""
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return sheet.cell(row=row[0].row, column=2)
    failures.append(f"{sheet.title}: no row '{label}'")
    return sheet.cell(row=1, column=1)


STATS = [("P5", "p5"), ("P25", "p25"), ("P50", "p50"), ("P75", "p75"), ("P95", "p95"), ("mean", "mean")]
METRICS = [("turnover", "turnover", money), ("cost", "cost", money), ("margin", "margin", money),
           ("margin %", "margin_pct", share)]


def check_years(sheet, heading_row, first_column, result, where):
    """A By year column block (headings on HEADING_ROW, from FIRST_COLUMN) against RESULT's years."""
    headings = {}
    for c in sheet[heading_row][first_column - 1:]:
        if not isinstance(c.value, str):
            break  # the block ends at its first empty heading
        headings[c.value] = c.column
    for t, year in enumerate(result["years"]):
        row = heading_row + 1 + t
        label = f"{year['year']}/{(year['year'] + 1) % 100:02d}"
        check(sheet.cell(row=row, column=1).value == label, f"{where}: row {row} is not {label}")
        for metric, key, kind in METRICS:
            for stat, stat_key in STATS:
                cell = sheet.cell(row=row, column=headings[f"{metric} {stat}"])
                same(cell, year[key][stat_key], f"{where} {label} {metric} {stat}")
                kind(cell, f"{where} {label} {metric} {stat}")
        for heading, key in (("P(deficit)", "p_deficit"), ("P(margin ≥ 5%)", "p_margin_ge_5pct")):
            cell = sheet.cell(row=row, column=headings[heading])
            same(cell, year[key], f"{where} {label} {heading}")
            share(cell, f"{where} {label} {heading}")
        same(sheet.cell(row=row, column=headings["customers (mean)"]), year["customers_mean"], f"{where} customers")
    return headings


def check_run(book, result):
    summary = book["Summary"]
    same(label_value(summary, "P(viable)"), result["p_viable"], "Summary P(viable)")
    share(label_value(summary, "P(viable)"), "Summary P(viable)")
    same(label_value(summary, "95% interval, from"), result["p_viable_ci"][0], "Summary interval")
    same(label_value(summary, "95% interval, to"), result["p_viable_ci"][1], "Summary interval")
    for label, key in (("mean", "mean"), ("P5", "p5"), ("P50", "p50"), ("P95", "p95")):
        cell = label_value(summary, f"final reserve, {label}")
        same(cell, result["final_reserve"][key], f"Summary final reserve {label}")
        money(cell, f"Summary final reserve {label}")
    same(label_value(summary, "final reserve, mean of the worst 5%"), result["final_reserve"]["cvar5"], "cvar5")
    words = {"proceed": "proceed", "rigorous": "proceed under rigorous management", "stopped": "stop"}
    check(label_value(summary, "verdict").value.startswith(words[result["verdict"]]), "Summary verdict")
    check(any(c.value == result["run_record"]["command"] for row in summary.iter_rows() for c in row),
          "Summary: no run record command")
    years = book["By year"]
    check(years.freeze_panes == "B2", f"By year panes frozen at {years.freeze_panes}, expected B2")
    headings = check_years(years, 1, 2, result, "By year")
    # The reserve's final-year P50 is the final reserve's P50 (the same trials).
    last = 1 + len(result["years"])
    same(years.cell(row=last, column=headings["reserve P50"]), result["final_reserve"]["p50"], "reserve P50, last year")
    same(years.cell(row=last, column=headings["reserve mean"]), result["final_reserve"]["mean"], "reserve mean, last year")
    if result.get("claims"):
        claims = book["Claims"]
        for t, claim in enumerate(result["claims"]):
            same(claims.cell(row=2 + t, column=2), claim["turnover"]["claimed"], "Claims turnover")
            same(claims.cell(row=2 + t, column=3), claim["turnover"]["percentile"], "Claims percentile")
            same(claims.cell(row=2 + t, column=6), claim["margin"]["percentile"], "Claims margin percentile")
            same(claims.cell(row=2 + t, column=8), claim["margin_optimism_quantile"], "Claims optimism")


def check_compare(book, result):
    summary = book["Summary"]
    check(summary.freeze_panes == "B4", f"Summary panes frozen at {summary.freeze_panes}")
    runs = [entry["run"] for entry in result["scenarios"]]
    for e, entry in enumerate(result["scenarios"]):
        run = entry["run"]
        row = 4 + e
        check(summary.cell(row=row, column=1).value == run["scenario"], f"Summary row {row}: {run['scenario']}")
        same(summary.cell(row=row, column=3), run["p_viable"], f"Summary {run['scenario']} P(viable)")
        share(summary.cell(row=row, column=3), "Summary P(viable)")
        if "difference" in entry:
            differences = book["Differences"]
            same(differences.cell(row=2 + e, column=2), entry["difference"]["p_viable"]["mean"], "Differences")
            same(differences.cell(row=2 + e, column=5), entry["difference"]["final_reserve_mean"]["mean"], "Differences")
    years = book["By year"]
    column = 2
    for run in runs:
        check(years.cell(row=1, column=column).value == run["scenario"], f"By year block {run['scenario']}")
        headings = check_years(years, 2, column, run, f"By year {run['scenario']}")
        column = max(headings.values()) + 2


def check_drivers(book, result):
    tornado = book["Tornado"]
    headings = columns_of(tornado, 1)
    rows = {tornado.cell(row=r, column=1).value: r for r in range(2, tornado.max_row + 1)}
    checked = 0
    for item in result["inputs"]:
        tornado_json = item.get("tornado")
        if not tornado_json or not item["random"]:
            continue
        row = rows[item["name"]]
        same(tornado.cell(row=row, column=headings["P(viable) at P10"]), tornado_json["low"]["p_viable"], item["name"])
        same(tornado.cell(row=row, column=headings["P(viable) at P90"]), tornado_json["high"]["p_viable"], item["name"])
        same(tornado.cell(row=row, column=headings["swing"]), item["swing"], item["name"])
        checked += 1
    check(checked > 0, "drivers: no tornado row checked")


def check_sweep(book, result):
    sheet = book["Sweep"]
    for i, point in enumerate(result["points"]):
        same(sheet.cell(row=2 + i, column=1), point["value"], f"Sweep value {i}")
        same(sheet.cell(row=2 + i, column=2), point["p_viable"], f"Sweep P(viable) {i}")
        same(sheet.cell(row=2 + i, column=6), point["reserve_mean"], f"Sweep reserve {i}")


def check_league(book, result):
    sheet = book["League"]
    headings = columns_of(sheet, 1)
    rows = result["rows"] if isinstance(result, dict) else result
    for i, row in enumerate(rows):
        r = 2 + i
        check(sheet.cell(row=r, column=1).value == row["plan"], f"League row {r}: {row['plan']}")
        same(sheet.cell(row=r, column=headings["P(viable)"]), row["p_viable"], f"League {row['plan']} P(viable)")
        same(sheet.cell(row=r, column=headings["final reserve, P50"]), row["final_reserve_p50"], f"League {row['plan']}")


def check_plan(book, plan):
    sheet = book["Plan"]
    values = {}
    for row in sheet.iter_rows(values_only=True):
        if row and isinstance(row[0], str):
            values.setdefault(row[0], row)
    check(values["id"][2] == plan["id"], "Plan: id")
    check(values["staff_cost"][9] == plan["staff_cost"], "Plan: staff_cost")
    prices = plan["price_per_head"]
    if isinstance(prices, list):
        check(list(values["price_per_head"][10:10 + len(prices)]) == prices, "Plan: prices by year")
    check(sheet.freeze_panes is not None, "Plan: panes not frozen")


def main():
    kind, path, result_path = sys.argv[1:4]
    book = openpyxl.load_workbook(path)
    with open(result_path, encoding="utf-8") as f:
        result = json.load(f)
    {"run": check_run, "compare": check_compare, "drivers": check_drivers, "sweep": check_sweep,
     "league": check_league, "plan": check_plan}[kind](book, result)
    if kind != "plan":
        has_chart(path)
    for failure in failures[:20]:
        print(f"check_xlsx.py {kind}: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
