/*
** cs_footprint.c: the illustrative-plan rule (see cs_footprint.h) and
** reading footprints.csv with libcsv.
*/
#include "cs_footprint.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "cs_dist.h"
#include "cs_dist_json.h"
#include "cs_json.h"

const cs_footprint_rule cs_footprint_rule_v1 = {
    .name = "footprint",
    .version = 1,
    .london_factor = 1.10,
    .staff_per_head = 9.80,
    .staff_fixed = 4.0e6,
    .nonpay_per_head = 2.30,
    .nonpay_fixed = 2.0e6,
    .other_income_per_head = 4.00,
    .other_income_sd_per_head = 1.00,
    .markup = 1.12,
    .price_uplift = 0.015,
    .in_house_mean_london = 0.50,
    .in_house_mean = 0.45,
    .in_house_sd = 0.08,
    .efficiency_plan = 0.03,
    .claims_growth = 1.007,
    .claims_margin = 0.05,
};

double cs_round_penny(double pounds) { return round(pounds * 100.0) / 100.0; }

/* Split "A; B; C" into trimmed names; returns how many (at most max). */
static size_t split_areas(const char *areas, char names[][128], size_t max)
{
    size_t count = 0;
    const char *start = areas;
    while (areas && *start && count < max) {
        const char *end = strchr(start, ';');
        if (!end) end = start + strlen(start);
        const char *first = start, *last = end;
        while (first < last && (*first == ' ' || *first == '\t')) first++;
        while (last > first && (last[-1] == ' ' || last[-1] == '\t')) last--;
        size_t len = (size_t)(last - first);
        if (len >= 128) len = 127;
        if (len > 0) {
            memcpy(names[count], first, len);
            names[count][len] = '\0';
            count++;
        }
        start = *end ? end + 1 : end;
    }
    return count;
}

/* A two-parameter distribution's JSON, through the same code plans are read with. */
static cJSON *dist_json(const cs_dist_family *family, double first, double second)
{
    cs_dist dist;
    double params[CS_DIST_MAX_PARAMS] = {first, second, -INFINITY, INFINITY};
    char why[256];
    if (cs_dist_make(&dist, family, params, why, sizeof why) != 0) return NULL;
    return cs_dist_to_json(&dist);
}

cJSON *cs_footprint_plan(const cs_footprint *fp, const cs_footprint_rule *rule, int years, cs_error *err)
{
    if (!fp->id || !fp->id[0]) { cs_error_input(err, NULL, "id", "a plan needs an id"); return NULL; }
    if (!fp->name || !fp->name[0]) { cs_error_input(err, NULL, "name", "a plan needs a name"); return NULL; }
    if (!(fp->population >= 1) || fp->population != floor(fp->population)) {
        cs_error_input(err, NULL, "population", "expected a whole number of residents >= 1, found %s", CS_NUM(fp->population));
        return NULL;
    }
    if (fp->ccgs < 1 || fp->ccgs > fp->population) {
        cs_error_input(err, NULL, "ccgs", "expected at least 1 CCG (and no more than residents), found %d", fp->ccgs);
        return NULL;
    }
    if (years < 1 || years > 30) {
        cs_error_input(err, NULL, "years", "expected 1 to 30 years, found %d", years);
        return NULL;
    }
    double P = fp->population, f = fp->london ? rule->london_factor : 1.0;
    double staff_cost = cs_round_penny(f * (rule->staff_per_head * P + rule->staff_fixed));
    double nonpay_cost = cs_round_penny(f * (rule->nonpay_per_head * P + rule->nonpay_fixed));
    double p0 = cs_round_penny(rule->markup * (staff_cost + nonpay_cost) / P - rule->other_income_per_head);

    cJSON *plan = cJSON_CreateObject();
    cJSON_AddStringToObject(plan, "id", fp->id);
    cJSON_AddStringToObject(plan, "name", fp->name);
    if (fp->checkpoint2) cJSON_AddStringToObject(plan, "checkpoint2", fp->checkpoint2);
    if (years != 5) cJSON_AddNumberToObject(plan, "years", years);

    /* CCGs: equal whole shares of P (the remainder one each to the first),
    ** named from the areas where they match one to one, else numbered. */
    char area_names[64][128];
    size_t n_areas = split_areas(fp->areas, area_names, 64);
    cJSON *ccgs = cJSON_AddArrayToObject(plan, "ccgs");
    double share = floor(P / fp->ccgs), remainder = P - share * fp->ccgs;
    for (int c = 0; c < fp->ccgs; c++) {
        char name[160];
        if (n_areas == (size_t)fp->ccgs) snprintf(name, sizeof name, "%s CCG", area_names[c]);
        else snprintf(name, sizeof name, "%s CCG %d", fp->name, c + 1);
        cJSON *ccg = cJSON_CreateObject();
        cJSON_AddStringToObject(ccg, "name", name);
        cJSON_AddNumberToObject(ccg, "population", share + (c < remainder ? 1 : 0));
        cJSON_AddItemToArray(ccgs, ccg);
    }

    cJSON_AddItemToObject(plan, "in_house_share",
                          dist_json(&cs_dist_beta, fp->london ? rule->in_house_mean_london : rule->in_house_mean,
                                    rule->in_house_sd));
    double prices[30], claim_turnover[30], claim_margin[30];
    for (int t = 0; t < years; t++) {
        prices[t] = cs_round_penny(p0 * pow(1 + rule->price_uplift, t));
        claim_turnover[t] = cs_round_penny(prices[t] * P * pow(rule->claims_growth, t) + rule->other_income_per_head * P);
        claim_margin[t] = cs_round_penny(rule->claims_margin * claim_turnover[t]);
    }
    cJSON_AddItemToObject(plan, "price_per_head", cJSON_CreateDoubleArray(prices, years));
    cJSON_AddItemToObject(plan, "other_income",
                          dist_json(&cs_dist_normal, rule->other_income_per_head * P,
                                    rule->other_income_sd_per_head * P));
    cJSON_AddNumberToObject(plan, "staff_cost", staff_cost);
    cJSON_AddNumberToObject(plan, "nonpay_cost", nonpay_cost);
    cJSON_AddNumberToObject(plan, "efficiency_plan", rule->efficiency_plan);
    cJSON *claims = cJSON_AddObjectToObject(plan, "claims");
    cJSON_AddItemToObject(claims, "turnover", cJSON_CreateDoubleArray(claim_turnover, years));
    cJSON_AddItemToObject(claims, "margin", cJSON_CreateDoubleArray(claim_margin, years));

    cJSON *provenance = cJSON_AddObjectToObject(plan, "provenance");
    cJSON_AddStringToObject(provenance, "made_by", "cssim new-plan");
    cJSON_AddStringToObject(provenance, "rule", rule->name);
    cJSON_AddNumberToObject(provenance, "rule_version", rule->version);
    cJSON_AddStringToObject(provenance, "note",
                            "Illustrative plan made from public footprint facts by the documented rule "
                            "(plans/README.md); not a real business plan. content_sha256 is the hash of the plan "
                            "as made: cssim validate says whether it was edited since.");
    cJSON_AddNumberToObject(provenance, "population", P);
    cJSON_AddNumberToObject(provenance, "ccgs", fp->ccgs);
    cJSON_AddBoolToObject(provenance, "london", fp->london);
    if (fp->areas) cJSON_AddStringToObject(provenance, "areas", fp->areas);
    return plan;
}

