/*
** cs_param_path.c: parameter paths (see cs_param_path.h).
*/
#include "cs_param_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_json.h"

#define PRICE_PATH "price"

/* Every valid path of PLAN as an array of malloc'd strings (*count of them);
** NULL when out of memory. */
static char **all_paths(const cs_plan *plan, size_t *count)
{
    size_t capacity = 1 + cs_plan_n_params * CS_DIST_MAX_PARAMS, n = 0;
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
        for (size_t f = 0; f < cs_dist_field_count(dist->family); f++) {
            char text[CS_PARAM_PATH_MAX];
            snprintf(text, sizeof text, "%s.%s", param->key, dist->family->field[f]);
            paths[n++] = cs_strdup(text);
        }
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
    case CS_PATH_PRICE: return 1.0;
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
    }
    return 0;
}
