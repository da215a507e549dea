/*
** cs_plan.c: plan defaults, the parameter table with each parameter's
** domain, loading from JSON (stopping at the first error, or reading on to
** report every error for `validate`), checking, copying and freeing.  Every
** key of docs/model.md's plan table is read here; an unknown key is an
** error, never a silent default.
*/
#include "cs_plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_domain.h"
#include "cs_dist_json.h"
#include "cs_json.h"

/* Domains (cs_domain.h). */
#define SHARE {0, 1, 0, 0}                         /* a share or probability */
#define RATE {-1, 1, 1, 0}                         /* yearly growth, inflation, change: above -100%, at most +100% */
#define MONEY {-CS_MONEY_MAX, CS_MONEY_MAX, 0, 0}  /* pounds, either sign */
#define COST {0, CS_MONEY_MAX, 0, 0}               /* pounds, >= 0 */
#define PER_HEAD {0, 1e4, 0, 0}                    /* pounds per head */
#define FACTOR {0, 100, 0, 0}                      /* a non-negative multiplier */
#define REALISATION {0, 10, 1, 0}                  /* a share of the planned price: above 0 */
#define ELASTICITY {0, 1e6, 0, 0}
#define EFFICIENCY {-1, 1, 0, 0}                   /* a planned yearly saving (negative: growth) */

#define NUMBER(field, domain, unit, label) {#field, CS_PARAM_NUMBER, offsetof(cs_plan, field), domain, unit, label}
#define DIST(field, domain, unit, label) {#field, CS_PARAM_DIST, offsetof(cs_plan, field), domain, unit, label}

const cs_param cs_plan_params[] = {
    DIST(population_growth, RATE, CS_UNIT_RATE, "population growth"),
    NUMBER(envelope_per_head, PER_HEAD, CS_UNIT_PER_HEAD, "running-cost allowance per head"),
    DIST(envelope_change, RATE, CS_UNIT_RATE, "yearly change in the allowance per head"),
    DIST(in_house_share, SHARE, CS_UNIT_SHARE, "CCGs' in-house share"),
    {"price_per_head", CS_PARAM_PRICE, offsetof(cs_plan, price_per_head), PER_HEAD, CS_UNIT_PER_HEAD, "price per head"},
    DIST(price_realisation, REALISATION, CS_UNIT_SHARE, "price achieved"),
    DIST(churn, SHARE, CS_UNIT_SHARE, "churn (CCGs leaving each year)"),
    NUMBER(price_elasticity, ELASTICITY, CS_UNIT_NUMBER, "price elasticity of demand"),
    DIST(other_income, MONEY, CS_UNIT_MONEY, "other income"),
    NUMBER(staff_cost, COST, CS_UNIT_MONEY, "staff cost"),
    NUMBER(variable_share, SHARE, CS_UNIT_SHARE, "variable share of cost"),
    DIST(pay_inflation, RATE, CS_UNIT_RATE, "pay inflation"),
    NUMBER(efficiency_plan, EFFICIENCY, CS_UNIT_RATE, "planned efficiency saving"),
    DIST(efficiency_delivery, SHARE, CS_UNIT_SHARE, "efficiency delivered"),
    NUMBER(nonpay_cost, COST, CS_UNIT_MONEY, "non-pay cost"),
    DIST(nonpay_inflation, RATE, CS_UNIT_RATE, "non-pay inflation"),
    NUMBER(redundancy_factor, FACTOR, CS_UNIT_MULTIPLIER, "redundancy cost factor"),
    NUMBER(hosting_fee_rate, SHARE, CS_UNIT_SHARE, "hosting fee rate"),
    NUMBER(oversight_cost, COST, CS_UNIT_MONEY, "oversight cost"),
    NUMBER(transition_cost_rate, FACTOR, CS_UNIT_MULTIPLIER, "transition cost rate"),
    NUMBER(leadership_risk, SHARE, CS_UNIT_SHARE, "risk of a leadership failure"),
    NUMBER(leadership_churn, SHARE, CS_UNIT_SHARE, "churn after a leadership failure"),
    NUMBER(leadership_cost_rate, FACTOR, CS_UNIT_MULTIPLIER, "cost of a leadership failure"),
    NUMBER(opening_reserve, MONEY, CS_UNIT_MONEY, "opening reserve"),
};
const size_t cs_plan_n_params = sizeof cs_plan_params / sizeof cs_plan_params[0];