/* SHA-256 of PLAN printed compactly, without provenance.content_sha256, as hex. */
static int content_sha256(const cJSON *plan, char hex[65])
{
    cJSON *copy = cJSON_Duplicate(plan, 1);
    if (!copy) return CS_ERR_FAIL;
    cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(copy, "provenance"), "content_sha256");
    char *text = cJSON_PrintUnformatted(copy);
    cJSON_Delete(copy);
    if (!text) return CS_ERR_FAIL;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    int ok = EVP_Digest(text, strlen(text), digest, &length, EVP_sha256(), NULL);
    free(text);
    if (!ok || length != 32) return CS_ERR_FAIL;
    for (unsigned int i = 0; i < length; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return CS_OK;
}

int cs_footprint_seal(cJSON *plan)
{
    cJSON *provenance = cJSON_GetObjectItemCaseSensitive(plan, "provenance");
    char hex[65];
    if (!cJSON_IsObject(provenance) || content_sha256(plan, hex) != CS_OK) return CS_ERR_FAIL;
    cJSON_DeleteItemFromObjectCaseSensitive(provenance, "content_sha256");
    return cJSON_AddStringToObject(provenance, "content_sha256", hex) ? CS_OK : CS_ERR_FAIL;
}

int cs_footprint_edited(const cJSON *plan)
{
    const cJSON *provenance = cJSON_GetObjectItemCaseSensitive(plan, "provenance");
    const cJSON *recorded = cJSON_GetObjectItemCaseSensitive(provenance, "content_sha256");
    char hex[65];
    if (!cJSON_IsString(recorded) || content_sha256(plan, hex) != CS_OK) return -1;
    return strcmp(hex, recorded->valuestring) != 0;
}

/* --- footprints.csv ---------------------------------------------------- */

enum { COL_ID, COL_NAME, COL_POPULATION, COL_CCGS, COL_LONDON, COL_CHECKPOINT2, COL_AREAS, N_COLUMNS };
static const char *const column_names[N_COLUMNS] = {"id", "name", "population", "ccgs", "london",
                                                    "checkpoint2", "areas"};

typedef struct csv_reader {
    const char *file;
    cs_error *err;
    int rc;
    size_t row, field;
    int column_of_field[64];          /* header position -> column, or -1 */
    char *cells[N_COLUMNS];
    cs_footprint *list;
    size_t count, capacity;
} csv_reader;

