/*
** cs_sheet.h: a small grid of cells (text or numbers) that one layout fills
** and several writers print: CSV (libcsv quoting, numbers exact) and an XLSX
** worksheet (cs_xlsx.h, numbers stored as numbers with the cell's unit as
** its number format).  Rows and columns count from 0 here; users see rows
** from 1 and columns as letters (cs_sheet_column_name).
** Ownership: cs_sheet_init / cs_sheet_free.
*/
#ifndef CS_SHEET_H
#define CS_SHEET_H

#include <stddef.h>
#include <stdio.h>

#include "cs_plan.h"

typedef enum { CS_CELL_EMPTY, CS_CELL_TEXT, CS_CELL_NUMBER } cs_cell_kind;

typedef struct cs_cell {
    cs_cell_kind kind;
    char *text;          /* CS_CELL_TEXT: owned */
    double number;       /* CS_CELL_NUMBER */
    int has_unit;        /* a number of UNIT (for a workbook's number format) */
    cs_unit unit;
} cs_cell;

typedef struct cs_sheet_row {
    size_t n_cells;
    cs_cell *cell;
} cs_sheet_row;

typedef struct cs_sheet {
    size_t n_rows, capacity;
    cs_sheet_row *row;
    int failed;          /* an allocation failed: the sheet is incomplete */
} cs_sheet;

void cs_sheet_init(cs_sheet *sheet);
void cs_sheet_free(cs_sheet *sheet);

/* Start a new row (an empty one stays a blank line). */
void cs_sheet_new_row(cs_sheet *sheet);
/* Set a cell of the last row (the row grows to hold it). */
void cs_sheet_text(cs_sheet *sheet, size_t column, const char *text);
void cs_sheet_number(cs_sheet *sheet, size_t column, double value);
void cs_sheet_amount(cs_sheet *sheet, size_t column, cs_unit unit, double value);

/* The widest row's cell count. */
size_t cs_sheet_width(const cs_sheet *sheet);

/* The sheet as CSV: every row padded to the widest, numbers written so that
** they read back as the same double, text quoted where it must be. */
void cs_sheet_csv(FILE *out, const cs_sheet *sheet);

/* A cell's text as a value of UNIT (cs_sheet_amount.c).  Every unit takes
** a plain number ("1234567", "0.45", "1e-5") and thousands separators
** ("1,234,567"); money and money per head also "£1,234,567", "£12.50", and
** a k, m or bn suffix ("1.23m", "£850k"); shares and rates also a
** percentage ("45%").  A minus sign ("-", "−") or brackets mark a negative.
** Returns 0 and *out, or -1 for anything else (an empty cell too). */
int cs_sheet_parse_amount(const char *text, cs_unit unit, double *out);

/* What cs_sheet_parse_amount expected, for a message: "an amount" (money),
** "a share (0.45 or 45%)", "a number". */
const char *cs_sheet_amount_expected(cs_unit unit);

/* A spreadsheet column's name: 0 -> "A", 25 -> "Z", 26 -> "AA". */
void cs_sheet_column_name(size_t column, char *buf, size_t len);

#endif