/* Keys that are not adjustable parameters. */
static const char *const plan_other_keys[] = {
    "id", "name", "checkpoint2", "start_year", "years", "freestanding_year",
    "ccgs", "criteria", "claims", "provenance", "correlations",
};
#define N_OTHER_KEYS (sizeof plan_other_keys / sizeof plan_other_keys[0])

/* The criteria: key, domain. */
static const struct {
    const char *key;
    size_t offset;
    cs_interval domain;
} criteria_fields[] = {
    {"min_margin", offsetof(cs_criteria, min_margin), {-1, 1, 0, 0}},
    {"max_deficit", offsetof(cs_criteria, max_deficit), {0, 10, 0, 0}},
    {"proceed_at", offsetof(cs_criteria, proceed_at), SHARE},
    {"rigorous_at", offsetof(cs_criteria, rigorous_at), SHARE},
    {"optimism_quantile", offsetof(cs_criteria, optimism_quantile), SHARE},
};
#define N_CRITERIA (sizeof criteria_fields / sizeof criteria_fields[0])

static const char *const checkpoint2_values[] = {"proceed", "rigorous", "stopped"};

/* Plain-words names of the plan's other keys and its criteria. */
static const struct {
    const char *key, *label;
} other_labels[] = {
    {"min_margin", "minimum margin"},
    {"max_deficit", "deficit limit"},
    {"proceed_at", "proceed threshold"},
    {"rigorous_at", "rigorous-management threshold"},
    {"optimism_quantile", "optimism test quantile"},
    {"price", "price (multiple of the plan's)"},
    {"id", "plan id"},
    {"name", "plan name"},
    {"checkpoint2", "actual checkpoint 2 outcome"},
    {"start_year", "first year"},
    {"years", "years simulated"},
    {"freestanding_year", "year it stands alone"},
    {"ccgs", "CCGs"},
    {"claims", "the plan's claims"},
    {"claims.turnover", "the plan's claimed turnover"},
    {"claims.margin", "the plan's claimed margin"},
    {"provenance", "where the plan came from"},
    {"correlations", "correlations"},
};

const char *cs_key_label(const char *key)
{
    const cs_param *param = cs_param_find(key);
    if (param) return param->label;
    for (size_t i = 0; i < sizeof other_labels / sizeof other_labels[0]; i++)
        if (strcmp(other_labels[i].key, key) == 0) return other_labels[i].label;
    return key;
}

const cs_param *cs_param_find(const char *key)
{
    for (size_t i = 0; i < cs_plan_n_params; i++)
        if (strcmp(cs_plan_params[i].key, key) == 0) return &cs_plan_params[i];
    return NULL;
}

int cs_param_check_number(const cs_param *param, double value, char *why, size_t why_len)
{
    return cs_domain_check_number(&param->domain, value, why, why_len);
}

int cs_param_check_dist(const cs_param *param, const cs_dist *dist, char *why, size_t why_len)
{
    return cs_domain_check_dist(&param->domain, dist, why, why_len);
}

int cs_param_check(const cs_param *param, const cs_plan *plan, char *why, size_t why_len, int *year)
{
    cs_plan *view = (cs_plan *)plan;
    *year = -1;
    switch (param->kind) {
    case CS_PARAM_NUMBER: return cs_param_check_number(param, *cs_param_number(view, param), why, why_len);
    case CS_PARAM_DIST: return cs_param_check_dist(param, cs_param_dist(view, param), why, why_len);
    case CS_PARAM_PRICE:
        for (size_t t = 0; t < plan->n_prices; t++)
            if (cs_param_check_number(param, plan->price_per_head[t], why, why_len) != 0) {
                *year = (int)t;
                return -1;
            }
        return 0;
    }
    return 0;
}

