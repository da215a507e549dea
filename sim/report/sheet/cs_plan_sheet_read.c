/*
** cs_plan_sheet_read.c: a plan sheet read back from CSV (libcsv) into the
** JSON plan, which the plan loader then checks (the layout is in
** cs_plan_sheet.h).  Every error names the file, the row and the column
** ("row 7 (staff_cost), column K (2013/14)"); a loader error is moved from
** its JSON path to the cell the value came from.
*/
#include "cs_plan_sheet.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cs_json.h"
#include "cs_report.h"

/* One CSV record: its row (from 1) and its cells. */
typedef struct record {
    size_t row;
    size_t n_cells;
    char **cell;
} record;

/* Where a JSON path's value came from, to put a loader error back on its cell. */
typedef struct origin {
    char path[CS_PATH_MAX];
    size_t record;       /* index into the records */
    size_t column;
} origin;

typedef struct reader {
    const char *file;
    cs_error *err;
    record *records;
    size_t n_records, capacity;
    size_t line;         /* the line being parsed, from 1 */
    int failed;          /* out of memory while parsing */
    int in_record;       /* a record has begun and not ended */
    origin *origins;
    size_t n_origins, origins_capacity;
    int start_year, years;
    size_t heading;      /* the heading row's record */
    size_t width;        /* its cells: CS_PLAN_COL_YEAR0 + years */
} reader;

/* --- Reading the CSV into records (libcsv). ------------------------------- */

static record *last_record(reader *r) { return &r->records[r->n_records - 1]; }

static void on_field(void *text, size_t len, void *data)
{
    reader *r = data;
    if (r->failed) return;
    if (!r->in_record) { /* the first field of a new record */
        if (r->n_records == r->capacity) {
            size_t capacity = r->capacity ? 2 * r->capacity : 64;
            record *records = realloc(r->records, capacity * sizeof *records);
            if (!records) {
                r->failed = 1;
                return;
            }
            r->records = records;
            r->capacity = capacity;
        }
        r->records[r->n_records++] = (record){r->line, 0, NULL};
        r->in_record = 1;
    }
    record *rec = last_record(r);
    char **cells = realloc(rec->cell, (rec->n_cells + 1) * sizeof *cells);
    if (cells) rec->cell = cells;
    char *copy = cells ? malloc(len + 1) : NULL;
    if (!copy) {
        r->failed = 1;
        return;
    }
    if (len) memcpy(copy, text, len);
    copy[len] = '\0';
    rec->cell[rec->n_cells++] = copy;
}

static void on_record(int terminator, void *data)
{
    (void)terminator;
    ((reader *)data)->in_record = 0;
}

static void free_records(reader *r)
{
    for (size_t i = 0; i < r->n_records; i++) {
        for (size_t c = 0; c < r->records[i].n_cells; c++) free(r->records[i].cell[c]);
        free(r->records[i].cell);
    }
    free(r->records);
    free(r->origins);
}

