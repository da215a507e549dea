/*
** cs_dist_json.c: a distribution read from and written to a plan's JSON
** (see cs_dist_json.h).
*/
#include "cs_dist_json.h"

#include <math.h>

#include "cs_json.h"

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
        const char *names[CS_DIST_N_FAMILIES];
        for (size_t i = 0; i < cs_dist_n_families; i++) names[i] = cs_dist_families[i]->name;
        const char *hint = cs_closest_word(kind->valuestring, names, cs_dist_n_families);
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
