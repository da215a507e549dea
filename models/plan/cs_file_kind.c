/*
** cs_file_kind.c: plan or scenario, by content (see cs_file_kind.h).
*/
#include "cs_file_kind.h"

#include <stdio.h>
#include <string.h>

#include "cs_plan.h"

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
