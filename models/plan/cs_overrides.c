/*
** cs_overrides.c: what-if overrides (see cs_overrides.h).
*/
#include "cs_overrides.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cs_number_read.h"
#include "cs_param_path.h"

/* Split TEXT into its path (into PATH) and its value. */
static int split(const char *text, char path[CS_PARAM_PATH_MAX], double *value, cs_error *err)
{
    const char *equals = strchr(text, '=');
    if (!equals || equals == text)
        return cs_error_input(err, NULL, "--set", "'%s': expected PATH=VALUE, e.g. churn.mean=0.04 or price=1.05",
                              text);
    size_t length = (size_t)(equals - text);
    if (length >= CS_PARAM_PATH_MAX) return cs_error_input(err, NULL, "--set", "'%s': the path is too long", text);
    memcpy(path, text, length);
    path[length] = '\0';
    const char *number = equals + 1;
    cs_number_status status = cs_number_parse(number, value);
    if (status == CS_NUMBER_INVALID)
        return cs_error_input(err, NULL, "--set", "'%s': expected a number after '=' (no spaces), found '%s'", text,
                              number);
    if (status != CS_NUMBER_OK)
        return cs_error_input(err, NULL, "--set", "'%s': %s %s", text, number, cs_number_problem(status));
    for (const char *c = text; c < equals; c++)
        if (isspace((unsigned char)*c))
            return cs_error_input(err, NULL, "--set", "'%s': expected PATH=VALUE with no spaces", text);
    return CS_OK;
}

int cs_overrides_add(cs_overrides *overrides, const char *text, cs_error *err)
{
    char path[CS_PARAM_PATH_MAX];
    double value;
    int rc = split(text, path, &value, err);
    if (rc) return rc;
    if (overrides->n == CS_MAX_OVERRIDES)
        return cs_error_input(err, NULL, "--set", "at most %d overrides", CS_MAX_OVERRIDES);
    overrides->text[overrides->n++] = text;
    return CS_OK;
}

int cs_overrides_apply(const cs_overrides *overrides, cs_plan *plan, cs_error *err)
{
    for (size_t i = 0; overrides && i < overrides->n; i++) {
        const char *text = overrides->text[i];
        char path_text[CS_PARAM_PATH_MAX], where[CS_PARAM_PATH_MAX + 8], why[512];
        double value = 0;
        int rc = split(text, path_text, &value, err);
        if (rc) return rc;
        snprintf(where, sizeof where, "--set %s", path_text);
        cs_param_path path;
        if ((rc = cs_param_path_parse(&path, path_text, plan, "--set", err))) return rc;
        if (cs_param_path_set(&path, plan, value, why, sizeof why) != 0)
            return cs_error_input(err, NULL, where, "%s for plan '%s' is not allowed: %s", CS_NUM(value), plan->id, why);
    }
    return CS_OK;
}
