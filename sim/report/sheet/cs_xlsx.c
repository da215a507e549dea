/*
** cs_xlsx.c: the workbook, its formats and sized worksheets (cs_xlsx.h),
** and the plan workbook of `cssim export --format xlsx`.
*/
#include "cs_xlsx.h"

#include <math.h>
#include <string.h>

#include "cs_plan_sheet.h"

/* The Excel number format of each unit (cs_unit order). */
static const char *const unit_formats[CS_UNIT_NUMBER + 1] = {
    "\"\xc2\xa3\"#,##0;[Red]-\"\xc2\xa3\"#,##0", /* money */
    "\"\xc2\xa3\"#,##0.00",                       /* per head */
    "0.0%",                                       /* share */
    "0.00%",                                      /* rate */
    "0.00",                                       /* multiplier */
    "#,##0",                                      /* count */
    "General",                                    /* number */
};
/* The formats of a plan sheet's input cells: every digit shown, so a sheet
** saved as CSV "as shown" (LibreOffice's default) reads back exactly. */
static const char *const input_formats[CS_UNIT_NUMBER + 1] = {
    "\"\xc2\xa3\"#,##0.00########;-\"\xc2\xa3\"#,##0.00########", /* money */
    "\"\xc2\xa3\"0.00########",                                     /* per head */
    "0.0##########%",                                                 /* share */
    "0.0##########%",                                                 /* rate */
    "General",                                                        /* multiplier */
    "#,##0",                                                          /* count */
    "General",                                                        /* number */
};
/* Roughly how wide a cell of each unit shows, in characters, for VALUE. */
static double shown_width(cs_unit unit, double value)
{
    double digits = fabs(value) >= 1 ? floor(log10(fabs(value))) + 1 : 1;
    switch (unit) {
    case CS_UNIT_MONEY: return digits + floor((digits - 1) / 3) + 2;
    case CS_UNIT_PER_HEAD: return digits + 4;
    case CS_UNIT_SHARE: case CS_UNIT_RATE: return digits + 6;
    case CS_UNIT_COUNT: return digits + floor((digits - 1) / 3) + 1;
    default: return 11;
    }
}

/* A fixed creation time (2013-04-01, when the CSSs began), so the same results give the same bytes. */
#define CS_XLSX_CREATED 1364774400

int cs_xlsx_open(cs_xlsx *book, const char *path, cs_error *err)
{
    memset(book, 0, sizeof *book);
    int rc = cs_output_open(&book->out, path, err);
    if (rc) return rc;
    const char *file = book->out.temp_path ? book->out.temp_path : book->out.path;
    book->book = file ? workbook_new(file) : NULL;
    if (!book->book) {
        cs_output_discard(&book->out);
        return cs_error_fail(err, path, "cannot start the workbook");
    }
    lxw_doc_properties properties = {.title = "cssim", .author = "cssim", .created = CS_XLSX_CREATED};
    workbook_set_properties(book->book, &properties);
    book->heading = workbook_add_format(book->book);
    format_set_bold(book->heading);
    format_set_bottom(book->heading, LXW_BORDER_THIN);
    book->title = workbook_add_format(book->book);
    format_set_bold(book->title);
    format_set_font_size(book->title, 14);
    book->wrap = workbook_add_format(book->book);
    format_set_text_wrap(book->wrap);
    format_set_align(book->wrap, LXW_ALIGN_VERTICAL_TOP);
    book->input = workbook_add_format(book->book);
    format_set_bg_color(book->input, 0xFFF2CC); /* input cells, as finance templates mark them */
    for (int u = 0; u <= CS_UNIT_NUMBER; u++) {
        book->unit[u] = workbook_add_format(book->book);
        format_set_num_format(book->unit[u], unit_formats[u]);
        book->unit_input[u] = workbook_add_format(book->book);
        format_set_num_format(book->unit_input[u], input_formats[u]);
        format_set_bg_color(book->unit_input[u], 0xFFF2CC);
    }
    return CS_OK;
}

