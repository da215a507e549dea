/*
** cs_sheet.c: the grid of cells and its CSV form (see cs_sheet.h).
*/
#include "cs_sheet.h"

#include <stdlib.h>
#include <string.h>

#include "cs_json.h"
#include "cs_output.h"
#include "cs_report.h"

void cs_sheet_init(cs_sheet *sheet) { memset(sheet, 0, sizeof *sheet); }

void cs_sheet_free(cs_sheet *sheet)
{
    for (size_t r = 0; r < sheet->n_rows; r++) {
        for (size_t c = 0; c < sheet->row[r].n_cells; c++) free(sheet->row[r].cell[c].text);
        free(sheet->row[r].cell);
    }
    free(sheet->row);
    cs_sheet_init(sheet);
}

void cs_sheet_new_row(cs_sheet *sheet)
{
    if (sheet->n_rows == sheet->capacity) {
        size_t capacity = sheet->capacity ? 2 * sheet->capacity : 32;
        cs_sheet_row *rows = realloc(sheet->row, capacity * sizeof *rows);
        if (!rows) {
            sheet->failed = 1;
            return;
        }
        sheet->row = rows;
        sheet->capacity = capacity;
    }
    sheet->row[sheet->n_rows++] = (cs_sheet_row){0, NULL};
}

/* The cell at COLUMN of the last row, emptied, or NULL (no row, or memory). */
static cs_cell *cell_at(cs_sheet *sheet, size_t column)
{
    if (sheet->n_rows == 0) cs_sheet_new_row(sheet);
    if (sheet->failed) return NULL;
    cs_sheet_row *row = &sheet->row[sheet->n_rows - 1];
    if (column >= row->n_cells) {
        cs_cell *cells = realloc(row->cell, (column + 1) * sizeof *cells);
        if (!cells) {
            sheet->failed = 1;
            return NULL;
        }
        memset(cells + row->n_cells, 0, (column + 1 - row->n_cells) * sizeof *cells);
        row->cell = cells;
        row->n_cells = column + 1;
    }
    cs_cell *cell = &row->cell[column];
    free(cell->text);
    memset(cell, 0, sizeof *cell);
    return cell;
}

void cs_sheet_text(cs_sheet *sheet, size_t column, const char *text)
{
    cs_cell *cell = cell_at(sheet, column);
    if (!cell) return;
    cell->text = cs_strdup(text);
    if (!cell->text) sheet->failed = 1;
    else cell->kind = CS_CELL_TEXT;
}

void cs_sheet_number(cs_sheet *sheet, size_t column, double value)
{
    cs_cell *cell = cell_at(sheet, column);
    if (!cell) return;
    cell->kind = CS_CELL_NUMBER;
    cell->number = value;
}

void cs_sheet_amount(cs_sheet *sheet, size_t column, cs_unit unit, double value)
{
    cs_cell *cell = cell_at(sheet, column);
    if (!cell) return;
    cell->kind = CS_CELL_NUMBER;
    cell->number = value;
    cell->has_unit = 1;
    cell->unit = unit;
}

size_t cs_sheet_width(const cs_sheet *sheet)
{
    size_t width = 0;
    for (size_t r = 0; r < sheet->n_rows; r++)
        if (sheet->row[r].n_cells > width) width = sheet->row[r].n_cells;
    return width;
}

void cs_sheet_csv(FILE *out, const cs_sheet *sheet)
{
    size_t width = cs_sheet_width(sheet);
    for (size_t r = 0; r < sheet->n_rows; r++) {
        const cs_sheet_row *row = &sheet->row[r];
        for (size_t c = 0; c < width; c++) {
            if (c) fputc(',', out);
            const cs_cell *cell = c < row->n_cells ? &row->cell[c] : NULL;
            if (!cell) continue;
            if (cell->kind == CS_CELL_TEXT) cs_csv_field(out, cell->text);
            else if (cell->kind == CS_CELL_NUMBER) cs_output_number(out, cell->number);
        }
        fputc('\n', out);
    }
}

void cs_sheet_column_name(size_t column, char *buf, size_t len)
{
    char reversed[16];
    size_t n = 0;
    for (size_t c = column + 1; c > 0 && n < sizeof reversed; c = (c - 1) / 26)
        reversed[n++] = (char)('A' + (c - 1) % 26);
    size_t i = 0;
    for (; i < n && i + 1 < len; i++) buf[i] = reversed[n - 1 - i];
    if (len) buf[i] = '\0';
}