static char *read_whole_file(const char *file, size_t *size, cs_error *err)
{
    FILE *in = fopen(file, "rb");
    if (!in) {
        cs_error_input(err, file, NULL, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t capacity = 1 << 16, n = 0;
    char *text = malloc(capacity);
    for (size_t got; text && (got = fread(text + n, 1, capacity - n, in)) > 0;) {
        n += got;
        if (n == capacity) {
            char *grown = realloc(text, capacity *= 2);
            if (!grown) free(text);
            text = grown;
        }
    }
    int bad = ferror(in);
    fclose(in);
    if (!text || bad) {
        free(text);
        if (bad) cs_error_input(err, file, NULL, "cannot read: %s", strerror(errno));
        else cs_error_fail(err, file, "out of memory");
        return NULL;
    }
    *size = n;
    return text;
}

/* Parse the file line by line, so each record knows its row. */
static int parse_csv(reader *r)
{
    size_t size;
    char *text = read_whole_file(r->file, &size, r->err);
    if (!text) return r->err->code;
    const char *start = text;
    if (size >= 2 && (((unsigned char)text[0] == 0xff && (unsigned char)text[1] == 0xfe) ||
                      ((unsigned char)text[0] == 0xfe && (unsigned char)text[1] == 0xff))) {
        free(text);
        return cs_error_input(r->err, r->file, "row 1", "the file is UTF-16 text (it starts with a UTF-16 byte order "
                              "mark): save the sheet as \"CSV UTF-8\" or \"CSV (comma delimited)\"");
    }
    if (size >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) start += 3; /* Excel's "CSV UTF-8" starts so */
    size_t remaining = size - (size_t)(start - text);
    struct csv_parser parser;
    if (csv_init(&parser, 0) != 0) {
        free(text);
        return cs_error_fail(r->err, r->file, "out of memory");
    }
    r->line = 0;
    while (remaining > 0 && !r->failed) {
        const char *newline = memchr(start, '\n', remaining);
        size_t len = newline ? (size_t)(newline - start) + 1 : remaining;
        r->line++;
        if (csv_parse(&parser, start, len, on_field, on_record, r) != len) break;
        start += len;
        remaining -= len;
    }
    int bad = csv_error(&parser) != CSV_SUCCESS;
    if (!r->failed && !bad) csv_fini(&parser, on_field, on_record, r);
    csv_free(&parser);
    free(text);
    if (r->failed) return cs_error_fail(r->err, r->file, "out of memory");
    if (bad) return cs_error_input(r->err, r->file, NULL, "row %zu: not CSV: %s", r->line, csv_strerror(CSV_EPARSE));
    return CS_OK;
}

/* --- Cells and errors. ------------------------------------------------------ */

static const char *cell(const record *rec, size_t column)
{
    return column < rec->n_cells ? rec->cell[column] : "";
}

static int is_blank(const record *rec)
{
    for (size_t c = 0; c < rec->n_cells; c++)
        if (rec->cell[c][0]) return 0;
    return 1;
}

/* The column's heading: the table's, a year, or the header block's. */
static void column_heading(const reader *r, const record *rec, size_t column, char *buf, size_t len)
{
    if (r->width == 0 || rec->row < r->records[r->heading].row) {
        snprintf(buf, len, "%s", column == 0 ? "key" : column == 1 ? "what it is" : column == 2 ? "value" : "");
        return;
    }
    if (column < CS_PLAN_COL_YEAR0) snprintf(buf, len, "%s", cs_plan_sheet_heading(column));
    else if (column < r->width) cs_year_label(r->start_year + (int)(column - CS_PLAN_COL_YEAR0), buf, len);
    else buf[0] = '\0';
}

/* "row 7 (staff_cost), column K (2013/14)" into buf. */
static void where(const reader *r, const record *rec, size_t column, char *buf, size_t len)
{
    char name[8], heading[32];
    cs_sheet_column_name(column, name, sizeof name);
    column_heading(r, rec, column, heading, sizeof heading);
    const char *key = cell(rec, 0);
    int n = snprintf(buf, len, "row %zu", rec->row);
    if (r->width && rec == &r->records[r->heading]) n += snprintf(buf + n, len - (size_t)n, " (the heading row)");
    else if (key[0] && !strchr(key, ';') && strlen(key) <= 40) n += snprintf(buf + n, len - (size_t)n, " (%s)", key);
    if ((size_t)n < len) n += snprintf(buf + n, len - (size_t)n, ", column %s", name);
    if (heading[0] && (size_t)n < len) snprintf(buf + n, len - (size_t)n, " (%s)", heading);
}

static int cell_error(reader *r, const record *rec, size_t column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int cell_error(reader *r, const record *rec, size_t column, const char *fmt, ...)
{
    char path[CS_PATH_MAX], message[sizeof r->err->message];
    where(r, rec, column, path, sizeof path);
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    return cs_error_input(r->err, r->file, path, "%s", message);
}

static int remember(reader *r, const char *path, const record *rec, size_t column)
{
    if (r->n_origins == r->origins_capacity) {
        size_t capacity = r->origins_capacity ? 2 * r->origins_capacity : 64;
        origin *origins = realloc(r->origins, capacity * sizeof *origins);
        if (!origins) return cs_error_fail(r->err, r->file, "out of memory");
        r->origins = origins;
        r->origins_capacity = capacity;
    }
    origin *o = &r->origins[r->n_origins++];
    snprintf(o->path, sizeof o->path, "%s", path);
    o->record = (size_t)(rec - r->records);
    o->column = column;
    return CS_OK;
}

/* A cell as a value of UNIT, remembered at PATH. */
static int amount(reader *r, const record *rec, size_t column, cs_unit unit, const char *path, double *out)
{
    const char *text = cell(rec, column);
    if (cs_sheet_parse_amount(text, unit, out) != 0)
        return text[0] ? cell_error(r, rec, column, "expected %s, got '%.80s'", cs_sheet_amount_expected(unit), text)
                       : cell_error(r, rec, column, "expected %s, found an empty cell", cs_sheet_amount_expected(unit));
    return remember(r, path, rec, column);
}

static int add_number(reader *r, cJSON *object, const char *key, const record *rec, size_t column, cs_unit unit,
                      const char *path)
{
    double value;
    int rc = amount(r, rec, column, unit, path, &value);
    if (rc) return rc;
    if (!cJSON_AddNumberToObject(object, key, value)) return cs_error_fail(r->err, r->file, "out of memory");
    return CS_OK;
}

/* --- The header block. ------------------------------------------------------ */

static const char *const header_keys[] = {"id", "name", "checkpoint2", "start_year", "years", "freestanding_year"};
#define N_HEADER_KEYS (sizeof header_keys / sizeof header_keys[0])

static int whole_number(reader *r, const record *rec, int lo, int hi, int *out)
{
    double value;
    const char *text = cell(rec, CS_PLAN_HEADER_VALUE);
    if (cs_sheet_parse_amount(text, CS_UNIT_COUNT, &value) != 0 || value != (int)value || value < lo || value > hi)
        return cell_error(r, rec, CS_PLAN_HEADER_VALUE, "expected a whole number from %d to %d, got '%.80s'", lo, hi,
                          text);
    *out = (int)value;
    return CS_OK;
}

/* Rows up to the table's heading row: fills ROOT's header keys. */
static int read_header(reader *r, cJSON *root, size_t *next)
{
    size_t i = 0;
    int seen[N_HEADER_KEYS] = {0};
    for (; i < r->n_records; i++) {
        const record *rec = &r->records[i];
        if (is_blank(rec)) continue;
        const char *key = cell(rec, 0);
        if (strcmp(key, "key") == 0) break;
        size_t k = 0;
        while (k < N_HEADER_KEYS && strcmp(header_keys[k], key) != 0) k++;
        if (k == N_HEADER_KEYS) {
            if (rec->n_cells == 1 && strchr(key, ';'))
                return cell_error(r, rec, 0, "the cells are separated by ';', expected ',': save the sheet as "
                                  "\"CSV (comma delimited)\" (a spreadsheet set to a language that writes decimal "
                                  "commas uses ';')");
            const char *hint = cs_closest_word(key, header_keys, N_HEADER_KEYS);
            return cell_error(r, rec, 0, "expected the header block first (id, name, start_year, years, "
                              "freestanding_year, then the table's heading row), found '%.60s'%s%s%s", key,
                              hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        }
        if (seen[k]) return cell_error(r, rec, 0, "'%s' is in the header block twice", key);
        seen[k] = 1;
        for (size_t c = CS_PLAN_HEADER_VALUE + 1; c < rec->n_cells; c++)
            if (rec->cell[c][0])
                return cell_error(r, rec, c, "a header row has three cells (key, what it is, value), found '%.60s' "
                                  "beyond them", rec->cell[c]);
        int rc = remember(r, key, rec, CS_PLAN_HEADER_VALUE);
        if (rc) return rc;
        cJSON *value = NULL;
        if (strcmp(key, "start_year") == 0 || strcmp(key, "freestanding_year") == 0 || strcmp(key, "years") == 0) {
            int number = 0;
            int is_years = strcmp(key, "years") == 0;
            if ((rc = whole_number(r, rec, is_years ? 1 : 1900, is_years ? CS_MAX_YEARS : 2200, &number))) return rc;
            if (is_years) r->years = number;
            if (strcmp(key, "start_year") == 0) r->start_year = number;
            value = cJSON_CreateNumber(number);
        } else {
            value = cJSON_CreateString(cell(rec, CS_PLAN_HEADER_VALUE));
        }
        if (!value || !cJSON_AddItemToObject(root, key, value)) {
            cJSON_Delete(value);
            return cs_error_fail(r->err, r->file, "out of memory");
        }
    }
    if (i == r->n_records) {
        if (r->n_records == 0)
            return cs_error_input(r->err, r->file, "row 1, column A",
                                  "the file is empty: expected a plan sheet (the header block, then the table; "
                                  "`cssim export PLAN.json --format csv` writes one)");
        return cs_error_input(r->err, r->file, NULL, "no table: expected a heading row starting 'key,what it is' "
                              "after the header block");
    }
    const record *heading = &r->records[i];
    for (size_t k = 0; k < N_HEADER_KEYS; k++)
        if (!seen[k] && strcmp(header_keys[k], "checkpoint2") != 0) {
            if (k == 0 && !seen[1] && !seen[3])
                return cell_error(r, heading, 0, "missing the header block: the sheet starts with rows for id, name, "
                                  "start_year, years and freestanding_year (key, what it is, value), then the table");
            return cell_error(r, heading, 0, "the header block above has no '%s' (it needs id, name, start_year, "
                              "years and freestanding_year)", header_keys[k]);
        }
    *next = i;
    return CS_OK;
}

/* The table's heading row: the fixed columns, then one per year. */
static int read_heading(reader *r, size_t index)
{
    const record *rec = &r->records[index];
    r->heading = index;
    r->width = CS_PLAN_COL_YEAR0 + (size_t)r->years;
    for (size_t c = 0; c < r->width; c++) {
        char expected[32];
        column_heading(r, rec, c, expected, sizeof expected);
        if (strcmp(cell(rec, c), expected) == 0) continue;
        if (c >= CS_PLAN_COL_YEAR0) {
            char first[16], last[16];
            cs_year_label(r->start_year, first, sizeof first);
            cs_year_label(r->start_year + r->years - 1, last, sizeof last);
            return cell_error(r, rec, c, "expected the year column '%s' (%d years, %s to %s, from the header block), "
                              "found %s%.40s%s", expected, r->years, first, last, cell(rec, c)[0] ? "'" : "nothing",
                              cell(rec, c), cell(rec, c)[0] ? "'" : "");
        }
        return cell_error(r, rec, c, "expected the heading '%s', found '%.40s'", expected, cell(rec, c));
    }
    for (size_t c = r->width; c < rec->n_cells; c++)
        if (rec->cell[c][0])
            return cell_error(r, rec, c, "a column beyond the last year: '%.40s' (the header block says %d years)",
                              rec->cell[c], r->years);
    return CS_OK;
}

/* --- The table's rows. ------------------------------------------------------ */

/* The row's cells fit the heading row, and cells the row's kind leaves empty are. */
static int check_shape(reader *r, const record *rec, int yearly, int uses_dist)
{
    if (rec->n_cells < r->width)
        return cell_error(r, rec, rec->n_cells, "the row has %zu cells, the heading row (row %zu) has %zu: every row "
                          "needs a cell (perhaps empty) under each heading", rec->n_cells, r->records[r->heading].row,
                          r->width);
    for (size_t c = r->width; c < rec->n_cells; c++)
        if (rec->cell[c][0])
            return cell_error(r, rec, c, "the row has a cell beyond the heading row's %zu columns: '%.40s'", r->width,
                              rec->cell[c]);
    for (size_t c = CS_PLAN_COL_YEAR0; !yearly && c < r->width; c++)
        if (rec->cell[c][0])
            return cell_error(r, rec, c, "'%s' does not vary by year: leave the year columns empty", cell(rec, 0));
    for (size_t c = CS_PLAN_COL_DIST; !uses_dist && c < CS_PLAN_COL_VALUE; c++)
        if (rec->cell[c][0])
            return cell_error(r, rec, c, "'%s' is a number, not a distribution: leave this column empty",
                              cell(rec, 0));
    return CS_OK;
}

/* Every year's cell as a number of UNIT into a new array at PATH. */
static int yearly_array(reader *r, const record *rec, cs_unit unit, const char *path, cJSON **out)
{
    *out = cJSON_CreateArray();
    if (!*out) return cs_error_fail(r->err, r->file, "out of memory");
    for (int t = 0; t < r->years; t++) {
        char element[CS_PATH_MAX];
        double value;
        cs_path_index(element, sizeof element, path, (size_t)t);
        int rc = amount(r, rec, CS_PLAN_COL_YEAR0 + (size_t)t, unit, element, &value);
        if (rc) return rc;
        if (!cJSON_AddItemToArray(*out, cJSON_CreateNumber(value)))
            return cs_error_fail(r->err, r->file, "out of memory");
    }
    return remember(r, path, rec, CS_PLAN_COL_YEAR0);
}

static int add_item(reader *r, cJSON *object, const char *key, cJSON *item)
{
    if (!item) return cs_error_fail(r->err, r->file, "out of memory");
    if (!cJSON_AddItemToObject(object, key, item)) {
        cJSON_Delete(item);
        return cs_error_fail(r->err, r->file, "out of memory");
    }
    return CS_OK;
}

static int read_param(reader *r, const record *rec, const cs_param *param, cJSON *root)
{
    const char *key = param->key;
    int has_years = 0;
    for (size_t c = CS_PLAN_COL_YEAR0; c < r->width && c < rec->n_cells; c++) has_years |= rec->cell[c][0] != 0;
    int rc = check_shape(r, rec, param->kind == CS_PARAM_PRICE, param->kind == CS_PARAM_DIST);
    if (rc) return rc;
    if (param->kind == CS_PARAM_PRICE && (has_years || !cell(rec, CS_PLAN_COL_VALUE)[0])) {
        if (cell(rec, CS_PLAN_COL_VALUE)[0])
            return cell_error(r, rec, CS_PLAN_COL_VALUE,
                              "give the price either once under 'value' or by year, not both");
        cJSON *prices;
        rc = yearly_array(r, rec, param->unit, key, &prices);
        if (rc) {
            cJSON_Delete(prices);
            return rc;
        }
        return add_item(r, root, key, prices);
    }
    const char *family = cell(rec, CS_PLAN_COL_DIST);
    if (!family[0]) return add_number(r, root, key, rec, CS_PLAN_COL_VALUE, param->unit, key);
    /* A distribution: its family and every field given; the loader checks which it needs. */
    cJSON *dist = cJSON_CreateObject();
    if ((rc = add_item(r, root, key, dist))) return rc;
    char path[CS_PATH_MAX];
    cs_path_key(path, sizeof path, key, "dist");
    if ((rc = remember(r, key, rec, CS_PLAN_COL_DIST)) || (rc = remember(r, path, rec, CS_PLAN_COL_DIST)) ||
        (rc = add_item(r, dist, "dist", cJSON_CreateString(family))))
        return rc;
    for (size_t c = CS_PLAN_COL_MEAN; c <= CS_PLAN_COL_VALUE; c++) {
        if (!cell(rec, c)[0]) continue;
        const char *field = cs_plan_sheet_heading(c);
        cs_path_key(path, sizeof path, key, field);
        if ((rc = add_number(r, dist, field, rec, c, param->unit, path))) return rc;
    }
    return CS_OK;
}

static int read_ccg(reader *r, const record *rec, cJSON *ccgs)
{
    int rc = check_shape(r, rec, 0, 0);
    if (rc) return rc;
    char path[CS_PATH_MAX], field[CS_PATH_MAX];
    cs_path_index(path, sizeof path, "ccgs", (size_t)cJSON_GetArraySize(ccgs));
    if (!cell(rec, CS_PLAN_COL_WHAT)[0])
        return cell_error(r, rec, CS_PLAN_COL_WHAT, "expected the CCG's name under 'what it is', found an empty cell");
    cJSON *ccg = cJSON_CreateObject();
    if (!ccg || !cJSON_AddItemToArray(ccgs, ccg)) {
        cJSON_Delete(ccg);
        return cs_error_fail(r->err, r->file, "out of memory");
    }
    cs_path_key(field, sizeof field, path, "name");
    if ((rc = remember(r, path, rec, CS_PLAN_COL_WHAT)) || (rc = remember(r, field, rec, CS_PLAN_COL_WHAT)) ||
        (rc = add_item(r, ccg, "name", cJSON_CreateString(cell(rec, CS_PLAN_COL_WHAT)))))
        return rc;
    cs_path_key(field, sizeof field, path, "population");
    return add_number(r, ccg, "population", rec, CS_PLAN_COL_VALUE, CS_UNIT_COUNT, field);
}

static int read_correlation(reader *r, const record *rec, cJSON *correlations)
{
    int rc = check_shape(r, rec, 0, 0);
    if (rc) return rc;
    char path[CS_PATH_MAX], field[CS_PATH_MAX], names[2][64];
    cs_path_index(path, sizeof path, "correlations", (size_t)cJSON_GetArraySize(correlations));
    const char *between = cell(rec, CS_PLAN_COL_WHAT);
    const char *tilde = strchr(between, '~');
    if (!tilde || sscanf(between, " %63[^~ ] ~ %63s", names[0], names[1]) != 2)
        return cell_error(r, rec, CS_PLAN_COL_WHAT, "expected the two inputs as 'churn ~ in_house_share', got '%.80s'",
                          between);
    cJSON *entry = cJSON_CreateObject();
    if (!entry || !cJSON_AddItemToArray(correlations, entry)) {
        cJSON_Delete(entry);
        return cs_error_fail(r->err, r->file, "out of memory");
    }
    const char *pair[2] = {names[0], names[1]};
    cs_path_key(field, sizeof field, path, "between");
    if ((rc = remember(r, path, rec, CS_PLAN_COL_WHAT)) || (rc = remember(r, field, rec, CS_PLAN_COL_WHAT)) ||
        (rc = add_item(r, entry, "between", cJSON_CreateStringArray(pair, 2))))
        return rc;
    cs_path_key(field, sizeof field, path, "rank");
    return add_number(r, entry, "rank", rec, CS_PLAN_COL_VALUE, CS_UNIT_NUMBER, field);
}

/* The object ROOT[KEY], made when missing. */
static cJSON *section(reader *r, cJSON *root, const char *key)
{
    cJSON *object = cJSON_GetObjectItemCaseSensitive(root, key);
    if (object) return object;
    object = cJSON_CreateObject();
    if (add_item(r, root, key, object) != CS_OK) return NULL;
    return object;
}

/* "provenance.KEY": text, a number, true or false. */
static int read_provenance(reader *r, const record *rec, const char *field, cJSON *provenance)
{
    int rc = check_shape(r, rec, 0, 0);
    if (rc || (rc = remember(r, cell(rec, 0), rec, CS_PLAN_COL_VALUE))) return rc;
    const char *text = cell(rec, CS_PLAN_COL_VALUE);
    double value;
    char *end;
    value = strtod(text, &end);
    cJSON *item = strcmp(text, "true") == 0    ? cJSON_CreateTrue()
                  : strcmp(text, "false") == 0 ? cJSON_CreateFalse()
                  : text[0] && !*end && strcmp(cell(rec, CS_PLAN_COL_UNIT), "number") == 0 ? cJSON_CreateNumber(value)
                                                                                            : cJSON_CreateString(text);
    return add_item(r, provenance, field, item);
}

/* The keys a table row may have (for "did you mean"). */
static const char *closest_key(const char *key)
{
    static const char *const others[] = {
        "ccg", "correlation", "claims.turnover", "claims.margin", "criteria.min_margin", "criteria.max_deficit",
        "criteria.proceed_at", "criteria.rigorous_at", "criteria.optimism_quantile",
    };
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < cs_plan_n_params && n < 64; i++) names[n++] = cs_plan_params[i].key;
    for (size_t i = 0; i < sizeof others / sizeof others[0] && n < 64; i++) names[n++] = others[i];
    return cs_closest_word(key, names, n);
}

static int read_row(reader *r, const record *rec, cJSON *root, cJSON *ccgs, cJSON *correlations)
{
    const char *key = cell(rec, 0);
    if (strcmp(key, "ccg") == 0) return read_ccg(r, rec, ccgs);
    if (strcmp(key, "correlation") == 0) return read_correlation(r, rec, correlations);
    /* Every other key once. */
    for (const record *earlier = &r->records[r->heading + 1]; earlier < rec; earlier++)
        if (strcmp(cell(earlier, 0), key) == 0)
            return cell_error(r, rec, 0, "'%s' is already on row %zu", key, earlier->row);
    const cs_param *param = cs_param_find(key);
    if (param) return read_param(r, rec, param, root);
    if (strncmp(key, "criteria.", 9) == 0 && key[9]) {
        int rc = check_shape(r, rec, 0, 0);
        cJSON *criteria = rc ? NULL : section(r, root, "criteria");
        if (rc || !criteria) return rc ? rc : r->err->code;
        if ((rc = remember(r, key, rec, CS_PLAN_COL_KEY))) return rc;
        return add_number(r, criteria, key + 9, rec, CS_PLAN_COL_VALUE, CS_UNIT_SHARE, key);
    }
    if (strcmp(key, "claims.turnover") == 0 || strcmp(key, "claims.margin") == 0) {
        int rc = check_shape(r, rec, 1, 0);
        cJSON *claims = rc ? NULL : section(r, root, "claims");
        if (rc || !claims) return rc ? rc : r->err->code;
        if (cell(rec, CS_PLAN_COL_VALUE)[0])
            return cell_error(r, rec, CS_PLAN_COL_VALUE, "claims are by year: leave 'value' empty");
        cJSON *values;
        rc = yearly_array(r, rec, CS_UNIT_MONEY, key, &values);
        if (rc) {
            cJSON_Delete(values);
            return rc;
        }
        return add_item(r, claims, key + 7, values);
    }
    if (strncmp(key, "provenance.", 11) == 0 && key[11]) {
        cJSON *provenance = section(r, root, "provenance");
        return provenance ? read_provenance(r, rec, key + 11, provenance) : r->err->code;
    }
    const char *hint = closest_key(key);
    return cell_error(r, rec, 0, "unknown key '%.60s'%s%s%s", key, hint ? " (did you mean '" : "", hint ? hint : "",
                      hint ? "'?)" : " (expected a plan parameter, ccg, correlation, criteria.KEY, claims.turnover, "
                                     "claims.margin or provenance.KEY)");
}

/* --- A loader error, put back on its cell. --------------------------------- */

static void locate(reader *r, cs_error *err)
{
    const origin *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < r->n_origins; i++) {
        const origin *o = &r->origins[i];
        size_t len = strlen(o->path);
        if (strncmp(err->path, o->path, len) != 0) continue;
        char next = err->path[len];
        if ((next == '\0' || next == '.' || next == '[') && len >= best_len) {
            best = o;
            best_len = len;
        }
    }
    if (!best && strncmp(err->path, "correlations", 12) == 0) /* the whole list: its first row */
        for (size_t i = 0; i < r->n_origins && !best; i++)
            if (strncmp(r->origins[i].path, "correlations", 12) == 0) best = &r->origins[i];
    char path[sizeof err->path];
    if (best) where(r, &r->records[best->record], best->column, path, sizeof path);
    else if (err->path[0]) snprintf(path, sizeof path, "no row for '%.200s'", err->path);
    else return;
    snprintf(err->path, sizeof err->path, "%s", path);
}

int cs_plan_sheet_import(const char *file, cJSON **plan_json, cs_error *err)
{
    *plan_json = NULL;
    reader r = {.file = file, .err = err};
    cJSON *root = cJSON_CreateObject();
    if (!root) return cs_error_fail(err, file, "out of memory");
    int rc = parse_csv(&r);
    size_t first = 0;
    if (!rc) rc = read_header(&r, root, &first);
    if (!rc) rc = read_heading(&r, first);
    /* The CCGs after the header block, as a plan file has them; the correlations last. */
    cJSON *ccgs = rc ? NULL : cJSON_CreateArray(), *correlations = rc ? NULL : cJSON_CreateArray();
    if (!rc && (!correlations || (rc = add_item(&r, root, "ccgs", ccgs)) != CS_OK)) {
        if (!rc) cJSON_Delete(ccgs);
        rc = cs_error_fail(err, file, "out of memory");
    }
    for (size_t i = first + 1; !rc && i < r.n_records; i++)
        if (!is_blank(&r.records[i])) rc = read_row(&r, &r.records[i], root, ccgs, correlations);
    if (!rc && cJSON_GetArraySize(ccgs) == 0) cJSON_DeleteItemFromObjectCaseSensitive(root, "ccgs");
    if (!rc && cJSON_GetArraySize(correlations) > 0) {
        rc = add_item(&r, root, "correlations", correlations);
        correlations = NULL;
    }
    if (!rc) { /* the loader's checks, every one a JSON file gets */
        cs_plan plan;
        rc = cs_plan_from_json(&plan, root, file, err);
        cs_plan_free(&plan);
        if (rc == CS_ERR_INPUT) locate(&r, err);
    }
    cJSON_Delete(correlations);
    free_records(&r);
    if (rc) {
        cJSON_Delete(root);
        return rc;
    }
    *plan_json = root;
    return CS_OK;
}
