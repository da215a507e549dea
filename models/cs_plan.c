/*
** cs_plan.c: plan defaults, the parameter table, loading from JSON, copying
** and freeing.  Every key of docs/model.md's plan table is read here; an unknown
** key is an error, never a silent default.
*/
#include "cs_plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_json.h"

#define NUMBER(field, lo, hi) {#field, CS_PARAM_NUMBER, offsetof(cs_plan, field), lo, hi}
#define DIST(field) {#field, CS_PARAM_DIST, offsetof(cs_plan, field), 0, 0}

const cs_param cs_plan_params[] = {
    DIST(population_growth),
    NUMBER(envelope_per_head, 0, INFINITY),
    DIST(envelope_change),
    DIST(in_house_share),
    {"price_per_head", CS_PARAM_PRICE, offsetof(cs_plan, price_per_head), 0, INFINITY},
    DIST(price_realisation),
    DIST(churn),
    NUMBER(price_elasticity, 0, INFINITY),
    DIST(other_income),
    NUMBER(staff_cost, 0, INFINITY),
    NUMBER(variable_share, 0, 1),
    DIST(pay_inflation),
    NUMBER(efficiency_plan, -INFINITY, 1),
    DIST(efficiency_delivery),
    NUMBER(nonpay_cost, 0, INFINITY),
    DIST(nonpay_inflation),
    NUMBER(redundancy_factor, 0, INFINITY),
    NUMBER(hosting_fee_rate, 0, 1),
    NUMBER(oversight_cost, 0, INFINITY),
    NUMBER(transition_cost_rate, 0, INFINITY),
    NUMBER(leadership_risk, 0, 1),
    NUMBER(leadership_churn, 0, 1),
    NUMBER(leadership_cost_rate, 0, INFINITY),
    NUMBER(opening_reserve, -INFINITY, INFINITY),
};
const size_t cs_plan_n_params = sizeof cs_plan_params / sizeof cs_plan_params[0];

/* Keys that are not adjustable parameters. */
static const char *const plan_other_keys[] = {
    "id", "name", "checkpoint2", "start_year", "years", "freestanding_year",
    "ccgs", "criteria", "claims", "provenance",
};
#define N_OTHER_KEYS (sizeof plan_other_keys / sizeof plan_other_keys[0])

static const char *const criteria_keys[] = {
    "min_margin", "max_deficit", "proceed_at", "rigorous_at", "optimism_quantile",
};
static const char *const checkpoint2_values[] = {"proceed", "rigorous", "stopped"};

const cs_param *cs_param_find(const char *key)
{
    for (size_t i = 0; i < cs_plan_n_params; i++)
        if (strcmp(cs_plan_params[i].key, key) == 0) return &cs_plan_params[i];
    return NULL;
}

int cs_param_check_number(const cs_param *param, double value, char *why, size_t why_len)
{
    if (value >= param->min && value <= param->max) return 0;
    if (isinf(param->max)) snprintf(why, why_len, "expected a number >= %g, found %g", param->min, value);
    else if (isinf(param->min)) snprintf(why, why_len, "expected a number <= %g, found %g", param->max, value);
    else snprintf(why, why_len, "expected a number in [%g, %g], found %g", param->min, param->max, value);
    return -1;
}

static void make_default(cs_dist *d, const cs_dist_family *family, double a, double b, double c, double e)
{
    double params[CS_DIST_MAX_PARAMS] = {a, b, c, e};
    char why[128];
    cs_dist_make(d, family, params, why, sizeof why);
}

