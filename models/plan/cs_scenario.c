/*
** cs_scenario.c: loading scenario files and applying their adjustments.
*/
#include "cs_scenario.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cs_dist_json.h"
#include "cs_json.h"
#include "cs_overrides.h"

static const char *const scenario_keys[] = {"id", "name", "description", "order", "adjust", "correlations"};
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
    char path[CS_PATH_MAX], value_path[CS_PATH_MAX], why[512];
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
        if (cs_param_check_number(param, adjust->amount, why, sizeof why) != 0)
            return cs_error_input(err, file, value_path, "%s", why);
        return CS_OK;
    }
    if (param->kind == CS_PARAM_DIST) {
        rc = cs_dist_from_json(&adjust->set_dist, value, file, value_path, err);
        if (!rc && cs_param_check_dist(param, &adjust->set_dist, why, sizeof why) != 0)
            rc = cs_error_input(err, file, value_path, "%s", why);
        return rc;
    }
    /* set price_per_head: a number or an array of prices */
    rc = cs_json_numbers(value, 1, file, value_path, &adjust->set_prices, &adjust->n_set_prices, err);
    for (size_t t = 0; !rc && t < adjust->n_set_prices; t++)
        if (cs_param_check_number(param, adjust->set_prices[t], why, sizeof why) != 0) {
            char element[CS_PATH_MAX];
            cs_path_index(element, sizeof element, value_path, t);
            rc = cs_error_input(err, file, adjust->n_set_prices > 1 ? element : value_path, "%s", why);
        }
    return rc;
}

/* Keep an input error in LIST (when there is one) and read on: returns
** what the caller should return now (CS_OK to read on). */
static int kept(cs_error_list *list, int *failed, int rc, cs_error *err)
{
    if (rc != CS_ERR_INPUT || !list) return rc;
    if (err->code == CS_ERR_INPUT && cs_error_list_add(list, err) != CS_OK) return cs_error_fail(err, NULL, "out of memory");
    cs_error_clear(err);
    *failed = 1;
    return CS_OK;
}

static int read_scenario(cs_scenario *scenario, const cJSON *root, const char *file, cs_error_list *list,
                         cs_error *err)
{
    int failed = 0, rc;
    if (!cJSON_IsObject(root))
        return cs_error_input(err, file, NULL, "expected a scenario object at the top, found %s",
                              cs_json_type_name(root));
    if (cs_file_kind_of(root) == CS_FILE_PLAN)
        return cs_error_input(err, file, NULL, "is a plan file (it has %s), expected a scenario",
                              cs_file_kind_evidence(root, CS_FILE_PLAN));
    if ((rc = kept(list, &failed, cs_json_check_keys_all(root, scenario_keys, 6, file, "", list, err), err)))
        return rc;
    static const char *const text_keys[] = {"id", "name", "description"};
    char **text_fields[] = {&scenario->id, &scenario->name, &scenario->description};
    for (size_t i = 0; i < 3; i++) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, text_keys[i]);
        if (!item && i < 2) rc = cs_error_input(err, file, text_keys[i], "missing: a scenario needs '%s'", text_keys[i]);
        else rc = item ? cs_json_string(item, file, text_keys[i], text_fields[i], err) : CS_OK;
        char why[256];
        if (!rc && i == 0 && cs_check_slug(scenario->id, why, sizeof why) != 0)
            rc = cs_error_input(err, file, "id", "%s", why);
        if ((rc = kept(list, &failed, rc, err))) return rc;
    }
    if (!scenario->description && !(scenario->description = cs_strdup("")))
        return cs_error_fail(err, file, "out of memory");
    const cJSON *order = cJSON_GetObjectItemCaseSensitive(root, "order");
    if (order && (rc = kept(list, &failed, cs_json_int(order, file, "order", -1000000, 1000000, &scenario->order, err), err)))
        return rc;
    const cJSON *adjust = cJSON_GetObjectItemCaseSensitive(root, "adjust");
    const cJSON *correlations = cJSON_GetObjectItemCaseSensitive(root, "correlations");
    if (correlations &&
        (rc = kept(list, &failed, cs_correlations_from_json(&scenario->correlations, correlations, file, "correlations", err),
                   err)))
        return rc;
    if (adjust && !cJSON_IsObject(adjust)) {
        rc = cs_error_input(err, file, "adjust", "expected an object of {PARAM: {\"set\"|\"scale\"|\"add\": X}}, found %s",
                            cs_json_type_name(adjust));
        if ((rc = kept(list, &failed, rc, err))) return rc;
        adjust = NULL;
    }
    if (adjust) {
        size_t n = (size_t)cJSON_GetArraySize(adjust);
        scenario->adjust = calloc(n ? n : 1, sizeof *scenario->adjust);
        if (!scenario->adjust) return cs_error_fail(err, file, "out of memory");
        for (const cJSON *item = adjust->child; item; item = item->next) {
            rc = CS_OK;
            for (size_t j = 0; j < scenario->n_adjust && !rc; j++)
                if (scenario->adjust[j].param == cs_param_find(item->string))
                    rc = cs_error_input(err, file, "adjust", "parameter '%s' is adjusted twice", item->string);
            cs_adjustment *slot = &scenario->adjust[scenario->n_adjust];
            if (!rc) {
                rc = read_adjustment(slot, item, file, err);
                if (!rc) scenario->n_adjust++;
                else { /* release what a failed read left behind */
                    free(slot->set_prices);
                    free(slot->reason);
                    memset(slot, 0, sizeof *slot);
                }
            }
            if ((rc = kept(list, &failed, rc, err))) return rc;
        }
    }
    return failed ? CS_ERR_INPUT : CS_OK;
}