static void on_field(void *text, size_t len, void *data)
{
    csv_reader *reader = data;
    if (reader->rc) return;
    if (reader->row == 0) {
        if (reader->field < 64) {
            reader->column_of_field[reader->field] = -1;
            for (int c = 0; c < N_COLUMNS; c++)
                if (strlen(column_names[c]) == len && memcmp(column_names[c], text, len) == 0)
                    reader->column_of_field[reader->field] = c;
        }
    } else if (reader->field < 64 && reader->column_of_field[reader->field] >= 0) {
        int column = reader->column_of_field[reader->field];
        free(reader->cells[column]);
        reader->cells[column] = malloc(len + 1);
        if (reader->cells[column]) {
            memcpy(reader->cells[column], text, len);
            reader->cells[column][len] = '\0';
        }
    }
    reader->field++;
}

static int parse_row(csv_reader *reader, cs_footprint *fp)
{
    char where[64];
    snprintf(where, sizeof where, "row %zu", reader->row + 1);
    for (int c = 0; c < N_COLUMNS; c++)
        if (!reader->cells[c])
            return cs_error_input(reader->err, reader->file, where, "missing the '%s' column", column_names[c]);
    char *end;
    errno = 0;
    fp->population = strtod(reader->cells[COL_POPULATION], &end);
    if (errno || *end || end == reader->cells[COL_POPULATION])
        return cs_error_input(reader->err, reader->file, where, "population: expected a number, found '%s'",
                              reader->cells[COL_POPULATION]);
    long ccgs = strtol(reader->cells[COL_CCGS], &end, 10);
    if (*end || end == reader->cells[COL_CCGS] || ccgs < 1 || ccgs > 10000)
        return cs_error_input(reader->err, reader->file, where, "ccgs: expected a whole number >= 1, found '%s'",
                              reader->cells[COL_CCGS]);
    fp->ccgs = (int)ccgs;
    const char *london = reader->cells[COL_LONDON];
    if (strcmp(london, "yes") != 0 && strcmp(london, "no") != 0)
        return cs_error_input(reader->err, reader->file, where, "london: expected yes or no, found '%s'", london);
    fp->london = strcmp(london, "yes") == 0;
    fp->id = cs_strdup(reader->cells[COL_ID]);
    fp->name = cs_strdup(reader->cells[COL_NAME]);
    fp->areas = cs_strdup(reader->cells[COL_AREAS]);
    fp->checkpoint2 = reader->cells[COL_CHECKPOINT2][0] ? cs_strdup(reader->cells[COL_CHECKPOINT2]) : NULL;
    return CS_OK;
}

static void footprint_free(cs_footprint *fp)
{
    free(fp->id);
    free(fp->name);
    free(fp->areas);
    free(fp->checkpoint2);
}

static void on_row(int terminator, void *data)
{
    (void)terminator;
    csv_reader *reader = data;
    if (!reader->rc && reader->row == 0) {
        for (int c = 0; c < N_COLUMNS; c++) {
            int found = 0;
            for (size_t k = 0; k < reader->field && k < 64; k++) found |= reader->column_of_field[k] == c;
            if (!found)
                reader->rc = cs_error_input(reader->err, reader->file, "header", "missing the '%s' column",
                                            column_names[c]);
        }
    } else if (!reader->rc) {
        if (reader->count == reader->capacity) {
            reader->capacity = reader->capacity ? reader->capacity * 2 : 32;
            cs_footprint *bigger = realloc(reader->list, reader->capacity * sizeof *bigger);
            if (!bigger) reader->rc = cs_error_fail(reader->err, reader->file, "out of memory");
            else reader->list = bigger;
        }
        if (!reader->rc) {
            cs_footprint *fp = &reader->list[reader->count];
            memset(fp, 0, sizeof *fp);
            reader->rc = parse_row(reader, fp);
            if (!reader->rc) reader->count++;
            else footprint_free(fp);
        }
    }
    for (int c = 0; c < N_COLUMNS; c++) {
        free(reader->cells[c]);
        reader->cells[c] = NULL;
    }
    reader->row++;
    reader->field = 0;
}

void cs_footprint_list_free(cs_footprint *list, size_t count)
{
    for (size_t i = 0; i < count; i++) footprint_free(&list[i]);
    free(list);
}

int cs_footprint_read_csv(const char *file, cs_footprint **list, size_t *count, cs_error *err)
{
    *list = NULL;
    *count = 0;
    FILE *in = fopen(file, "rb");
    if (!in) return cs_error_input(err, file, NULL, "cannot open file: %s", strerror(errno));
    struct csv_parser parser;
    csv_init(&parser, CSV_APPEND_NULL);
    csv_reader reader = {.file = file, .err = err};
    char buffer[4096];
    size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, in)) > 0)
        if (csv_parse(&parser, buffer, got, on_field, on_row, &reader) != got) {
            reader.rc = cs_error_input(err, file, NULL, "malformed CSV: %s", csv_strerror(csv_error(&parser)));
            break;
        }
    csv_fini(&parser, on_field, on_row, &reader);
    csv_free(&parser);
    fclose(in);
    for (int c = 0; c < N_COLUMNS; c++) free(reader.cells[c]);
    if (reader.rc) {
        cs_footprint_list_free(reader.list, reader.count);
        return reader.rc;
    }
    *list = reader.list;
    *count = reader.count;
    return CS_OK;
}