void cs_plan_init(cs_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    plan->start_year = 2013;
    plan->years = 5;
    plan->freestanding_year = 2016;
    make_default(&plan->population_growth, &cs_dist_normal, 0.007, 0.003, -INFINITY, INFINITY);
    plan->envelope_per_head = 25.0;
    cs_dist_set_fixed(&plan->envelope_change, 0.0);
    make_default(&plan->in_house_share, &cs_dist_beta, 0.5, 0.08, 0, 0);
    make_default(&plan->price_realisation, &cs_dist_normal, 0.98, 0.03, 0.8, 1.1);
    make_default(&plan->churn, &cs_dist_beta, 0.02, 0.015, 0, 0);
    plan->price_elasticity = 0.5;
    cs_dist_set_fixed(&plan->other_income, 0.0);
    plan->variable_share = 0.6;
    make_default(&plan->pay_inflation, &cs_dist_normal, 0.01, 0.005, -INFINITY, INFINITY);
    plan->efficiency_plan = 0.0;
    make_default(&plan->efficiency_delivery, &cs_dist_beta, 0.7, 0.15, 0, 0);
    make_default(&plan->nonpay_inflation, &cs_dist_normal, 0.02, 0.01, -INFINITY, INFINITY);
    plan->redundancy_factor = 1.0;
    plan->hosting_fee_rate = 0.01;
    plan->oversight_cost = 0.0;
    plan->transition_cost_rate = 0.0;
    plan->leadership_risk = 0.08;
    plan->leadership_churn = 0.10;
    plan->leadership_cost_rate = 0.01;
    plan->opening_reserve = 0.0;
    plan->criteria = (cs_criteria){.min_margin = 0.0, .max_deficit = 0.02, .proceed_at = 0.8,
                                   .rigorous_at = 0.5, .optimism_quantile = 0.75};
}

void cs_plan_free(cs_plan *plan)
{
    free(plan->file);
    free(plan->id);
    free(plan->name);
    free(plan->checkpoint2);
    for (size_t i = 0; i < plan->n_ccgs; i++) free(plan->ccgs[i].name);
    free(plan->ccgs);
    free(plan->price_per_head);
    free(plan->claim_turnover);
    free(plan->claim_margin);
    cJSON_Delete(plan->provenance);
    cs_plan_init(plan);
}

double cs_plan_population(const cs_plan *plan)
{
    double total = 0;
    for (size_t i = 0; i < plan->n_ccgs; i++) total += plan->ccgs[i].population;
    return total;
}

static int read_param(cs_plan *plan, const cs_param *param, const cJSON *item, const char *file,
                      cs_error *err)
{
    char why[256];
    int rc;
    switch (param->kind) {
    case CS_PARAM_DIST:
        return cs_dist_from_json(cs_param_dist(plan, param), item, file, param->key, err);
    case CS_PARAM_NUMBER: {
        double value;
        rc = cs_json_number(item, file, param->key, &value, err);
        if (rc) return rc;
        if (cs_param_check_number(param, value, why, sizeof why) != 0)
            return cs_error_input(err, file, param->key, "%s", why);
        *cs_param_number(plan, param) = value;
        return CS_OK;
    }
    case CS_PARAM_PRICE:
        rc = cs_json_numbers(item, 1, file, param->key, &plan->price_per_head, &plan->n_prices, err);
        if (rc) return rc;
        for (size_t i = 0; i < plan->n_prices; i++)
            if (!(plan->price_per_head[i] >= 0)) {
                char path[CS_PATH_MAX];
                cs_path_index(path, sizeof path, param->key, i);
                return cs_error_input(err, file, plan->n_prices > 1 ? path : param->key,
                                      "expected a price >= 0, found %g", plan->price_per_head[i]);
            }
        return CS_OK;
    }
    return CS_OK;
}

