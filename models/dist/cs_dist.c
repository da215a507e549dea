/*
** cs_dist.c: the family registry and what all families share: building,
** JSON reading and writing, and the `scale`/`add` location shift.
*/
#include "cs_dist.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cs_json.h"

static const cs_dist_family *const families[] = {
    &cs_dist_fixed, &cs_dist_normal, &cs_dist_lognormal, &cs_dist_beta,
    &cs_dist_uniform, &cs_dist_triangular, &cs_dist_pert,
};
#define N_FAMILIES (sizeof families / sizeof families[0])

const cs_dist_family *cs_dist_family_find(const char *name)
{
    for (size_t i = 0; i < N_FAMILIES; i++)
        if (strcmp(families[i]->name, name) == 0) return families[i];
    return NULL;
}

size_t cs_dist_field_count(const cs_dist_family *family)
{
    size_t n = 0;
    while (n < CS_DIST_MAX_PARAMS && family->field[n]) n++;
    return n;
}

int cs_dist_make(cs_dist *d, const cs_dist_family *family, const double *params,
                 char *why, size_t why_len)
{
    cs_dist made = {.family = family};
    size_t n = cs_dist_field_count(family);
    for (size_t i = 0; i < n; i++) {
        /* Optional fields (a normal's bounds) may be +-infinity, meaning absent. */
        int may_be_infinite = !(family->required & (1u << i)) && !isnan(params[i]);
        if (!isfinite(params[i]) && !may_be_infinite) {
            snprintf(why, why_len, "%s must be a finite number", family->field[i]);
            return -1;
        }
        made.param[i] = params[i];
    }
    if (family->prepare(&made, why, why_len) != 0) return -1;
    *d = made;
    return 0;
}

void cs_dist_set_fixed(cs_dist *d, double value)
{
    char why[8];
    cs_dist_make(d, &cs_dist_fixed, &value, why, sizeof why);
}

int cs_dist_is_fixed(const cs_dist *d) { return d->family == &cs_dist_fixed; }

int cs_dist_from_json(cs_dist *d, const cJSON *item, const char *file, const char *path,
                      cs_error *err)
{
    if (cJSON_IsNumber(item)) {
        double value;
        int rc = cs_json_number(item, file, path, &value, err);
        if (rc) return rc;
        cs_dist_set_fixed(d, value);
        return CS_OK;
    }
    if (!cJSON_IsObject(item))
        return cs_error_input(err, file, path,
                              "expected a number or a distribution object {\"dist\": ...}, found %s",
                              cs_json_type_name(item));

    char field_path[CS_PATH_MAX];
    cs_path_key(field_path, sizeof field_path, path, "dist");
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(item, "dist");
    if (!kind)
        return cs_error_input(err, file, field_path,
                              "missing: a distribution object needs \"dist\" (one of fixed, "
                              "normal, lognormal, beta, uniform, triangular, pert)");
    if (!cJSON_IsString(kind))
        return cs_error_input(err, file, field_path, "expected a string, found %s",
                              cs_json_type_name(kind));
    const cs_dist_family *family = cs_dist_family_find(kind->valuestring);
    if (!family) {
        const char *names[N_FAMILIES];
        for (size_t i = 0; i < N_FAMILIES; i++) names[i] = families[i]->name;
        const char *hint = cs_closest_word(kind->valuestring, names, N_FAMILIES);
        return cs_error_input(err, file, field_path,
                              "unknown distribution '%s'%s%s%s (expected one of fixed, normal, "
                              "lognormal, beta, uniform, triangular, pert)",
                              kind->valuestring, hint ? " (did you mean '" : "",
                              hint ? hint : "", hint ? "'?)" : "");
    }

    size_t n = cs_dist_field_count(family);
    const char *allowed[CS_DIST_MAX_PARAMS + 1] = {"dist"};
    for (size_t i = 0; i < n; i++) allowed[i + 1] = family->field[i];
    int rc = cs_json_check_keys(item, allowed, n + 1, file, path, err);
    if (rc) return rc;

    double params[CS_DIST_MAX_PARAMS];
    for (size_t i = 0; i < n; i++) {
        cs_path_key(field_path, sizeof field_path, path, family->field[i]);
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(item, family->field[i]);
        if (!value) {
            if (family->required & (1u << i))
                return cs_error_input(err, file, field_path, "missing: a %s distribution needs '%s'",
                                      family->name, family->field[i]);
            params[i] = family->field_default[i];
            continue;
        }
        rc = cs_json_number(value, file, field_path, &params[i], err);
        if (rc) return rc;
    }
    char why[256];
    if (cs_dist_make(d, family, params, why, sizeof why) != 0)
        return cs_error_input(err, file, path, "invalid %s distribution: %s", family->name, why);
    return CS_OK;
}

cJSON *cs_dist_to_json(const cs_dist *d)
{
    if (cs_dist_is_fixed(d)) return cJSON_CreateNumber(d->param[0]);
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddStringToObject(obj, "dist", d->family->name);
    size_t n = cs_dist_field_count(d->family);
    for (size_t i = 0; i < n; i++)
        if (isfinite(d->param[i])) cJSON_AddNumberToObject(obj, d->family->field[i], d->param[i]);
    return obj;
}

int cs_dist_shift(cs_dist *d, cs_adjust_op op, double amount, char *why, size_t why_len)
{
    double params[CS_DIST_MAX_PARAMS];
    size_t n = cs_dist_field_count(d->family);
    for (size_t i = 0; i < n; i++) {
        params[i] = d->param[i];
        if (!(d->family->location & (1u << i))) continue;
        if (op == CS_ADJUST_SCALE) params[i] *= amount;
        else if (op == CS_ADJUST_ADD) params[i] += amount;
    }
    return cs_dist_make(d, d->family, params, why, why_len);
}
