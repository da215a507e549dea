/*
** cs_xlsx.h: Excel workbooks through libxlsxwriter: a workbook written whole
** or not at all (to a temporary file renamed into place, cs_output.h), the
** number formats of cssim's units (money in £, shares as %), worksheets
** whose columns are sized to what they hold, and the writers of each
** command's workbook (cs_xlsx_run.c, cs_xlsx_analysis.c).  Numbers are
** always stored as numbers; charts are native Excel charts.  The workbook's
** creation time is fixed, so the same results give the same bytes.
*/
#ifndef CS_XLSX_H
#define CS_XLSX_H

#include <xlsxwriter.h>

#include "cs_error.h"
#include "cs_output.h"
#include "cs_plan.h"
#include "cs_report.h"
#include "cs_run_record.h"
#include "cs_sheet.h"

#define CS_XLSX_MAX_COLUMNS 256

typedef struct cs_xlsx {
    lxw_workbook *book;
    cs_output out;               /* the temporary file the book is written to */
    lxw_format *heading, *title, *wrap, *input;
    lxw_format *unit[CS_UNIT_NUMBER + 1];       /* each unit's number format */
    lxw_format *unit_input[CS_UNIT_NUMBER + 1]; /* the same, marked as an input cell */
} cs_xlsx;

/* A worksheet and the widest text of each column so far. */
typedef struct cs_xlsx_sheet {
    cs_xlsx *book;
    lxw_worksheet *sheet;
    const char *name;
    double width[CS_XLSX_MAX_COLUMNS];
} cs_xlsx_sheet;

int cs_xlsx_open(cs_xlsx *book, const char *path, cs_error *err);
/* Write the workbook and rename it into place; frees BOOK either way. */
int cs_xlsx_commit(cs_xlsx *book, cs_error *err);

/* A new worksheet called NAME. */
void cs_xlsx_add_sheet(cs_xlsx *book, cs_xlsx_sheet *sheet, const char *name);
void cs_xlsx_text(cs_xlsx_sheet *sheet, size_t row, size_t column, const char *text, lxw_format *format);
/* A sentence that may run on over the empty cells to its right (it does not widen its column). */
void cs_xlsx_note(cs_xlsx_sheet *sheet, size_t row, size_t column, const char *text);
/* Make COLUMN at most WIDTH characters wide (a column of long sentences, which wrap). */
void cs_xlsx_cap(cs_xlsx_sheet *sheet, size_t column, double width);
/* A number in UNIT's format (a non-finite value leaves the cell empty). */
void cs_xlsx_amount(cs_xlsx_sheet *sheet, size_t row, size_t column, cs_unit unit, double value);
void cs_xlsx_number(cs_xlsx_sheet *sheet, size_t row, size_t column, double value, lxw_format *format);
/* Headings in bold along ROW from COLUMN. */
void cs_xlsx_headings(cs_xlsx_sheet *sheet, size_t row, size_t column, const char *const *texts, size_t n);
/* Size every column to its widest cell; freeze the panes above ROW and left of COLUMN. */
void cs_xlsx_finish(cs_xlsx_sheet *sheet, size_t row, size_t column);
/* "'Sheet name'!$A$1"-style reference to a range, for chart series. */
void cs_xlsx_range(const cs_xlsx_sheet *sheet, size_t first_row, size_t first_column, size_t last_row,
                   size_t last_column, char *buf, size_t len);

/* The run record as rows from ROW (what was run, the version, each input file and its SHA-256). */
size_t cs_xlsx_run_record(cs_xlsx_sheet *sheet, size_t row, const cs_run_record *record);

/* A plan sheet (cs_plan_sheet.h) as a workbook: the grid on one worksheet,
** input cells marked, the panes frozen under the table's heading row. */
int cs_xlsx_plan_write(const char *path, const cs_sheet *grid, cs_error *err);

/* The workbooks of the commands.  RESERVE: the reserve by year (cs_reserve_stats), or NULL. */
int cs_xlsx_run_write(const char *path, const cs_summary *summary, const char *scenario_name, const cs_stats *reserve,
                      const cs_run_record *record, cs_error *err);
int cs_xlsx_compare_write(const char *path, const cs_comparison *comparison, const cs_run_record *record,
                          cs_error *err);
int cs_xlsx_drivers_write(const char *path, const cs_goal_context *context, const cs_drivers *drivers,
                          const cs_run_record *record, cs_error *err);
int cs_xlsx_sweep_write(const char *path, const cs_goal_context *context, const cs_sweep *sweep,
                        const cs_run_record *record, cs_error *err);
/* OUT_DIR/league.xlsx: one row per plan and scenario, P(viable) by plan and scenario, and its chart. */
int cs_xlsx_league_write(const cs_league *league, const char *out_dir, cs_error *err);

#endif