static int read_ccgs(cs_plan *plan, const cJSON *item, const char *file, cs_error *err)
{
    if (!cJSON_IsArray(item))
        return cs_error_input(err, file, "ccgs", "expected an array of {name, population}, found %s",
                              cs_json_type_name(item));
    size_t n = (size_t)cJSON_GetArraySize(item);
    if (n == 0) return cs_error_input(err, file, "ccgs", "expected at least one CCG, found an empty array");
    plan->ccgs = calloc(n, sizeof *plan->ccgs);
    if (!plan->ccgs) return cs_error_fail(err, file, "out of memory");
    plan->n_ccgs = n;
    static const char *const ccg_keys[] = {"name", "population"};
    size_t i = 0;
    for (const cJSON *ccg = item->child; ccg; ccg = ccg->next, i++) {
        char path[CS_PATH_MAX], field_path[CS_PATH_MAX];
        cs_path_index(path, sizeof path, "ccgs", i);
        int rc = cs_json_check_keys(ccg, ccg_keys, 2, file, path, err);
        if (rc) return rc;
        cs_path_key(field_path, sizeof field_path, path, "name");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(ccg, "name");
        if (!name) return cs_error_input(err, file, field_path, "missing: every CCG needs a name");
        rc = cs_json_string(name, file, field_path, &plan->ccgs[i].name, err);
        if (rc) return rc;
        cs_path_key(field_path, sizeof field_path, path, "population");
        const cJSON *population = cJSON_GetObjectItemCaseSensitive(ccg, "population");
        if (!population) return cs_error_input(err, file, field_path, "missing: every CCG needs a population");
        rc = cs_json_number(population, file, field_path, &plan->ccgs[i].population, err);
        if (rc) return rc;
        if (!(plan->ccgs[i].population > 0))
            return cs_error_input(err, file, field_path, "expected a population > 0, found %g",
                                  plan->ccgs[i].population);
    }
    return CS_OK;
}

static int read_criteria(cs_plan *plan, const cJSON *item, const char *file, cs_error *err)
{
    size_t n = sizeof criteria_keys / sizeof criteria_keys[0];
    int rc = cs_json_check_keys(item, criteria_keys, n, file, "criteria", err);
    if (rc) return rc;
    double *fields[] = {&plan->criteria.min_margin, &plan->criteria.max_deficit,
                        &plan->criteria.proceed_at, &plan->criteria.rigorous_at,
                        &plan->criteria.optimism_quantile};
    for (size_t i = 0; i < n; i++) {
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(item, criteria_keys[i]);
        if (!value) continue;
        char path[CS_PATH_MAX];
        cs_path_key(path, sizeof path, "criteria", criteria_keys[i]);
        rc = cs_json_number(value, file, path, fields[i], err);
        if (rc) return rc;
        int is_probability = i >= 2;
        if (is_probability && !(*fields[i] >= 0 && *fields[i] <= 1))
            return cs_error_input(err, file, path, "expected a number in [0, 1], found %g", *fields[i]);
        if (i == 1 && !(*fields[i] >= 0))
            return cs_error_input(err, file, path, "expected a number >= 0, found %g", *fields[i]);
    }
    return CS_OK;
}

static int read_claims(cs_plan *plan, const cJSON *item, const char *file, cs_error *err)
{
    static const char *const claim_keys[] = {"turnover", "margin"};
    int rc = cs_json_check_keys(item, claim_keys, 2, file, "claims", err);
    if (rc) return rc;
    double **arrays[] = {&plan->claim_turnover, &plan->claim_margin};
    for (size_t i = 0; i < 2; i++) {
        char path[CS_PATH_MAX];
        cs_path_key(path, sizeof path, "claims", claim_keys[i]);
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(item, claim_keys[i]);
        if (!value) return cs_error_input(err, file, path, "missing: claims need both turnover and margin");
        size_t count = 0;
        rc = cs_json_numbers(value, 0, file, path, arrays[i], &count, err);
        if (rc) return rc;
        if (count != (size_t)plan->years)
            return cs_error_input(err, file, path, "expected %d values (one per year), found %zu",
                                  plan->years, count);
    }
    return CS_OK;
}

