/*
** cs_param_path.c: parameter paths (see cs_param_path.h).
*/
#include "cs_param_path.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_inputs.h"
#include "cs_json.h"

#define PRICE_PATH "price"
#define CORRELATION_PREFIX "correlation."
#define SHIFT_FIELD "shift"

/* Every valid path of PLAN as an array of malloc'd strings (*count of them);
** NULL when out of memory. */
static char **all_paths(const cs_plan *plan, size_t *count)
{
    size_t capacity = 1 + cs_plan_n_params * (CS_DIST_MAX_PARAMS + 1) + plan->correlations.n, n = 0;
    char **paths = calloc(capacity, sizeof *paths);
    if (!paths) return NULL;
    for (size_t i = 0; i < cs_plan_n_params; i++) {
        const cs_param *param = &cs_plan_params[i];
        if (param->kind == CS_PARAM_PRICE) {
            paths[n++] = cs_strdup(PRICE_PATH);
            continue;
        }
        if (param->kind == CS_PARAM_NUMBER) {
            paths[n++] = cs_strdup(param->key);
            continue;
        }
        const cs_dist *dist = cs_param_dist((cs_plan *)plan, param);
        char text[CS_PARAM_PATH_MAX];
        for (size_t f = 0; f < cs_dist_field_count(dist->family); f++) {
            snprintf(text, sizeof text, "%s.%s", param->key, dist->family->field[f]);
            paths[n++] = cs_strdup(text);
        }
        snprintf(text, sizeof text, "%s." SHIFT_FIELD, param->key);
        paths[n++] = cs_strdup(text);
    }
    for (size_t p = 0; p < plan->correlations.n; p++) { /* the pairs the plan states */
        char text[CS_PARAM_PATH_MAX];
        const cs_correlation *pair = &plan->correlations.pair[p];
        snprintf(text, sizeof text, CORRELATION_PREFIX "%s.%s", cs_inputs[pair->a].name, cs_inputs[pair->b].name);
        paths[n++] = cs_strdup(text);
    }
    int failed = 0;
    for (size_t i = 0; i < n; i++) failed |= paths[i] == NULL;
    if (failed) {
        for (size_t i = 0; i < n; i++) free(paths[i]);
        free(paths);
        return NULL;
    }
    *count = n;
    return paths;
}

static void free_paths(char **paths, size_t count)
{
    for (size_t i = 0; i < count; i++) free(paths[i]);
    free(paths);
}

void cs_param_path_list(const cs_plan *plan, char *buf, size_t len)
{
    size_t count = 0, used = 0;
    char **paths = all_paths(plan, &count);
    if (len) buf[0] = '\0';
    for (size_t i = 0; paths && i < count && used < len; i++) {
        int wrote = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", paths[i]);
        if (wrote < 0) break;
        used += (size_t)wrote;
    }
    if (paths) free_paths(paths, count);
}

static int unknown_path(const char *text, const cs_plan *plan, const char *where, const char *why, cs_error *err)
{
    size_t count = 0;
    char **paths = all_paths(plan, &count);
    if (!paths) return cs_error_fail(err, NULL, "out of memory");
    const char *hint = cs_closest_word(text, (const char *const *)paths, count);
    char list[2048];
    cs_param_path_list(plan, list, sizeof list);
    int rc = cs_error_input(err, NULL, where, "%s%s%s%s; the parameter paths of plan '%s' are: %s", why,
                            hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "", plan->id, list);
    free_paths(paths, count);
    return rc;
}