int cs_xlsx_commit(cs_xlsx *book, cs_error *err)
{
    lxw_error written = workbook_close(book->book);
    book->book = NULL;
    if (written != LXW_NO_ERROR) {
        char path[512];
        snprintf(path, sizeof path, "%s", book->out.path ? book->out.path : "");
        cs_output_discard(&book->out);
        return cs_error_fail(err, path, "cannot write the workbook: %s", lxw_strerror(written));
    }
    return cs_output_commit(&book->out, err);
}

void cs_xlsx_add_sheet(cs_xlsx *book, cs_xlsx_sheet *sheet, const char *name)
{
    memset(sheet, 0, sizeof *sheet);
    sheet->book = book;
    sheet->name = name;
    sheet->sheet = workbook_add_worksheet(book->book, name);
}

static void widen(cs_xlsx_sheet *sheet, size_t column, double width)
{
    if (column < CS_XLSX_MAX_COLUMNS && width > sheet->width[column]) sheet->width[column] = width;
}

/* Characters shown (UTF-8 continuation bytes do not count). */
static double text_width(const char *text)
{
    double n = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) n += (*c & 0xc0) != 0x80;
    return n;
}

void cs_xlsx_text(cs_xlsx_sheet *sheet, size_t row, size_t column, const char *text, lxw_format *format)
{
    worksheet_write_string(sheet->sheet, (lxw_row_t)row, (lxw_col_t)column, text, format);
    double bold = format == sheet->book->heading ? 1.1 : 1; /* bold text is wider */
    widen(sheet, column, format == sheet->book->title ? 0 : text_width(text) * bold);
}

void cs_xlsx_note(cs_xlsx_sheet *sheet, size_t row, size_t column, const char *text)
{
    worksheet_write_string(sheet->sheet, (lxw_row_t)row, (lxw_col_t)column, text, NULL);
}

void cs_xlsx_cap(cs_xlsx_sheet *sheet, size_t column, double width)
{
    if (column < CS_XLSX_MAX_COLUMNS && sheet->width[column] > width) sheet->width[column] = width;
}

void cs_xlsx_amount(cs_xlsx_sheet *sheet, size_t row, size_t column, cs_unit unit, double value)
{
    if (!isfinite(value)) return;
    worksheet_write_number(sheet->sheet, (lxw_row_t)row, (lxw_col_t)column, value, sheet->book->unit[unit]);
    widen(sheet, column, shown_width(unit, value));
}

void cs_xlsx_number(cs_xlsx_sheet *sheet, size_t row, size_t column, double value, lxw_format *format)
{
    if (!isfinite(value)) return;
    worksheet_write_number(sheet->sheet, (lxw_row_t)row, (lxw_col_t)column, value, format);
    widen(sheet, column, 11);
}

void cs_xlsx_headings(cs_xlsx_sheet *sheet, size_t row, size_t column, const char *const *texts, size_t n)
{
    for (size_t i = 0; i < n; i++) cs_xlsx_text(sheet, row, column + i, texts[i], sheet->book->heading);
}

void cs_xlsx_finish(cs_xlsx_sheet *sheet, size_t row, size_t column)
{
    for (size_t c = 0; c < CS_XLSX_MAX_COLUMNS; c++)
        if (sheet->width[c] > 0)
            worksheet_set_column(sheet->sheet, (lxw_col_t)c, (lxw_col_t)c,
                                 sheet->width[c] + 2 > 60 ? 60 : sheet->width[c] + 2, NULL);
    if (row || column) worksheet_freeze_panes(sheet->sheet, (lxw_row_t)row, (lxw_col_t)column);
    worksheet_set_landscape(sheet->sheet);
    worksheet_fit_to_pages(sheet->sheet, 1, 0); /* printed one page wide */
}

