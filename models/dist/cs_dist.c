/*
** cs_dist.c: the family registry and what all families share: building
** and the `scale`/`add` location shift.  Reading and writing JSON is the
** plan layer's (models/plan/cs_dist_json.c).
*/
#include "cs_dist.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const cs_dist_family *const cs_dist_families[CS_DIST_N_FAMILIES] = {
    &cs_dist_fixed, &cs_dist_normal, &cs_dist_lognormal, &cs_dist_beta,
    &cs_dist_uniform, &cs_dist_triangular, &cs_dist_pert,
};
const size_t cs_dist_n_families = sizeof cs_dist_families / sizeof cs_dist_families[0];
#define N_FAMILIES cs_dist_n_families

const cs_dist_family *cs_dist_family_find(const char *name)
{
    for (size_t i = 0; i < N_FAMILIES; i++)
        if (strcmp(cs_dist_families[i]->name, name) == 0) return cs_dist_families[i];
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
