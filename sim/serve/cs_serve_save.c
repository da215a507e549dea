/*
** cs_serve_save.c: the edited plan written as a new plan file (see
** cs_serve_save.h).
*/
#include "cs_serve_save.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_dist_json.h"
#include "cs_json.h"
#include "cs_output.h"
#include "cs_param_path.h"

static int check_target(const char *to, cs_error *err)
{
    size_t length = strlen(to);
    int bad = length < 6 || strcmp(to + length - 5, ".json") != 0 || to[0] == '/' || strstr(to, "..") != NULL;
    if (bad)
        return cs_error_input(err, "request body", "to",
                              "'%s': expected a relative path ending in .json, without '..', e.g. my-plan.json", to);
    return CS_OK;
}

/* The JSON value of the key an override's PATH edits, from EDITED; *KEY names it. */
static cJSON *edited_value(const char *override, const cs_plan *edited, const char **key, cs_error *err)
{
    char text[CS_PARAM_PATH_MAX];
    snprintf(text, sizeof text, "%.*s", (int)strcspn(override, "="), override);
    cs_param_path path;
    if (cs_param_path_parse(&path, text, edited, "--set", err) != CS_OK) return NULL;
    if (path.kind == CS_PATH_CORRELATION) {
        *key = "correlations";
        return cs_correlations_to_json(&edited->correlations);
    }
    if (path.kind == CS_PATH_PRICE) {
        *key = "price_per_head";
        return cJSON_CreateDoubleArray(edited->price_per_head, (int)edited->n_prices);
    }
    *key = path.param->key;
    if (path.kind == CS_PATH_NUMBER) return cJSON_CreateNumber(*cs_param_number((cs_plan *)edited, path.param));
    return cs_dist_to_json(cs_param_dist((cs_plan *)edited, path.param));
}

static void set_key(cJSON *object, const char *key, cJSON *value)
{
    if (cJSON_GetObjectItemCaseSensitive(object, key)) cJSON_ReplaceItemInObjectCaseSensitive(object, key, value);
    else cJSON_AddItemToObject(object, key, value);
}

/* The plan file's tree with the edits and their provenance. */
static int edited_tree(const cs_serve_save_request *request, cJSON **out, cs_error *err)
{
    cs_plan edited;
    int rc = cs_plan_clone(&edited, request->plan, err);
    if (rc) return rc;
    rc = cs_overrides_apply(request->overrides, &edited, err);
    cJSON *tree = cJSON_Duplicate(request->plan_json, 1);
    if (!rc && !tree) rc = cs_error_fail(err, NULL, "out of memory");
    for (size_t i = 0; !rc && request->overrides && i < request->overrides->n; i++) {
        const char *key = NULL;
        cJSON *value = edited_value(request->overrides->text[i], &edited, &key, err);
        if (!value) rc = err->code ? err->code : cs_error_fail(err, NULL, "out of memory");
        else set_key(tree, key, value);
    }
    if (!rc) {
        cJSON *provenance = cJSON_GetObjectItemCaseSensitive(tree, "provenance");
        if (!provenance) provenance = cJSON_AddObjectToObject(tree, "provenance");
        cJSON *edits = cJSON_GetObjectItemCaseSensitive(provenance, "edits");
        if (!cJSON_IsArray(edits)) {
            cJSON_DeleteItemFromObjectCaseSensitive(provenance, "edits");
            edits = cJSON_AddArrayToObject(provenance, "edits");
        }
        for (size_t i = 0; request->overrides && i < request->overrides->n; i++)
            cJSON_AddItemToArray(edits, cJSON_CreateString(request->overrides->text[i]));
        set_key(provenance, "edited_from", cJSON_CreateString(request->plan_file));
        set_key(provenance, "edited_by", cJSON_CreateString("cssim serve (--set PATH=VALUE for each edit)"));
    }
    cs_plan_free(&edited);
    if (!rc) { /* what is written must load as a plan */
        cs_plan check;
        rc = cs_plan_from_json(&check, tree, request->to, err);
        cs_plan_free(&check);
    }
    if (rc) {
        cJSON_Delete(tree);
        return rc;
    }
    *out = tree;
    return CS_OK;
}

/* Every top-level key whose value differs, as {"key", "old", "new"}. */
static cJSON *tree_diff(const cJSON *old, const cJSON *new)
{
    cJSON *diff = cJSON_CreateArray();
    const cJSON *item;
    cJSON_ArrayForEach(item, new)
    {
        const cJSON *before = cJSON_GetObjectItemCaseSensitive(old, item->string);
        if (before && cJSON_Compare(before, item, 1)) continue;
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "key", item->string);
        cJSON_AddItemToObject(entry, "old", before ? cJSON_Duplicate(before, 1) : cJSON_CreateNull());
        cJSON_AddItemToObject(entry, "new", cJSON_Duplicate(item, 1));
        cJSON_AddItemToArray(diff, entry);
    }
    return diff;
}

static void write_text(FILE *out, const void *text) { fputs(text, out); }

int cs_serve_save(const cs_serve_save_request *request, cJSON **answer, cs_error *err)
{
    *answer = NULL;
    int rc = check_target(request->to, err);
    if (rc) return rc;
    int exists = access(request->to, F_OK) == 0;
    if (exists && !request->replace && !request->dry_run) {
        cs_error_input(err, request->to, NULL, "the file exists; save with \"replace\": true to replace it (its "
                                               "old bytes are kept as %s.bak)", request->to);
        return CS_SERVE_SAVE_EXISTS;
    }
    cJSON *tree = NULL;
    if ((rc = edited_tree(request, &tree, err))) return rc;
    char backup[4096] = "";
    if (!request->dry_run && exists) { /* keep the old bytes first */
        snprintf(backup, sizeof backup, "%s.bak", request->to);
        char *old = cs_read_file(request->to, err);
        rc = old ? cs_output_write(backup, write_text, old, err) : (err->code ? err->code : CS_ERR_FAIL);
        free(old);
    }
    if (!rc && !request->dry_run) rc = cs_output_json(request->to, tree, err);
    if (!rc) {
        cJSON *json = cJSON_CreateObject();
        cJSON_AddStringToObject(json, "to", request->to);
        cJSON_AddBoolToObject(json, "written", !request->dry_run);
        cJSON_AddItemToObject(json, "backup", backup[0] ? cJSON_CreateString(backup) : cJSON_CreateNull());
        cJSON_AddItemToObject(json, "exists", cJSON_CreateBool(exists));
        cJSON_AddItemToObject(json, "diff", tree_diff(request->plan_json, tree));
        *answer = json;
    }
    cJSON_Delete(tree);
    return rc;
}