static int scenario_from_json(cs_scenario *scenario, const cJSON *root, const char *file, cs_error_list *list,
                              cs_error *err)
{
    memset(scenario, 0, sizeof *scenario);
    scenario->file = cs_strdup(file);
    int rc = scenario->file ? read_scenario(scenario, root, file, list, err) : cs_error_fail(err, file, "out of memory");
    if (rc) cs_scenario_free(scenario);
    return rc;
}

int cs_scenario_from_json(cs_scenario *scenario, const cJSON *root, const char *file, cs_error *err)
{
    return scenario_from_json(scenario, root, file, NULL, err);
}

static int load_scenario(cs_scenario *scenario, const char *file, cs_error_list *list, cs_error *err)
{
    memset(scenario, 0, sizeof *scenario);
    cJSON *root = NULL;
    int rc = cs_json_parse_file(file, &root, err);
    if (rc) return rc;
    rc = scenario_from_json(scenario, root, file, list, err);
    cJSON_Delete(root);
    return rc;
}

int cs_scenario_load(cs_scenario *scenario, const char *file, cs_error *err)
{
    return load_scenario(scenario, file, NULL, err);
}

int cs_scenario_load_all(cs_scenario *scenario, const char *file, cs_error_list *errors, cs_error *err)
{
    int rc = load_scenario(scenario, file, errors, err);
    if (rc == CS_ERR_INPUT && err->code == CS_ERR_INPUT && cs_error_list_add(errors, err) != CS_OK)
        return cs_error_fail(err, file, "out of memory");
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
        *value = adjust->op == CS_ADJUST_SET ? adjust->amount
               : adjust->op == CS_ADJUST_SCALE ? *value * adjust->amount
               : *value + adjust->amount;
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
        return 0;
    }
    return 0;
}

int cs_scenario_apply(const cs_scenario *scenario, const cs_plan *plan, cs_plan *out, cs_error *err)
{
    int rc = cs_plan_clone(out, plan, err);
    if (rc) return rc;
    for (size_t i = 0; i < scenario->n_adjust; i++) {
        char why[512], path[CS_PATH_MAX];
        const cs_adjustment *adjust = &scenario->adjust[i];
        int year = -1;
        /* The result must be a valid distribution and lie in the parameter's domain. */
        int invalid = apply_one(adjust, out, why, sizeof why) != 0 ||
                      cs_param_check(adjust->param, out, why, sizeof why, &year) != 0;
        if (invalid) {
            cs_path_key(path, sizeof path, "adjust", adjust->param->key);
            char where[64] = "";
            if (year >= 0) snprintf(where, sizeof where, " (year %d)", plan->start_year + year);
            cs_plan_free(out);
            return cs_error_input(err, scenario->file, path,
                                  "applied to plan '%s' (%s): %s %s leaves it invalid%s: %s", plan->id, plan->file,
                                  op_names[adjust->op], adjust->param->key, where, why);
        }
    }
    cs_correlations_amend(&out->correlations, &scenario->correlations);
    int changed = scenario->n_adjust || scenario->correlations.n;
    if (changed) { /* the scenario's changes must leave the plan's correlations making sense */
        cs_error why;
        if (cs_plan_correlations_check(out, &out->correlations, scenario->file, &why) != CS_OK) {
            cs_plan_free(out);
            return cs_error_input(err, scenario->file, "correlations", "applied to plan '%s' (%s): %s", plan->id,
                                  plan->file, why.message);
        }
    }
    /* --set last: a pair whose input it makes fixed is dropped, as sweep and
    ** solve drop it (cs_correlations_dropped); the command prints the note. */
    if (scenario->overrides && (rc = cs_overrides_apply(scenario->overrides, out, err))) {
        cs_plan_free(out);
        return rc;
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