int cs_check_slug(const char *id, char *why, size_t why_len)
{
    size_t len = strlen(id);
    int ok = len >= 1 && len <= 64;
    for (const char *c = id; ok && *c; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || (*c == '-' && c != id);
    if (ok) return 0;
    snprintf(why, why_len,
             "expected a slug of lower-case letters, digits and '-' (starting with a letter or digit, at most 64 "
             "characters), found '%.80s'", id);
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

/* Loading.  A reader either stops at the first error (list NULL) or
** records each error in its list and reads on; kept() decides. */
typedef struct reader {
    const char *file;
    cs_error *err;
    cs_error_list *list;
    int failed;          /* an error was recorded in the list */
} reader;

/* RC from reading one part: returns what the caller should return now
** (CS_OK to read on).  An input error is kept in the list when there is one. */
static int kept(reader *r, int rc)
{
    if (rc != CS_ERR_INPUT || !r->list) return rc;
    if (r->err->code == CS_ERR_INPUT) { /* cs_json_check_keys_all may have listed its own and cleared err */
        if (cs_error_list_add(r->list, r->err) != CS_OK) return cs_error_fail(r->err, r->file, "out of memory");
        cs_error_clear(r->err);
    }
    r->failed = 1;
    return CS_OK;
}

/* The domain check of PARAM's value in PLAN, as an input error at its key. */
static int check_param(const cs_plan *plan, const cs_param *param, const char *file, cs_error *err)
{
    char why[512], path[CS_PATH_MAX];
    int year;
    if (cs_param_check(param, plan, why, sizeof why, &year) == 0) return CS_OK;
    if (year >= 0 && plan->n_prices > 1) cs_path_index(path, sizeof path, param->key, (size_t)year);
    else snprintf(path, sizeof path, "%s", param->key);
    return cs_error_input(err, file, path, "%s", why);
}

static int read_param(cs_plan *plan, const cs_param *param, const cJSON *item, const char *file, cs_error *err)
{
    int rc;
    switch (param->kind) {
    case CS_PARAM_DIST: rc = cs_dist_from_json(cs_param_dist(plan, param), item, file, param->key, err); break;
    case CS_PARAM_NUMBER: rc = cs_json_number(item, file, param->key, cs_param_number(plan, param), err); break;
    case CS_PARAM_PRICE:
        rc = cs_json_numbers(item, 1, file, param->key, &plan->price_per_head, &plan->n_prices, err);
        break;
    default: rc = CS_OK;
    }
    return rc ? rc : check_param(plan, param, file, err);
}

static int read_ccgs(cs_plan *plan, const cJSON *item, reader *r)
{
    const char *file = r->file;
    cs_error *err = r->err;
    if (!cJSON_IsArray(item))
        return cs_error_input(err, file, "ccgs", "expected an array of {name, population}, found %s",
                              cs_json_type_name(item));
    size_t n = (size_t)cJSON_GetArraySize(item);
    if (n == 0) return cs_error_input(err, file, "ccgs", "expected at least one CCG, found an empty array");
    plan->ccgs = calloc(n, sizeof *plan->ccgs);
    if (!plan->ccgs) return cs_error_fail(err, file, "out of memory");
    plan->n_ccgs = n;
    static const char *const ccg_keys[] = {"name", "population"};
    static const cs_interval population_domain = {0, CS_POPULATION_MAX, 1, 0}; /* registered population */
    size_t i = 0;
    for (const cJSON *ccg = item->child; ccg; ccg = ccg->next, i++) {
        char path[CS_PATH_MAX], name_path[CS_PATH_MAX], population_path[CS_PATH_MAX], why[256];
        cs_path_index(path, sizeof path, "ccgs", i);
        cs_path_key(name_path, sizeof name_path, path, "name");
        cs_path_key(population_path, sizeof population_path, path, "population");
        int rc = cs_json_check_keys(ccg, ccg_keys, 2, file, path, err);
        if (rc) {
            if ((rc = kept(r, rc))) return rc;
            continue;
        }
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(ccg, "name");
        rc = name ? cs_json_string(name, file, name_path, &plan->ccgs[i].name, err)
                  : cs_error_input(err, file, name_path, "missing: every CCG needs a name");
        if ((rc = kept(r, rc))) return rc;
        const cJSON *population = cJSON_GetObjectItemCaseSensitive(ccg, "population");
        rc = population ? cs_json_number(population, file, population_path, &plan->ccgs[i].population, err)
                        : cs_error_input(err, file, population_path, "missing: every CCG needs a population");
        if (!rc && cs_domain_check_number(&population_domain, plan->ccgs[i].population, why, sizeof why) != 0)
            rc = cs_error_input(err, file, population_path, "%s", why);
        if ((rc = kept(r, rc))) return rc;
    }
    return CS_OK;
}

/* The criteria's ordering: rigorous_at may not exceed proceed_at. */
static int check_criteria_order(const cs_criteria *criteria, const char *file, cs_error *err)
{
    if (criteria->rigorous_at <= criteria->proceed_at) return CS_OK;
    return cs_error_input(err, file, "criteria.rigorous_at",
                          "rigorous_at (%s) may not exceed proceed_at (%s): a plan that reaches proceed_at must "
                          "reach rigorous_at too",
                          CS_NUM(criteria->rigorous_at), CS_NUM(criteria->proceed_at));
}

static int read_criteria(cs_plan *plan, const cJSON *item, reader *r)
{
    const char *keys[N_CRITERIA];
    for (size_t i = 0; i < N_CRITERIA; i++) keys[i] = criteria_fields[i].key;
    int rc = cs_json_check_keys_all(item, keys, N_CRITERIA, r->file, "criteria", r->list, r->err);
    if (rc && (!cJSON_IsObject(item) || (rc = kept(r, rc)))) return rc;
    for (size_t i = 0; i < N_CRITERIA; i++) {
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(item, keys[i]);
        if (!value) continue;
        char path[CS_PATH_MAX], why[256];
        cs_path_key(path, sizeof path, "criteria", keys[i]);
        double *field = (double *)((char *)&plan->criteria + criteria_fields[i].offset);
        rc = cs_json_number(value, r->file, path, field, r->err);
        if (!rc && cs_domain_check_number(&criteria_fields[i].domain, *field, why, sizeof why) != 0)
            rc = cs_error_input(r->err, r->file, path, "%s", why);
        if ((rc = kept(r, rc))) return rc;
    }
    return kept(r, check_criteria_order(&plan->criteria, r->file, r->err));
}

static int read_claims(cs_plan *plan, const cJSON *item, reader *r)
{
    static const char *const claim_keys[] = {"turnover", "margin"};
    int rc = cs_json_check_keys(item, claim_keys, 2, r->file, "claims", r->err);
    if (rc) return rc;
    double **arrays[] = {&plan->claim_turnover, &plan->claim_margin};
    static const cs_interval money = MONEY;
    for (size_t i = 0; i < 2; i++) {
        char path[CS_PATH_MAX], why[256];
        cs_path_key(path, sizeof path, "claims", claim_keys[i]);
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(item, claim_keys[i]);
        size_t count = 0;
        rc = value ? cs_json_numbers(value, 0, r->file, path, arrays[i], &count, r->err)
                   : cs_error_input(r->err, r->file, path, "missing: claims need both turnover and margin");
        if (!rc && count != (size_t)plan->years)
            rc = cs_error_input(r->err, r->file, path, "expected %d values (one per year), found %zu", plan->years,
                                count);
        for (size_t t = 0; !rc && t < count; t++)
            if (cs_domain_check_number(&money, (*arrays[i])[t], why, sizeof why) != 0) {
                char element[CS_PATH_MAX];
                cs_path_index(element, sizeof element, path, t);
                rc = cs_error_input(r->err, r->file, element, "%s", why);
            }
        if ((rc = kept(r, rc))) return rc;
    }
    return CS_OK;
}

static int read_year_field(const cJSON *root, const char *key, int lo, int hi, int *out, reader *r)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!item) return CS_OK;
    return cs_json_int(item, r->file, key, lo, hi, out, r->err);
}

