/*
** cs_plan_sheet.c: a plan written as a sheet (the layout is in
** cs_plan_sheet.h; reading it back is cs_plan_sheet_read.c).
*/
#include "cs_plan_sheet.h"

#include <math.h>
#include <string.h>

#include "cs_inputs.h"
#include "cs_json.h"
#include "cs_report.h"

static const char *const headings[CS_PLAN_COL_YEAR0] = {
    "key", "what it is", "unit", "distribution", "mean", "sd", "min", "mode", "max", "value",
};

const char *cs_plan_sheet_heading(size_t column) { return column < CS_PLAN_COL_YEAR0 ? headings[column] : ""; }

const char *cs_plan_sheet_unit_name(cs_unit unit)
{
    switch (unit) {
    case CS_UNIT_MONEY: return "£";
    case CS_UNIT_PER_HEAD: return "£ per head";
    case CS_UNIT_SHARE: return "share (0 to 1)";
    case CS_UNIT_RATE: return "rate a year";
    case CS_UNIT_MULTIPLIER: return "multiplier";
    case CS_UNIT_COUNT: return "count";
    case CS_UNIT_NUMBER: return "number";
    }
    return "";
}

static const char *const criteria_keys[] = {"min_margin", "max_deficit", "proceed_at", "rigorous_at",
                                            "optimism_quantile"};

static void header_row(cs_sheet *sheet, const char *key, const char *text, double number)
{
    cs_sheet_new_row(sheet);
    cs_sheet_text(sheet, 0, key);
    cs_sheet_text(sheet, 1, cs_key_label(key));
    if (text) cs_sheet_text(sheet, CS_PLAN_HEADER_VALUE, text);
    else cs_sheet_number(sheet, CS_PLAN_HEADER_VALUE, number);
}

/* A table row's first three cells. */
static void item_row(cs_sheet *sheet, const char *key, const char *what, const char *unit)
{
    cs_sheet_new_row(sheet);
    cs_sheet_text(sheet, CS_PLAN_COL_KEY, key);
    cs_sheet_text(sheet, CS_PLAN_COL_WHAT, what);
    cs_sheet_text(sheet, CS_PLAN_COL_UNIT, unit);
}

static size_t field_column(const char *field)
{
    for (size_t c = CS_PLAN_COL_MEAN; c <= CS_PLAN_COL_VALUE; c++)
        if (strcmp(headings[c], field) == 0) return c;
    return CS_PLAN_COL_VALUE;
}

static void dist_cells(cs_sheet *sheet, const cs_dist *dist, cs_unit unit)
{
    if (cs_dist_is_fixed(dist)) {
        cs_sheet_amount(sheet, CS_PLAN_COL_VALUE, unit, dist->param[0]);
        return;
    }
    cs_sheet_text(sheet, CS_PLAN_COL_DIST, dist->family->name);
    size_t n = cs_dist_field_count(dist->family);
    for (size_t i = 0; i < n; i++)
        if (isfinite(dist->param[i]))
            cs_sheet_amount(sheet, field_column(dist->family->field[i]), unit, dist->param[i]);
}

static void yearly_cells(cs_sheet *sheet, const double *values, size_t n, cs_unit unit)
{
    for (size_t t = 0; t < n; t++) cs_sheet_amount(sheet, CS_PLAN_COL_YEAR0 + t, unit, values[t]);
}

static void param_row(cs_sheet *sheet, const cs_plan *plan, const cs_param *param)
{
    item_row(sheet, param->key, param->label, cs_plan_sheet_unit_name(param->unit));
    cs_plan *view = (cs_plan *)plan;
    switch (param->kind) {
    case CS_PARAM_NUMBER: cs_sheet_amount(sheet, CS_PLAN_COL_VALUE, param->unit, *cs_param_number(view, param)); break;
    case CS_PARAM_DIST: dist_cells(sheet, cs_param_dist(view, param), param->unit); break;
    case CS_PARAM_PRICE: yearly_cells(sheet, plan->price_per_head, plan->n_prices, param->unit); break;
    }
}