void cs_xlsx_range(const cs_xlsx_sheet *sheet, size_t first_row, size_t first_column, size_t last_row,
                   size_t last_column, char *buf, size_t len)
{
    char from[16], to[16];
    cs_sheet_column_name(first_column, from, sizeof from);
    cs_sheet_column_name(last_column, to, sizeof to);
    snprintf(buf, len, "='%s'!$%s$%zu:$%s$%zu", sheet->name, from, first_row + 1, to, last_row + 1);
}

size_t cs_xlsx_run_record(cs_xlsx_sheet *sheet, size_t row, const cs_run_record *record)
{
    lxw_format *heading = sheet->book->heading;
    cs_xlsx_text(sheet, row++, 0, "Run record", heading);
    cs_xlsx_text(sheet, row, 0, "cssim version", NULL);
    cs_xlsx_note(sheet, row++, 1, cs_version());
    cs_xlsx_text(sheet, row, 0, "command", NULL);
    cs_xlsx_note(sheet, row++, 1, record->command);
    cs_xlsx_text(sheet, row, 0, "seed", NULL);
    cs_xlsx_number(sheet, row++, 1, (double)record->seed, NULL);
    cs_xlsx_text(sheet, row, 0, "trials", NULL);
    cs_xlsx_amount(sheet, row++, 1, CS_UNIT_COUNT, (double)record->trials);
    for (size_t i = 0; i < record->n_overrides; i++) {
        cs_xlsx_text(sheet, row, 0, "what-if (--set)", NULL);
        cs_xlsx_text(sheet, row++, 1, record->overrides[i], NULL);
    }
    for (size_t i = 0; i < record->n_inputs; i++) {
        const cs_run_input *input = &record->inputs[i];
        char what[160];
        snprintf(what, sizeof what, "%s %s", input->kind, input->id);
        cs_xlsx_text(sheet, row, 0, what, NULL);
        cs_xlsx_note(sheet, row++, 1, input->file);
        cs_xlsx_text(sheet, row, 0, "its SHA-256", NULL);
        cs_xlsx_note(sheet, row++, 1, input->sha256);
    }
    return row;
}

int cs_xlsx_plan_write(const char *path, const cs_sheet *grid, cs_error *err)
{
    cs_xlsx book;
    int rc = cs_xlsx_open(&book, path, err);
    if (rc) return rc;
    cs_xlsx_sheet sheet;
    cs_xlsx_add_sheet(&book, &sheet, "Plan");
    size_t heading_row = 0;
    for (size_t r = 0; r < grid->n_rows; r++) {
        const cs_sheet_row *row = &grid->row[r];
        int is_heading = row->n_cells > 1 && row->cell[0].kind == CS_CELL_TEXT && strcmp(row->cell[0].text, "key") == 0;
        if (is_heading) heading_row = r;
        for (size_t c = 0; c < row->n_cells; c++) {
            const cs_cell *cell = &row->cell[c];
            /* The inputs are the values and CCG names; keys, words and units are the layout. */
            int input = !is_heading && (c >= CS_PLAN_COL_DIST || (heading_row && c == CS_PLAN_COL_WHAT &&
                                                                  strcmp(row->cell[0].text, "ccg") == 0) ||
                                        (!heading_row && c == CS_PLAN_HEADER_VALUE));
            if (cell->kind == CS_CELL_TEXT)
                cs_xlsx_text(&sheet, r, c, cell->text, is_heading ? book.heading : input ? book.input : NULL);
            else if (cell->kind == CS_CELL_NUMBER) {
                cs_unit unit = cell->has_unit ? cell->unit : CS_UNIT_NUMBER;
                worksheet_write_number(sheet.sheet, (lxw_row_t)r, (lxw_col_t)c, cell->number,
                                       input ? book.unit_input[unit] : book.unit[unit]);
                widen(&sheet, c, shown_width(unit, cell->number));
            }
        }
    }
    cs_xlsx_finish(&sheet, heading_row + 1, CS_PLAN_COL_DIST);
    return cs_xlsx_commit(&book, err);
}