static int read_required_string(const cJSON *root, const char *key, char **out, reader *r)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!item) return cs_error_input(r->err, r->file, key, "missing: a plan needs '%s'", key);
    int rc = cs_json_string(item, r->file, key, out, r->err);
    if (rc) return rc;
    if (!(*out)[0]) return cs_error_input(r->err, r->file, key, "expected a non-empty string");
    return CS_OK;
}

static int read_id(cs_plan *plan, const cJSON *root, reader *r)
{
    int rc = read_required_string(root, "id", &plan->id, r);
    char why[256];
    if (!rc && cs_check_slug(plan->id, why, sizeof why) != 0) rc = cs_error_input(r->err, r->file, "id", "%s", why);
    return rc;
}

static int read_checkpoint2(cs_plan *plan, const cJSON *root, reader *r)
{
    const cJSON *outcome = cJSON_GetObjectItemCaseSensitive(root, "checkpoint2");
    if (!outcome) return CS_OK;
    int rc = cs_json_string(outcome, r->file, "checkpoint2", &plan->checkpoint2, r->err);
    if (rc) return rc;
    for (size_t i = 0; i < 3; i++)
        if (strcmp(plan->checkpoint2, checkpoint2_values[i]) == 0) return CS_OK;
    return cs_error_input(r->err, r->file, "checkpoint2", "expected one of proceed, rigorous, stopped, found '%s'",
                          plan->checkpoint2);
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

static int read_plan(cs_plan *plan, const cJSON *root, reader *r)
{
    const char *file = r->file;
    cs_plan_init(plan);
    plan->file = cs_strdup(file);
    if (!plan->file) return cs_error_fail(r->err, file, "out of memory");
    if (!cJSON_IsObject(root))
        return cs_error_input(r->err, file, NULL, "expected a plan object at the top, found %s",
                              cs_json_type_name(root));
    if (cs_file_kind_of(root) == CS_FILE_SCENARIO)
        return cs_error_input(r->err, file, NULL, "is a scenario file (it has %s), expected a plan",
                              cs_file_kind_evidence(root, CS_FILE_SCENARIO));

    const char *allowed[64];
    size_t n_allowed = 0;
    for (size_t i = 0; i < N_OTHER_KEYS; i++) allowed[n_allowed++] = plan_other_keys[i];
    for (size_t i = 0; i < cs_plan_n_params; i++) allowed[n_allowed++] = cs_plan_params[i].key;
    int rc;
    if ((rc = kept(r, cs_json_check_keys_all(root, allowed, n_allowed, file, "", r->list, r->err)))) return rc;

    if ((rc = kept(r, read_id(plan, root, r)))) return rc;
    if ((rc = kept(r, read_required_string(root, "name", &plan->name, r)))) return rc;
    if ((rc = kept(r, read_checkpoint2(plan, root, r)))) return rc;
    if ((rc = kept(r, read_year_field(root, "start_year", 1900, 2200, &plan->start_year, r)))) return rc;
    int years_before = r->failed;
    if ((rc = kept(r, read_year_field(root, "years", 1, CS_MAX_YEARS, &plan->years, r)))) return rc;
    int years_ok = r->failed == years_before; /* lengths by year are checked only against a valid T */
    if ((rc = kept(r, read_year_field(root, "freestanding_year", 1900, 2200, &plan->freestanding_year, r))))
        return rc;

    const cJSON *ccgs = cJSON_GetObjectItemCaseSensitive(root, "ccgs");
    rc = ccgs ? read_ccgs(plan, ccgs, r) : cs_error_input(r->err, file, "ccgs", "missing: a plan needs at least one CCG");
    if ((rc = kept(r, rc))) return rc;

    int price_ok = 0;
    for (size_t i = 0; i < cs_plan_n_params; i++) {
        const cs_param *param = &cs_plan_params[i];
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, param->key);
        if (!item) continue;
        int failed_before = r->failed;
        if ((rc = kept(r, read_param(plan, param, item, file, r->err)))) return rc;
        if (param->kind == CS_PARAM_PRICE) price_ok = r->failed == failed_before;
    }
    static const char *const required[] = {"price_per_head", "staff_cost", "nonpay_cost"};
    for (size_t i = 0; i < 3; i++)
        if (!cJSON_GetObjectItemCaseSensitive(root, required[i]) &&
            (rc = kept(r, cs_error_input(r->err, file, required[i], "missing: a plan needs '%s'", required[i]))))
            return rc;

    const cJSON *criteria = cJSON_GetObjectItemCaseSensitive(root, "criteria");
    if (criteria && (rc = kept(r, read_criteria(plan, criteria, r)))) return rc;
    const cJSON *claims = cJSON_GetObjectItemCaseSensitive(root, "claims");
    if (claims && years_ok && (rc = kept(r, read_claims(plan, claims, r)))) return rc;
    const cJSON *provenance = cJSON_GetObjectItemCaseSensitive(root, "provenance");
    if (provenance) {
        rc = cJSON_IsObject(provenance) ? CS_OK
                                        : cs_error_input(r->err, file, "provenance", "expected an object, found %s",
                                                         cs_json_type_name(provenance));
        if (!rc) {
            plan->provenance = cJSON_Duplicate(provenance, 1);
            if (!plan->provenance) return cs_error_fail(r->err, file, "out of memory");
        }
        if ((rc = kept(r, rc))) return rc;
    }
    if (price_ok && years_ok && (rc = kept(r, cs_plan_finish(plan, file, r->err)))) return rc;
    const cJSON *correlations = cJSON_GetObjectItemCaseSensitive(root, "correlations");
    if (correlations) {
        rc = cs_correlations_from_json(&plan->correlations, correlations, file, "correlations", r->err);
        if (!rc && !r->failed) rc = cs_plan_correlations_check(plan, &plan->correlations, file, r->err);
        if ((rc = kept(r, rc))) return rc;
    }
    return r->failed ? CS_ERR_INPUT : CS_OK;
}