/* "A.B" after "correlation.": two different inputs, named as cs_inputs names them. */
static int parse_correlation(cs_param_path *path, const char *names, const cs_plan *plan, const char *where,
                             cs_error *err)
{
    char first[CS_PARAM_PATH_MAX], why[768];
    snprintf(first, sizeof first, "%s", names);
    char *dot = strchr(first, '.');
    const cs_input *a = NULL, *b = NULL;
    if (dot) {
        *dot = '\0';
        a = cs_input_find(first);
        b = cs_input_find(dot + 1);
    }
    if (!a || !b || a == b) {
        char list[512] = "";
        for (size_t i = 0, used = 0; i < CS_N_INPUTS && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", cs_inputs[i].name);
        snprintf(why, sizeof why, "'%s' is not a correlation of two different inputs (correlation.A.B, A and B "
                                  "among %s)", path->text, list);
        return unknown_path(path->text, plan, where, why, err);
    }
    path->kind = CS_PATH_CORRELATION;
    path->inputs[0] = a->id < b->id ? (int)a->id : (int)b->id;
    path->inputs[1] = a->id < b->id ? (int)b->id : (int)a->id;
    return CS_OK;
}

/* The plan's pair of the path's inputs, or NULL. */
static cs_correlation *find_pair(const cs_param_path *path, cs_plan *plan)
{
    for (size_t p = 0; p < plan->correlations.n; p++) {
        cs_correlation *pair = &plan->correlations.pair[p];
        if (pair->a == path->inputs[0] && pair->b == path->inputs[1]) return pair;
    }
    return NULL;
}

int cs_param_path_parse(cs_param_path *path, const char *text, const cs_plan *plan, const char *where,
                        cs_error *err)
{
    char why[256];
    memset(path, 0, sizeof *path);
    if (strlen(text) >= sizeof path->text) {
        snprintf(why, sizeof why, "parameter path '%.40s...' is too long", text);
        return unknown_path(text, plan, where, why, err);
    }
    snprintf(path->text, sizeof path->text, "%s", text);
    if (strcmp(text, PRICE_PATH) == 0) {
        path->kind = CS_PATH_PRICE;
        return CS_OK;
    }
    if (strncmp(text, CORRELATION_PREFIX, strlen(CORRELATION_PREFIX)) == 0)
        return parse_correlation(path, text + strlen(CORRELATION_PREFIX), plan, where, err);
    char key[CS_PARAM_PATH_MAX];
    snprintf(key, sizeof key, "%s", text);
    char *dot = strchr(key, '.');
    if (dot) *dot = '\0';
    const char *field = dot ? dot + 1 : NULL;
    const cs_param *param = cs_param_find(key);
    if (param && param->kind == CS_PARAM_PRICE)
        return cs_error_input(err, NULL, where,
                              "'%s' is not a number to vary: use 'price' (did you mean 'price'?), a multiplier "
                              "on price_per_head in every year (1 = the plan's own prices)",
                              text);
    if (!param) {
        snprintf(why, sizeof why, "unknown parameter path '%s'", text);
        return unknown_path(text, plan, where, why, err);
    }
    path->param = param;
    if (param->kind == CS_PARAM_NUMBER) {
        if (field) {
            snprintf(why, sizeof why, "'%s' is a plain number, so '%s' has no field '%s'", key, text, field);
            return unknown_path(text, plan, where, why, err);
        }
        path->kind = CS_PATH_NUMBER;
        return CS_OK;
    }
    const cs_dist *dist = cs_param_dist((cs_plan *)plan, param);
    if (field && strcmp(field, SHIFT_FIELD) == 0) {
        path->kind = CS_PATH_DIST_SHIFT;
        return CS_OK;
    }
    if (!field) {
        snprintf(why, sizeof why, "'%s' is a %s distribution in plan '%s': name one of its fields", key,
                 dist->family->name, plan->id);
        return unknown_path(text, plan, where, why, err);
    }
    for (size_t f = 0; f < cs_dist_field_count(dist->family); f++)
        if (strcmp(dist->family->field[f], field) == 0) {
            path->kind = CS_PATH_DIST_FIELD;
            path->field = (int)f;
            return CS_OK;
        }
    snprintf(why, sizeof why, "'%s' is a %s distribution in plan '%s', which has no field '%s'", key,
             dist->family->name, plan->id, field);
    return unknown_path(text, plan, where, why, err);
}

double cs_param_path_get(const cs_param_path *path, const cs_plan *plan)
{
    switch (path->kind) {
    case CS_PATH_NUMBER: return *cs_param_number((cs_plan *)plan, path->param);
    case CS_PATH_DIST_FIELD: return cs_param_dist((cs_plan *)plan, path->param)->param[path->field];
    case CS_PATH_DIST_SHIFT: return 0.0;
    case CS_PATH_PRICE: return 1.0;
    case CS_PATH_CORRELATION: {
        const cs_correlation *pair = find_pair(path, (cs_plan *)plan);
        return pair ? pair->rank : 0.0;
    }
    }
    return 0.0;
}

int cs_param_path_set(const cs_param_path *path, cs_plan *plan, double value, char *why, size_t why_len)
{
    switch (path->kind) {
    case CS_PATH_NUMBER:
        if (cs_param_check_number(path->param, value, why, why_len) != 0) return -1;
        *cs_param_number(plan, path->param) = value;
        return 0;
    case CS_PATH_DIST_FIELD: {
        cs_dist *dist = cs_param_dist(plan, path->param), changed;
        double params[CS_DIST_MAX_PARAMS];
        memcpy(params, dist->param, sizeof params);
        params[path->field] = value;
        if (cs_dist_make(&changed, dist->family, params, why, why_len) != 0) return -1;
        if (cs_param_check_dist(path->param, &changed, why, why_len) != 0) return -1; /* the parameter's domain */
        *dist = changed;
        return 0;
    }
    case CS_PATH_DIST_SHIFT: {
        cs_dist *dist = cs_param_dist(plan, path->param), changed = *dist;
        if (cs_dist_shift(&changed, CS_ADJUST_ADD, value, why, why_len) != 0) return -1;
        if (cs_param_check_dist(path->param, &changed, why, why_len) != 0) return -1;
        *dist = changed;
        return 0;
    }
    case CS_PATH_PRICE:
        for (size_t t = 0; t < plan->n_prices; t++) {
            double price = plan->price_per_head[t] * value;
            char price_why[256];
            if (cs_param_check_number(cs_param_find("price_per_head"), price, price_why, sizeof price_why) != 0) {
                snprintf(why, why_len, "the price multiplier %s makes the price for year %zu %s: %s", CS_NUM(value), t,
                         CS_NUM(price), price_why);
                return -1;
            }
        }
        for (size_t t = 0; t < plan->n_prices; t++) plan->price_per_head[t] *= value;
        return 0;
    case CS_PATH_CORRELATION: {
        if (!(value >= -1 && value <= 1)) {
            snprintf(why, why_len, "a rank correlation lies in [-1, 1] (found %s)", CS_NUM(value));
            return -1;
        }
        cs_correlations changed = plan->correlations;
        cs_correlation *pair = find_pair(path, plan);
        if (pair) pair = &changed.pair[pair - plan->correlations.pair];
        else pair = &changed.pair[changed.n++], pair->a = path->inputs[0], pair->b = path->inputs[1];
        pair->rank = value; /* at most one pair per two of the inputs: the list has room for every pair */
        cs_error err;
        if (cs_plan_correlations_check(plan, &changed, NULL, &err) != CS_OK) {
            snprintf(why, why_len, "%s", err.message);
            return -1;
        }
        plan->correlations = changed;
        return 0;
    }
    }
    return 0;
}

/* 1 when field F of FAMILY is moved by `scale`/`add` (a location field). */
static int is_location(const cs_dist_family *family, int f) { return (family->location >> f) & 1u; }

cs_interval cs_param_path_range(const cs_param_path *path, const cs_plan *plan)
{
    const cs_param *price = cs_param_find("price_per_head");
    switch (path->kind) {
    case CS_PATH_CORRELATION: return (cs_interval){-1, 1, 0, 0};
    case CS_PATH_NUMBER: return path->param->domain;
    case CS_PATH_PRICE: {
        double highest = 0;
        for (size_t t = 0; t < plan->n_prices; t++)
            if (plan->price_per_head[t] > highest) highest = plan->price_per_head[t];
        return (cs_interval){0, highest > 0 ? price->domain.hi / highest : INFINITY, 0, 0};
    }
    case CS_PATH_DIST_FIELD: {
        const cs_dist *dist = cs_param_dist((cs_plan *)plan, path->param);
        if (is_location(dist->family, path->field)) return path->param->domain;
        return (cs_interval){0, INFINITY, 1, 1}; /* a spread */
    }
    case CS_PATH_DIST_SHIFT: { /* every location field must stay in the domain */
        const cs_dist *dist = cs_param_dist((cs_plan *)plan, path->param);
        cs_interval domain = path->param->domain;
        double lowest = INFINITY, highest = -INFINITY;
        for (size_t f = 0; f < cs_dist_field_count(dist->family); f++)
            if (is_location(dist->family, (int)f)) {
                if (dist->param[f] < lowest) lowest = dist->param[f];
                if (dist->param[f] > highest) highest = dist->param[f];
            }
        return (cs_interval){domain.lo - lowest, domain.hi - highest, domain.lo_open, domain.hi_open};
    }
    }
    return (cs_interval){-INFINITY, INFINITY, 1, 1};
}

double cs_param_path_scale(const cs_param_path *path, const cs_plan *plan)
{
    if (path->kind == CS_PATH_PRICE) return 0.5;
    if (path->kind == CS_PATH_CORRELATION) return 0.5;
    double value = cs_param_path_get(path, plan), scale = fabs(value) / 2, sd = 0;
    if (path->kind != CS_PATH_NUMBER) sd = cs_dist_sd(cs_param_dist((cs_plan *)plan, path->param));
    if (path->kind == CS_PATH_DIST_FIELD &&
        !is_location(cs_param_dist((cs_plan *)plan, path->param)->family, path->field))
        sd = 0; /* a spread moves by its own size */
    if (3 * sd > scale) scale = 3 * sd;
    if (scale > 0) return scale;
    cs_interval domain = path->param->domain;
    if (domain.hi - domain.lo <= 2) return 0.05 * (domain.hi - domain.lo); /* a rate or a share */
    return (plan->staff_cost + plan->nonpay_cost) / 4;                     /* money */
}

int cs_param_path_location(cs_param_path *path, const cs_param *param, const cs_plan *plan, cs_error *err)
{
    char text[CS_PARAM_PATH_MAX];
    if (param->kind == CS_PARAM_PRICE)
        return cs_error_input(err, NULL, param->key, "the price has no single location; use the path 'price'");
    if (param->kind == CS_PARAM_NUMBER) snprintf(text, sizeof text, "%s", param->key);
    else {
        const cs_dist *dist = cs_param_dist((cs_plan *)plan, param);
        const char *field = SHIFT_FIELD;
        for (size_t f = 0; f < cs_dist_field_count(dist->family); f++)
            if (strcmp(dist->family->field[f], "mean") == 0 || strcmp(dist->family->field[f], "value") == 0)
                field = dist->family->field[f];
        snprintf(text, sizeof text, "%s.%s", param->key, field);
    }
    return cs_param_path_parse(path, text, plan, param->key, err);
}

cs_unit cs_param_path_unit(const cs_param_path *path)
{
    if (path->kind == CS_PATH_CORRELATION) return CS_UNIT_NUMBER;
    return path->kind == CS_PATH_PRICE ? CS_UNIT_MULTIPLIER : path->param->unit;
}

void cs_param_path_label(const cs_param_path *path, char *buf, size_t len)
{
    switch (path->kind) {
    case CS_PATH_PRICE: snprintf(buf, len, "%s", cs_key_label("price")); return;
    case CS_PATH_CORRELATION:
        snprintf(buf, len, "rank correlation of %s and %s", cs_inputs[path->inputs[0]].what,
                 cs_inputs[path->inputs[1]].what);
        return;
    case CS_PATH_NUMBER: snprintf(buf, len, "%s", path->param->label); return;
    case CS_PATH_DIST_SHIFT: snprintf(buf, len, "%s, shifted", path->param->label); return;
    case CS_PATH_DIST_FIELD: {
        const char *field = strchr(path->text, '.');
        field = field ? field + 1 : "";
        if (strcmp(field, "value") == 0) snprintf(buf, len, "%s", path->param->label);
        else snprintf(buf, len, "%s, %s", path->param->label, field);
        return;
    }
    }
    snprintf(buf, len, "%s", path->text);
}