static void provenance_rows(cs_sheet *sheet, const cJSON *provenance)
{
    for (const cJSON *item = provenance ? provenance->child : NULL; item; item = item->next) {
        char key[CS_PATH_MAX];
        cs_path_key(key, sizeof key, "provenance", item->string);
        item_row(sheet, key, cs_key_label("provenance"), cJSON_IsNumber(item) ? "number" : "text");
        if (cJSON_IsNumber(item)) cs_sheet_number(sheet, CS_PLAN_COL_VALUE, item->valuedouble);
        else if (cJSON_IsString(item)) cs_sheet_text(sheet, CS_PLAN_COL_VALUE, item->valuestring);
        else if (cJSON_IsBool(item)) cs_sheet_text(sheet, CS_PLAN_COL_VALUE, cJSON_IsTrue(item) ? "true" : "false");
    }
}

int cs_plan_sheet_export(const cJSON *root, const cs_plan *plan, int full, cs_sheet *out, cs_error *err)
{
    cs_sheet_init(out);
    header_row(out, "id", plan->id, 0);
    header_row(out, "name", plan->name, 0);
    if (plan->checkpoint2) header_row(out, "checkpoint2", plan->checkpoint2, 0);
    header_row(out, "start_year", NULL, plan->start_year);
    header_row(out, "years", NULL, plan->years);
    header_row(out, "freestanding_year", NULL, plan->freestanding_year);
    cs_sheet_new_row(out);

    cs_sheet_new_row(out);
    for (size_t c = 0; c < CS_PLAN_COL_YEAR0; c++) cs_sheet_text(out, c, headings[c]);
    for (int t = 0; t < plan->years; t++) {
        char label[16];
        cs_year_label(plan->start_year + t, label, sizeof label);
        cs_sheet_text(out, CS_PLAN_COL_YEAR0 + (size_t)t, label);
    }
    for (size_t i = 0; i < plan->n_ccgs; i++) {
        item_row(out, "ccg", plan->ccgs[i].name, "people");
        cs_sheet_number(out, CS_PLAN_COL_VALUE, plan->ccgs[i].population);
    }
    for (size_t i = 0; i < cs_plan_n_params; i++)
        if (full || cJSON_GetObjectItemCaseSensitive(root, cs_plan_params[i].key))
            param_row(out, plan, &cs_plan_params[i]);

    const cJSON *criteria = cJSON_GetObjectItemCaseSensitive(root, "criteria");
    const double criteria_values[] = {plan->criteria.min_margin, plan->criteria.max_deficit,
                                      plan->criteria.proceed_at, plan->criteria.rigorous_at,
                                      plan->criteria.optimism_quantile};
    for (size_t i = 0; i < sizeof criteria_keys / sizeof criteria_keys[0]; i++) {
        if (!full && !cJSON_GetObjectItemCaseSensitive(criteria, criteria_keys[i])) continue;
        char key[CS_PATH_MAX];
        cs_path_key(key, sizeof key, "criteria", criteria_keys[i]);
        item_row(out, key, cs_key_label(criteria_keys[i]), cs_plan_sheet_unit_name(CS_UNIT_SHARE));
        cs_sheet_amount(out, CS_PLAN_COL_VALUE, CS_UNIT_SHARE, criteria_values[i]);
    }
    if (plan->claim_turnover && plan->claim_margin) {
        item_row(out, "claims.turnover", cs_key_label("claims.turnover"), cs_plan_sheet_unit_name(CS_UNIT_MONEY));
        yearly_cells(out, plan->claim_turnover, (size_t)plan->years, CS_UNIT_MONEY);
        item_row(out, "claims.margin", cs_key_label("claims.margin"), cs_plan_sheet_unit_name(CS_UNIT_MONEY));
        yearly_cells(out, plan->claim_margin, (size_t)plan->years, CS_UNIT_MONEY);
    }
    for (size_t i = 0; i < plan->correlations.n; i++) {
        const cs_correlation *pair = &plan->correlations.pair[i];
        char between[128];
        snprintf(between, sizeof between, "%s ~ %s", cs_inputs[pair->a].name, cs_inputs[pair->b].name);
        item_row(out, "correlation", between, "rank correlation");
        cs_sheet_number(out, CS_PLAN_COL_VALUE, pair->rank);
    }
    provenance_rows(out, plan->provenance);
    if (out->failed) return cs_error_fail(err, plan->file, "out of memory");
    return CS_OK;
}