static int read_year_field(const cJSON *root, const char *key, int lo, int hi, int *out,
                           const char *file, cs_error *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!item) return CS_OK;
    int rc = cs_json_int(item, file, key, out, err);
    if (rc) return rc;
    if (*out < lo || *out > hi)
        return cs_error_input(err, file, key, "expected a whole number from %d to %d, found %d", lo, hi, *out);
    return CS_OK;
}

static int read_required_string(const cJSON *root, const char *key, char **out, const char *file,
                                cs_error *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!item) return cs_error_input(err, file, key, "missing: a plan needs '%s'", key);
    int rc = cs_json_string(item, file, key, out, err);
    if (rc) return rc;
    if (!(*out)[0]) return cs_error_input(err, file, key, "expected a non-empty string");
    return CS_OK;
}

static int check_id(const char *id, const char *file, cs_error *err)
{
    for (const char *c = id; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
            return cs_error_input(err, file, "id",
                                  "expected a slug of lower-case letters, digits, '-' and '_', found '%s'", id);
    return CS_OK;
}

int cs_plan_finish(cs_plan *plan, const char *file, cs_error *err)
{
    if (plan->n_prices == 1 && plan->years > 1) {
        double *prices = malloc((size_t)plan->years * sizeof *prices);
        if (!prices) return cs_error_fail(err, file, "out of memory");
        for (int t = 0; t < plan->years; t++) prices[t] = plan->price_per_head[0];
        free(plan->price_per_head);
        plan->price_per_head = prices;
        plan->n_prices = (size_t)plan->years;
    }
    if (plan->n_prices != (size_t)plan->years)
        return cs_error_input(err, file, "price_per_head",
                              "expected one number or an array of %d prices (one per year), found %zu",
                              plan->years, plan->n_prices);
    return CS_OK;
}

int cs_plan_from_json(cs_plan *plan, const cJSON *root, const char *file, cs_error *err)
{
    cs_plan_init(plan);
    plan->file = cs_strdup(file);
    if (!plan->file) return cs_error_fail(err, file, "out of memory");
    if (!cJSON_IsObject(root))
        return cs_error_input(err, file, NULL, "expected a plan object at the top, found %s",
                              cs_json_type_name(root));

    const char *allowed[64];
    size_t n_allowed = 0;
    for (size_t i = 0; i < N_OTHER_KEYS; i++) allowed[n_allowed++] = plan_other_keys[i];
    for (size_t i = 0; i < cs_plan_n_params; i++) allowed[n_allowed++] = cs_plan_params[i].key;
    int rc = cs_json_check_keys(root, allowed, n_allowed, file, "", err);
    if (rc) return rc;

    if ((rc = read_required_string(root, "id", &plan->id, file, err))) return rc;
    if ((rc = check_id(plan->id, file, err))) return rc;
    if ((rc = read_required_string(root, "name", &plan->name, file, err))) return rc;
    const cJSON *outcome = cJSON_GetObjectItemCaseSensitive(root, "checkpoint2");
    if (outcome) {
        if ((rc = cs_json_string(outcome, file, "checkpoint2", &plan->checkpoint2, err))) return rc;
        int known = 0;
        for (size_t i = 0; i < 3; i++) known |= strcmp(plan->checkpoint2, checkpoint2_values[i]) == 0;
        if (!known)
            return cs_error_input(err, file, "checkpoint2",
                                  "expected one of proceed, rigorous, stopped, found '%s'", plan->checkpoint2);
    }
    if ((rc = read_year_field(root, "start_year", 1900, 2200, &plan->start_year, file, err))) return rc;
    if ((rc = read_year_field(root, "years", 1, CS_MAX_YEARS, &plan->years, file, err))) return rc;
    if ((rc = read_year_field(root, "freestanding_year", 1900, 2200, &plan->freestanding_year, file, err)))
        return rc;

    const cJSON *ccgs = cJSON_GetObjectItemCaseSensitive(root, "ccgs");
    if (!ccgs) return cs_error_input(err, file, "ccgs", "missing: a plan needs at least one CCG");
    if ((rc = read_ccgs(plan, ccgs, file, err))) return rc;

    for (size_t i = 0; i < cs_plan_n_params; i++) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, cs_plan_params[i].key);
        if (item && (rc = read_param(plan, &cs_plan_params[i], item, file, err))) return rc;
    }
    static const char *const required[] = {"price_per_head", "staff_cost", "nonpay_cost"};
    for (size_t i = 0; i < 3; i++)
        if (!cJSON_GetObjectItemCaseSensitive(root, required[i]))
            return cs_error_input(err, file, required[i], "missing: a plan needs '%s'", required[i]);

    const cJSON *criteria = cJSON_GetObjectItemCaseSensitive(root, "criteria");
    if (criteria && (rc = read_criteria(plan, criteria, file, err))) return rc;
    const cJSON *claims = cJSON_GetObjectItemCaseSensitive(root, "claims");
    if (claims && (rc = read_claims(plan, claims, file, err))) return rc;
    const cJSON *provenance = cJSON_GetObjectItemCaseSensitive(root, "provenance");
    if (provenance) {
        if (!cJSON_IsObject(provenance))
            return cs_error_input(err, file, "provenance", "expected an object, found %s",
                                  cs_json_type_name(provenance));
        plan->provenance = cJSON_Duplicate(provenance, 1);
    }
    return cs_plan_finish(plan, file, err);
}

