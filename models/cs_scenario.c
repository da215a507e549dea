/*
** cs_scenario.c: loading scenario files and applying their adjustments.
*/
#include "cs_scenario.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cs_json.h"

static const char *const scenario_keys[] = {"id", "name", "description", "order", "adjust"};
static const char *const adjustment_keys[] = {"set", "scale", "add", "reason"};
static const char *const op_names[] = {"set", "scale", "add"};

void cs_scenario_free(cs_scenario *scenario)
{
    free(scenario->file);
    free(scenario->id);
    free(scenario->name);
    free(scenario->description);
    for (size_t i = 0; i < scenario->n_adjust; i++) {
        free(scenario->adjust[i].set_prices);
        free(scenario->adjust[i].reason);
    }
    free(scenario->adjust);
    memset(scenario, 0, sizeof *scenario);
}

int cs_scenario_init_none(cs_scenario *scenario)
{
    memset(scenario, 0, sizeof *scenario);
    scenario->file = cs_strdup("");
    scenario->id = cs_strdup("none");
    scenario->name = cs_strdup("plan as submitted (no scenario)");
    scenario->description = cs_strdup("");
    if (!scenario->file || !scenario->id || !scenario->name || !scenario->description) {
        cs_scenario_free(scenario);
        return CS_ERR_FAIL;
    }
    return CS_OK;
}

static int read_adjustment(cs_adjustment *adjust, const cJSON *item, const char *file, cs_error *err)
{
    char path[CS_PATH_MAX], value_path[CS_PATH_MAX];
    cs_path_key(path, sizeof path, "adjust", item->string);
    const cs_param *param = cs_param_find(item->string);
    if (!param) {
        const char *keys[64];
        for (size_t i = 0; i < cs_plan_n_params; i++) keys[i] = cs_plan_params[i].key;
        const char *hint = cs_closest_word(item->string, keys, cs_plan_n_params);
        if (hint)
            return cs_error_input(err, file, path, "unknown parameter '%s' (did you mean '%s'?)",
                                  item->string, hint);
        return cs_error_input(err, file, path, "unknown parameter '%s' (not adjustable)", item->string);
    }
    adjust->param = param;
    int rc = cs_json_check_keys(item, adjustment_keys, 4, file, path, err);
    if (rc) return rc;
    const cJSON *value = NULL;
    int found = 0;
    for (int op = 0; op < 3; op++) {
        const cJSON *candidate = cJSON_GetObjectItemCaseSensitive(item, op_names[op]);
        if (!candidate) continue;
        found++;
        adjust->op = (cs_adjust_op)op;
        value = candidate;
    }
    if (found != 1)
        return cs_error_input(err, file, path, "expected exactly one of \"set\", \"scale\", \"add\", found %d",
                              found);
    cs_path_key(value_path, sizeof value_path, path, op_names[adjust->op]);
    const cJSON *reason = cJSON_GetObjectItemCaseSensitive(item, "reason");
    if (reason) {
        char reason_path[CS_PATH_MAX];
        cs_path_key(reason_path, sizeof reason_path, path, "reason");
        if ((rc = cs_json_string(reason, file, reason_path, &adjust->reason, err))) return rc;
    }
    if (adjust->op != CS_ADJUST_SET || param->kind == CS_PARAM_NUMBER) {
        rc = cs_json_number(value, file, value_path, &adjust->amount, err);
        if (rc || adjust->op != CS_ADJUST_SET) return rc;
        char why[256];
        if (cs_param_check_number(param, adjust->amount, why, sizeof why) != 0)
            return cs_error_input(err, file, value_path, "%s", why);
        return CS_OK;
    }
    if (param->kind == CS_PARAM_DIST) return cs_dist_from_json(&adjust->set_dist, value, file, value_path, err);
    /* set price_per_head: a number or an array of prices */
    return cs_json_numbers(value, 1, file, value_path, &adjust->set_prices, &adjust->n_set_prices, err);
}

int cs_scenario_load(cs_scenario *scenario, const char *file, cs_error *err)
{
    memset(scenario, 0, sizeof *scenario);
    cJSON *root = NULL;
    int rc = cs_json_parse_file(file, &root, err);
    if (rc) return rc;
    scenario->file = cs_strdup(file);
    rc = cs_json_check_keys(root, scenario_keys, 5, file, "", err);
    static const char *const text_keys[] = {"id", "name", "description"};
    char **text_fields[] = {&scenario->id, &scenario->name, &scenario->description};
    for (size_t i = 0; i < 3 && !rc; i++) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, text_keys[i]);
        if (!item && i < 2) rc = cs_error_input(err, file, text_keys[i], "missing: a scenario needs '%s'", text_keys[i]);
        else if (item) rc = cs_json_string(item, file, text_keys[i], text_fields[i], err);
    }
    if (!rc && !scenario->description) scenario->description = cs_strdup("");
    const cJSON *order = cJSON_GetObjectItemCaseSensitive(root, "order");
    if (!rc && order) rc = cs_json_int(order, file, "order", &scenario->order, err);
    const cJSON *adjust = cJSON_GetObjectItemCaseSensitive(root, "adjust");
    if (!rc && adjust && !cJSON_IsObject(adjust))
        rc = cs_error_input(err, file, "adjust", "expected an object of {PARAM: {\"set\"|\"scale\"|\"add\": X}}, found %s",
                            cs_json_type_name(adjust));
    if (!rc && adjust) {
        size_t n = (size_t)cJSON_GetArraySize(adjust);
        scenario->adjust = calloc(n ? n : 1, sizeof *scenario->adjust);
        if (!scenario->adjust) rc = cs_error_fail(err, file, "out of memory");
        for (const cJSON *item = adjust->child; item && !rc; item = item->next) {
            for (size_t j = 0; j < scenario->n_adjust && !rc; j++)
                if (scenario->adjust[j].param == cs_param_find(item->string))
                    rc = cs_error_input(err, file, "adjust", "parameter '%s' is adjusted twice", item->string);
            if (!rc) rc = read_adjustment(&scenario->adjust[scenario->n_adjust++], item, file, err);
        }
    }
    cJSON_Delete(root);
    if (rc) cs_scenario_free(scenario);
    return rc;
}

