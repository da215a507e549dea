/*
** cs_words.c: plain words for verdicts, thresholds, paths, moves and
** overrides (see cs_words.h).
*/
#include "cs_words.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_format.h"
#include "cs_param_path.h"

void cs_verdict_phrase(cs_verdict verdict, int borderline, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s", cs_verdict_words_of(verdict), borderline ? " (borderline)" : "");
}

const char *cs_real_outcome_words(const char *checkpoint2)
{
    if (!checkpoint2) return "–";
    if (strcmp(checkpoint2, "rigorous") == 0) return "rigorous management";
    return checkpoint2;
}

void cs_threshold_words(const char *key, double value, char *buf, size_t len)
{
    snprintf(buf, len, "%s (%s)", cs_key_label(key), cs_format_share((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, value,
                                                                      fabs(value * 100 - round(value * 100)) < 1e-9
                                                                          ? 0 : 1, 0));
}

cs_unit cs_path_words(const cs_plan *plan, const char *path_text, char *buf, size_t len)
{
    cs_param_path path;
    cs_error err;
    cs_error_clear(&err);
    if (plan && cs_param_path_parse(&path, path_text, plan, "", &err) == CS_OK) {
        cs_param_path_label(&path, buf, len);
        return cs_param_path_unit(&path);
    }
    snprintf(buf, len, "%s", path_text);
    return CS_UNIT_NUMBER;
}

void cs_stress_move_words(const cs_stress_driver *d, cs_unit unit, int up, char *buf, size_t len)
{
    double at = up ? (d->to_rigorous_found ? d->to_rigorous : !d->above_rigorous ? NAN
                      : d->to_proceed_found ? d->to_proceed : NAN)
                   : d->at_rigorous_found ? d->at_rigorous : d->at_low_found ? d->at_low : NAN;
    double move = up ? d->move_up : d->move;
    if (!isfinite(move) || !isfinite(at)) {
        snprintf(buf, len, "–");
        return;
    }
    double sign = at < d->plan_value ? -1 : 1;
    char number[CS_FORMAT_MAX];
    if (strcmp(d->basis, "sd") == 0) {
        snprintf(buf, len, "%s sd", cs_format_signed(number, sizeof number, sign * move, 1));
    } else if (strcmp(d->basis, "relative") == 0) {
        snprintf(buf, len, "%s of its value", cs_format_share(number, sizeof number, sign * move, 1, 1));
    } else if (unit == CS_UNIT_MONEY) {
        snprintf(buf, len, "%s", cs_format_money(number, sizeof number, sign * move, 1));
    } else {
        const char *text = cs_format_unit(number, sizeof number, unit, move);
        snprintf(buf, len, "%s%s", sign < 0 ? CS_MINUS : "+", text);
    }
}

int cs_override_words(const char *text, const cs_plan *plan, char *buf, size_t len)
{
    snprintf(buf, len, "%s", text);
    const char *equals = strchr(text, '=');
    if (!equals || (size_t)(equals - text) >= CS_PARAM_PATH_MAX) return -1;
    char path_text[CS_PARAM_PATH_MAX];
    memcpy(path_text, text, (size_t)(equals - text));
    path_text[equals - text] = '\0';
    cs_param_path path;
    cs_error err;
    cs_error_clear(&err);
    if (cs_param_path_parse(&path, path_text, plan, "--set", &err) != CS_OK) return -1;
    char label[160];
    cs_param_path_label(&path, label, sizeof label);
    cs_unit unit = cs_param_path_unit(&path);
    double value = strtod(equals + 1, NULL), was = cs_param_path_get(&path, plan);
    snprintf(buf, len, "%s = %s (plan: %s)", label, CS_UNIT(unit, value), CS_UNIT(unit, was));
    return 0;
}