int cs_plan_from_json(cs_plan *plan, const cJSON *root, const char *file, cs_error *err)
{
    reader r = {.file = file, .err = err};
    return read_plan(plan, root, &r);
}

int cs_plan_from_json_all(cs_plan *plan, const cJSON *root, const char *file, cs_error_list *errors,
                          cs_error *err)
{
    reader r = {.file = file, .err = err, .list = errors};
    int rc = read_plan(plan, root, &r);
    if (rc == CS_ERR_INPUT && err->code == CS_ERR_INPUT) { /* an error that stopped the reading */
        if (cs_error_list_add(errors, err) != CS_OK) return cs_error_fail(err, file, "out of memory");
    }
    return rc;
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

int cs_plan_check(const cs_plan *plan, const char *file, cs_error *err)
{
    for (size_t i = 0; i < cs_plan_n_params; i++) {
        int rc = check_param(plan, &cs_plan_params[i], file, err);
        if (rc) return rc;
    }
    int rc = check_criteria_order(&plan->criteria, file, err);
    return rc ? rc : cs_plan_correlations_check(plan, &plan->correlations, file, err);
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

/* --- A file's kind by its content. --- */

/* "correlations" belongs to both kinds, so it tells neither. */
static const char *const plan_only_keys[] = {"ccgs", "checkpoint2", "start_year", "years", "freestanding_year",
                                             "criteria", "claims", "provenance"};
static const char *const scenario_only_keys[] = {"adjust", "description", "order"};
#define COUNT(array) (sizeof array / sizeof array[0])

static int is_plan_key(const char *key)
{
    for (size_t i = 0; i < COUNT(plan_only_keys); i++)
        if (strcmp(key, plan_only_keys[i]) == 0) return 1;
    return cs_param_find(key) != NULL;
}

static int is_scenario_key(const char *key)
{
    for (size_t i = 0; i < COUNT(scenario_only_keys); i++)
        if (strcmp(key, scenario_only_keys[i]) == 0) return 1;
    return 0;
}

cs_file_kind cs_file_kind_of(const cJSON *root)
{
    if (!cJSON_IsObject(root)) return CS_FILE_UNKNOWN;
    int plan = 0, scenario = 0;
    for (const cJSON *child = root->child; child; child = child->next) {
        plan += is_plan_key(child->string);
        scenario += is_scenario_key(child->string);
    }
    if (plan > scenario) return CS_FILE_PLAN;
    if (scenario > plan) return CS_FILE_SCENARIO;
    return CS_FILE_UNKNOWN;
}

const char *cs_file_kind_evidence(const cJSON *root, cs_file_kind kind)
{
    static char text[256];
    size_t used = 0;
    text[0] = '\0';
    for (const cJSON *child = root->child; child && used < sizeof text - 40; child = child->next) {
        int belongs = kind == CS_FILE_PLAN ? is_plan_key(child->string) : is_scenario_key(child->string);
        if (!belongs) continue;
        int wrote = snprintf(text + used, sizeof text - used, "%s\"%.30s\"", used ? ", " : "", child->string);
        if (wrote > 0) used += (size_t)wrote;
    }
    return text;
}