int cs_plan_load(cs_plan *plan, const char *file, cs_error *err)
{
    cJSON *root = NULL;
    cs_plan_init(plan);
    int rc = cs_json_parse_file(file, &root, err);
    if (rc) return rc;
    rc = cs_plan_from_json(plan, root, file, err);
    cJSON_Delete(root);
    return rc;
}

static int copy_doubles(double **dst, const double *src, size_t n)
{
    *dst = NULL;
    if (!src) return 0;
    *dst = malloc(n * sizeof **dst);
    if (!*dst) return -1;
    memcpy(*dst, src, n * sizeof **dst);
    return 0;
}

static int copy_string(char **dst, const char *src)
{
    *dst = NULL;
    if (!src) return 0;
    *dst = cs_strdup(src);
    return *dst ? 0 : -1;
}

int cs_plan_clone(cs_plan *dst, const cs_plan *src, cs_error *err)
{
    *dst = *src;
    dst->file = dst->id = dst->name = dst->checkpoint2 = NULL;
    dst->ccgs = NULL;
    dst->n_ccgs = 0;
    dst->price_per_head = dst->claim_turnover = dst->claim_margin = NULL;
    dst->provenance = NULL;
    int failed = copy_string(&dst->file, src->file) | copy_string(&dst->id, src->id) |
                 copy_string(&dst->name, src->name) | copy_string(&dst->checkpoint2, src->checkpoint2) |
                 copy_doubles(&dst->price_per_head, src->price_per_head, src->n_prices) |
                 copy_doubles(&dst->claim_turnover, src->claim_turnover, (size_t)src->years) |
                 copy_doubles(&dst->claim_margin, src->claim_margin, (size_t)src->years);
    if (src->provenance) {
        dst->provenance = cJSON_Duplicate(src->provenance, 1);
        failed |= !dst->provenance;
    }
    dst->ccgs = calloc(src->n_ccgs ? src->n_ccgs : 1, sizeof *dst->ccgs);
    if (dst->ccgs) {
        dst->n_ccgs = src->n_ccgs;
        for (size_t i = 0; i < src->n_ccgs; i++) {
            dst->ccgs[i].population = src->ccgs[i].population;
            failed |= copy_string(&dst->ccgs[i].name, src->ccgs[i].name);
        }
    } else failed = 1;
    if (failed) {
        cs_plan_free(dst);
        return cs_error_fail(err, src->file, "out of memory copying the plan");
    }
    return CS_OK;
}
