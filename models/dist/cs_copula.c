/*
** cs_copula.c: groups, Pearson matrices and their Cholesky factors (see
** cs_copula.h).
*/
#include "cs_copula.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <stdio.h>
#include <string.h>

unsigned cs_input_axes(cs_input_id id)
{
    switch (cs_inputs[id].scope) {
    case CS_SCOPE_TRIAL: return 0;
    case CS_SCOPE_CCG: return CS_AXIS_CCG;
    case CS_SCOPE_YEAR: return CS_AXIS_YEAR;
    case CS_SCOPE_YEAR_CCG: return CS_AXIS_CCG | CS_AXIS_YEAR;
    }
    return 0;
}

static int axis_count(unsigned axes) { return (int)(axes & 1) + (int)((axes >> 1) & 1); }

/* The stated pairs within group G, for a message. */
static void describe_pairs(const cs_correlations *active, const int *group_of, int g, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < active->n && used + 1 < len; p++) {
        const cs_correlation *pair = &active->pair[p];
        if (group_of[pair->a] != g) continue;
        int wrote = snprintf(buf + used, len - used, "%s%s~%s %s", used ? ", " : "", cs_inputs[pair->a].name,
                             cs_inputs[pair->b].name, CS_NUM(pair->rank));
        if (wrote > 0) used += (size_t)wrote;
    }
}

/* The lower Cholesky factor of the Pearson matrix of MEMBERS (present ones
** only, PRESENT may be NULL for all) into OUT.  0, or -1 if not positive
** definite. */
static int factor(const cs_copula_group *group, const cs_correlations *active, const int *present,
                  double out[CS_N_INPUTS][CS_N_INPUTS])
{
    size_t n = group->n, index[CS_N_INPUTS], m = 0;
    memset(out, 0, sizeof(double) * CS_N_INPUTS * CS_N_INPUTS);
    for (size_t i = 0; i < n; i++)
        if (!present || present[i]) index[m++] = i;
    if (m == 0) return 0;
    gsl_matrix *matrix = gsl_matrix_alloc(m, m);
    if (!matrix) return -1;
    gsl_matrix_set_identity(matrix);
    for (size_t p = 0; p < active->n; p++) {
        const cs_correlation *pair = &active->pair[p];
        int i = -1, j = -1;
        for (size_t k = 0; k < m; k++) {
            if (group->member[index[k]] == (cs_input_id)pair->a) i = (int)k;
            if (group->member[index[k]] == (cs_input_id)pair->b) j = (int)k;
        }
        if (i < 0 || j < 0) continue;
        double r = cs_pearson_of_rank(pair->rank);
        gsl_matrix_set(matrix, (size_t)i, (size_t)j, r);
        gsl_matrix_set(matrix, (size_t)j, (size_t)i, r);
    }
    gsl_error_handler_t *previous = gsl_set_error_handler_off();
    int status = gsl_linalg_cholesky_decomp1(matrix);
    gsl_set_error_handler(previous);
    if (status == 0)
        for (size_t r = 0; r < m; r++)
            for (size_t c = 0; c <= r; c++) out[index[r]][index[c]] = gsl_matrix_get(matrix, r, c);
    gsl_matrix_free(matrix);
    return status == 0 ? 0 : -1;
}

int cs_copula_prepare(cs_copula *copula, const cs_correlations *active, char *why, size_t why_len)
{
    memset(copula, 0, sizeof *copula);
    int parent[CS_N_INPUTS];
    for (int k = 0; k < CS_N_INPUTS; k++) {
        parent[k] = k;
        copula->group_of[k] = -1;
    }
    int linked[CS_N_INPUTS] = {0};
    for (size_t p = 0; p < active->n; p++) { /* union-find over the pairs */
        int a = active->pair[p].a, b = active->pair[p].b;
        linked[a] = linked[b] = 1;
        while (parent[a] != a) a = parent[a];
        while (parent[b] != b) b = parent[b];
        if (a != b) parent[b] = a;
    }
    for (int k = 0; k < CS_N_INPUTS; k++) {
        if (!linked[k]) continue;
        int root = k;
        while (parent[root] != root) root = parent[root];
        if (copula->group_of[root] < 0) copula->group_of[root] = (int)copula->n_groups++;
        copula->group_of[k] = copula->group_of[root];
    }
    for (size_t g = 0; g < copula->n_groups; g++) {
        cs_copula_group *group = &copula->group[g];
        for (int width = 0; width <= 2; width++) /* members ordered by their axes, then id */
            for (int k = 0; k < CS_N_INPUTS; k++)
                if (copula->group_of[k] == (int)g && axis_count(cs_input_axes((cs_input_id)k)) == width) {
                    group->member[group->n++] = (cs_input_id)k;
                    group->axes |= cs_input_axes((cs_input_id)k);
                }
        char pairs[512];
        int has_ccg = 0, has_year = 0;
        for (size_t i = 0; i < group->n; i++) {
            unsigned axes = cs_input_axes(group->member[i]);
            has_ccg |= axes == CS_AXIS_CCG;
            has_year |= axes == CS_AXIS_YEAR;
        }
        if (has_ccg && has_year) {
            describe_pairs(active, copula->group_of, (int)g, pairs, sizeof pairs);
            snprintf(why, why_len, "these correlations link an input drawn per CCG with one drawn per year, which has "
                                   "no meaning: %s", pairs);
            return -1;
        }
        if (factor(group, active, NULL, group->chol) != 0) {
            describe_pairs(active, copula->group_of, (int)g, pairs, sizeof pairs);
            snprintf(why, why_len, "these rank correlations cannot hold together (their matrix is not positive "
                                   "definite); loosen some of them: %s", pairs);
            return -1;
        }
        for (size_t i = 0; i < group->n; i++)
            group->present_year0[i] = !(group->axes & CS_AXIS_YEAR) || cs_inputs[group->member[i]].first_year == 0;
        if (factor(group, active, group->present_year0, group->chol_year0) != 0) {
            describe_pairs(active, copula->group_of, (int)g, pairs, sizeof pairs);
            snprintf(why, why_len, "these rank correlations cannot hold together in year 0: %s", pairs);
            return -1;
        }
    }
    return 0;
}