static int apply_one(const cs_adjustment *adjust, cs_plan *plan, char *why, size_t why_len)
{
    const cs_param *param = adjust->param;
    switch (param->kind) {
    case CS_PARAM_DIST: {
        cs_dist *dist = cs_param_dist(plan, param);
        if (adjust->op == CS_ADJUST_SET) {
            *dist = adjust->set_dist;
            return 0;
        }
        return cs_dist_shift(dist, adjust->op, adjust->amount, why, why_len);
    }
    case CS_PARAM_NUMBER: {
        double *value = cs_param_number(plan, param);
        double adjusted = adjust->op == CS_ADJUST_SET ? adjust->amount
                        : adjust->op == CS_ADJUST_SCALE ? *value * adjust->amount
                        : *value + adjust->amount;
        if (cs_param_check_number(param, adjusted, why, why_len) != 0) return -1;
        *value = adjusted;
        return 0;
    }
    case CS_PARAM_PRICE:
        if (adjust->op == CS_ADJUST_SET) {
            if (adjust->n_set_prices != 1 && adjust->n_set_prices != (size_t)plan->years) {
                snprintf(why, why_len, "expected one price or %d (one per year), found %zu", plan->years,
                         adjust->n_set_prices);
                return -1;
            }
            for (size_t t = 0; t < plan->n_prices; t++)
                plan->price_per_head[t] = adjust->set_prices[adjust->n_set_prices == 1 ? 0 : t];
        } else {
            for (size_t t = 0; t < plan->n_prices; t++)
                plan->price_per_head[t] = adjust->op == CS_ADJUST_SCALE
                                              ? plan->price_per_head[t] * adjust->amount
                                              : plan->price_per_head[t] + adjust->amount;
        }
        for (size_t t = 0; t < plan->n_prices; t++)
            if (!(plan->price_per_head[t] >= 0)) {
                snprintf(why, why_len, "the price for year %zu becomes %g; expected >= 0", t,
                         plan->price_per_head[t]);
                return -1;
            }
        return 0;
    }
    return 0;
}

int cs_scenario_apply(const cs_scenario *scenario, const cs_plan *plan, cs_plan *out, cs_error *err)
{
    int rc = cs_plan_clone(out, plan, err);
    if (rc) return rc;
    for (size_t i = 0; i < scenario->n_adjust; i++) {
        char why[256], path[CS_PATH_MAX];
        const cs_adjustment *adjust = &scenario->adjust[i];
        if (apply_one(adjust, out, why, sizeof why) != 0) {
            cs_path_key(path, sizeof path, "adjust", adjust->param->key);
            cs_plan_free(out);
            return cs_error_input(err, scenario->file, path, "applied to plan '%s' (%s): %s %s leaves it invalid: %s",
                                  plan->id, plan->file, op_names[adjust->op], adjust->param->key, why);
        }
    }
    return CS_OK;
}

void cs_scenario_list_free(cs_scenario *list, size_t count)
{
    for (size_t i = 0; i < count; i++) cs_scenario_free(&list[i]);
    free(list);
}

static int compare_scenarios(const void *a, const void *b)
{
    const cs_scenario *x = a, *y = b;
    if (x->order != y->order) return x->order < y->order ? -1 : 1;
    return strcmp(x->file, y->file);
}

int cs_scenario_load_dir(const char *dir, cs_scenario **out, size_t *count, cs_error *err)
{
    *out = NULL;
    *count = 0;
    char **files = NULL;
    size_t n_files = 0;
    int rc = cs_list_json_files(dir, &files, &n_files, err);
    if (rc) return rc;
    if (n_files == 0) {
        free(files);
        return cs_error_input(err, dir, NULL, "no scenario files (*.json) in this directory");
    }
    cs_scenario *list = calloc(n_files, sizeof *list);
    if (!list) rc = cs_error_fail(err, dir, "out of memory");
    size_t loaded = 0;
    for (size_t i = 0; i < n_files && !rc; i++) {
        rc = cs_scenario_load(&list[i], files[i], err);
        if (!rc) loaded++;
    }
    for (size_t i = 0; i < n_files; i++) free(files[i]);
    free(files);
    if (rc) {
        cs_scenario_list_free(list, loaded);
        return rc;
    }
    qsort(list, loaded, sizeof *list, compare_scenarios);
    *out = list;
    *count = loaded;
    return CS_OK;
}
