/*
** cs_correlations.c: the "correlations" list of a plan or scenario (see
** cs_correlations.h).
*/
#include "cs_correlations.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cs_json.h"

/* The pair's index in LIST, or -1. */
static int find_pair(const cs_correlations *list, int a, int b)
{
    for (size_t p = 0; p < list->n; p++)
        if (list->pair[p].a == a && list->pair[p].b == b) return (int)p;
    return -1;
}

int cs_correlations_from_json(cs_correlations *out, const cJSON *item, const char *file, const char *path,
                              cs_error *err)
{
    memset(out, 0, sizeof *out);
    if (!cJSON_IsArray(item))
        return cs_error_input(err, file, path,
                              "expected an array of {\"between\": [INPUT, INPUT], \"rank\": R}, found %s",
                              cs_json_type_name(item));
    static const char *const keys[] = {"between", "rank"};
    size_t index = 0;
    for (const cJSON *entry = item->child; entry; entry = entry->next, index++) {
        char entry_path[CS_PATH_MAX], field_path[CS_PATH_MAX];
        cs_path_index(entry_path, sizeof entry_path, path, index);
        int rc = cs_json_check_keys(entry, keys, 2, file, entry_path, err);
        if (rc) return rc;
        const cJSON *between = cJSON_GetObjectItemCaseSensitive(entry, "between");
        cs_path_key(field_path, sizeof field_path, entry_path, "between");
        if (!cJSON_IsArray(between) || cJSON_GetArraySize(between) != 2)
            return cs_error_input(err, file, field_path, "expected two input names, e.g. [\"churn\", \"in_house_share\"]");
        cs_input_id ids[2];
        for (int k = 0; k < 2; k++) {
            char name_path[CS_PATH_MAX];
            cs_path_index(name_path, sizeof name_path, field_path, (size_t)k);
            const cJSON *name = cJSON_GetArrayItem(between, k);
            if (!cJSON_IsString(name))
                return cs_error_input(err, file, name_path, "expected an input name, found %s", cs_json_type_name(name));
            if ((rc = cs_input_parse(name->valuestring, file, name_path, &ids[k], err))) return rc;
        }
        if (ids[0] == ids[1])
            return cs_error_input(err, file, field_path, "an input cannot be correlated with itself ('%s')",
                                  cs_inputs[ids[0]].name);
        const cJSON *rank = cJSON_GetObjectItemCaseSensitive(entry, "rank");
        cs_path_key(field_path, sizeof field_path, entry_path, "rank");
        if (!rank) return cs_error_input(err, file, field_path, "missing: a correlation needs its rank");
        double value;
        if ((rc = cs_json_number(rank, file, field_path, &value, err))) return rc;
        if (!(value >= -1 && value <= 1))
            return cs_error_input(err, file, field_path, "expected a rank correlation in [-1, 1], found %s",
                                  CS_NUM(value));
        int a = ids[0] < ids[1] ? (int)ids[0] : (int)ids[1], b = ids[0] < ids[1] ? (int)ids[1] : (int)ids[0];
        if (find_pair(out, a, b) >= 0)
            return cs_error_input(err, file, entry_path, "the pair %s and %s is listed twice", cs_inputs[a].name,
                                  cs_inputs[b].name);
        if (out->n == CS_MAX_CORRELATIONS) return cs_error_input(err, file, path, "too many correlations");
        out->pair[out->n++] = (cs_correlation){a, b, value};
    }
    return CS_OK;
}

cJSON *cs_correlations_to_json(const cs_correlations *correlations)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t p = 0; p < correlations->n; p++) {
        const cs_correlation *pair = &correlations->pair[p];
        cJSON *entry = cJSON_CreateObject();
        const char *names[2] = {cs_inputs[pair->a].name, cs_inputs[pair->b].name};
        cJSON_AddItemToObject(entry, "between", cJSON_CreateStringArray(names, 2));
        cJSON_AddNumberToObject(entry, "rank", pair->rank);
        cJSON_AddItemToArray(list, entry);
    }
    return list;
}

void cs_correlations_amend(cs_correlations *plan, const cs_correlations *scenario)
{
    for (size_t p = 0; p < scenario->n; p++) {
        const cs_correlation *pair = &scenario->pair[p];
        int at = find_pair(plan, pair->a, pair->b);
        if (at >= 0) plan->pair[at].rank = pair->rank;
        else if (plan->n < CS_MAX_CORRELATIONS) plan->pair[plan->n++] = *pair;
    }
}

void cs_correlations_active(const cs_correlations *correlations, const int varies[CS_N_INPUTS], cs_correlations *out)
{
    out->n = 0;
    for (size_t p = 0; p < correlations->n; p++) {
        const cs_correlation *pair = &correlations->pair[p];
        if (varies[pair->a] && varies[pair->b]) out->pair[out->n++] = *pair;
    }
}

size_t cs_correlations_dropped(const cs_correlations *correlations, const int varies[CS_N_INPUTS], char *buf,
                               size_t len)
{
    size_t dropped = 0;
    for (size_t p = 0; p < correlations->n; p++) {
        const cs_correlation *pair = &correlations->pair[p];
        int a_fixed = !varies[pair->a], b_fixed = !varies[pair->b];
        if (!a_fixed && !b_fixed) continue;
        if (dropped++ == 0 && buf)
            snprintf(buf, len, "%s does not vary, so its correlation with %s is dropped",
                     cs_inputs[a_fixed ? pair->a : pair->b].name, cs_inputs[a_fixed ? pair->b : pair->a].name);
    }
    return dropped;
}

int cs_correlations_copula(cs_copula *copula, const cs_correlations *active, char *why, size_t why_len)
{
    cs_copula_var vars[CS_N_INPUTS];
    for (int k = 0; k < CS_N_INPUTS; k++)
        vars[k] = (cs_copula_var){cs_inputs[k].name, cs_input_axes((cs_input_id)k), cs_inputs[k].first_year > 0};
    char pairs[512];
    switch (cs_copula_prepare(copula, vars, CS_N_INPUTS, active->pair, active->n, pairs, sizeof pairs)) {
    case 0: return 0;
    case CS_COPULA_MIXED_AXES:
        snprintf(why, why_len, "these correlations link an input drawn per CCG with one drawn per year, which has "
                               "no meaning: %s", pairs);
        return -1;
    case CS_COPULA_NOT_DEFINITE:
        snprintf(why, why_len, "these rank correlations cannot hold together (their matrix is not positive "
                               "definite); loosen some of them: %s", pairs);
        return -1;
    default: snprintf(why, why_len, "these rank correlations cannot hold together in year 0: %s", pairs); return -1;
    }
}

int cs_correlations_check(const cs_correlations *correlations, const int varies[CS_N_INPUTS], const char *plan_id,
                          const char *file, cs_error *err)
{
    for (size_t p = 0; p < correlations->n; p++) {
        const cs_correlation *pair = &correlations->pair[p];
        for (int k = 0; k < 2; k++) {
            int input = k == 0 ? pair->a : pair->b;
            if (!varies[input]) {
                char path[CS_PATH_MAX];
                cs_path_index(path, sizeof path, "correlations", p);
                return cs_error_input(err, file, path,
                                      "%s does not vary in plan '%s' (a fixed value), so it cannot be correlated",
                                      cs_inputs[input].name, plan_id);
            }
        }
    }
    cs_correlations active;
    cs_correlations_active(correlations, varies, &active);
    cs_copula copula;
    char why[768];
    if (cs_correlations_copula(&copula, &active, why, sizeof why) != 0)
        return cs_error_input(err, file, "correlations", "%s", why);
    return CS_OK;
}
