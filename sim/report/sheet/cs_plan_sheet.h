/*
** cs_plan_sheet.h: a plan as a spreadsheet, both ways (README "Plans as
** spreadsheets").
**
** The layout, top to bottom:
**   - the header block: rows of key, what it is, value for id, name,
**     checkpoint2 (when set), start_year, years and freestanding_year;
**   - a blank row, then the table's heading row: key, what it is, unit,
**     distribution, mean, sd, min, mode, max, value, and one column per year
**     ("2013/14" ...);
**   - one row per CCG (key "ccg", its name under "what it is", its
**     population under "value");
**   - one row per line item: a parameter (a number under "value"; a
**     distribution's family under "distribution" and its fields under their
**     columns; the price per head by year), a criterion ("criteria.KEY"),
**     the claims by year ("claims.turnover", "claims.margin"), a provenance
**     field ("provenance.KEY");
**   - one row per correlation (key "correlation", the two inputs under
**     "what it is" as "churn ~ in_house_share", the rank under "value").
** Reading builds the JSON plan and hands it to the plan loader, so a sheet
** passes exactly the checks a JSON file passes; a loader error is reported
** at the sheet's row and column.
*/
#ifndef CS_PLAN_SHEET_H
#define CS_PLAN_SHEET_H

#include <cjson/cJSON.h>

#include "cs_error.h"
#include "cs_plan.h"
#include "cs_sheet.h"

/* The table's columns. */
enum {
    CS_PLAN_COL_KEY, CS_PLAN_COL_WHAT, CS_PLAN_COL_UNIT, CS_PLAN_COL_DIST, CS_PLAN_COL_MEAN, CS_PLAN_COL_SD,
    CS_PLAN_COL_MIN, CS_PLAN_COL_MODE, CS_PLAN_COL_MAX, CS_PLAN_COL_VALUE, CS_PLAN_COL_YEAR0
};
/* The header block's value column. */
#define CS_PLAN_HEADER_VALUE 2

/* The heading of table column COLUMN < CS_PLAN_COL_YEAR0. */
const char *cs_plan_sheet_heading(size_t column);

/* The unit as the sheet's "unit" column says it ("£", "share (0 to 1)"). */
const char *cs_plan_sheet_unit_name(cs_unit unit);

/* PLAN (loaded from ROOT, the file's JSON) as a sheet: every key ROOT sets,
** and with FULL every parameter and criterion with its value (the default
** where ROOT sets none).  CS_OK or CS_ERR_FAIL (memory). */
int cs_plan_sheet_export(const cJSON *root, const cs_plan *plan, int full, cs_sheet *out, cs_error *err);

/* Read the CSV sheet FILE into a JSON plan (*plan_json, the caller's) that
** the plan loader has accepted.  Errors name FILE, the row and the column
** (with the key and the year in words); exit status 2 for a bad sheet. */
int cs_plan_sheet_import(const char *file, cJSON **plan_json, cs_error *err);

#endif
