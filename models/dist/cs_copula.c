/*
** cs_copula.c: groups, Pearson matrices and their Cholesky factors (see
** cs_copula.h).
*/
#include "cs_copula.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cs_number.h"

double cs_pearson_of_rank(double rank) { return 2 * sin(M_PI * rank / 6); }

static int axis_count(unsigned axes) { return (int)(axes & 1) + (int)((axes >> 1) & 1); }

/* The stated pairs within group G, for a message. */
static void describe_pairs(const cs_copula_var *vars, const cs_rank_pair *pairs, size_t n_pairs, const int *group_of,
                           int g, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < n_pairs && used + 1 < len; p++) {
        const cs_rank_pair *pair = &pairs[p];
        if (group_of[pair->a] != g) continue;
        int wrote = snprintf(buf + used, len - used, "%s%s~%s %s", used ? ", " : "", vars[pair->a].name,
                             vars[pair->b].name, CS_NUM(pair->rank));
        if (wrote > 0) used += (size_t)wrote;
    }
}

/* The lower Cholesky factor of the Pearson matrix of MEMBERS (present ones
** only, PRESENT may be NULL for all) into OUT.  0, or -1 if not positive
** definite. */
static int factor(const cs_copula_group *group, const cs_rank_pair *pairs, size_t n_pairs, const int *present,
                  double out[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS])
{
    size_t n = group->n, index[CS_COPULA_MAX_VARS], m = 0;
    memset(out, 0, sizeof(double) * CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS);
    for (size_t i = 0; i < n; i++)
        if (!present || present[i]) index[m++] = i;
    if (m == 0) return 0;
    gsl_matrix *matrix = gsl_matrix_alloc(m, m);
    if (!matrix) return -1;
    gsl_matrix_set_identity(matrix);
    for (size_t p = 0; p < n_pairs; p++) {
        const cs_rank_pair *pair = &pairs[p];
        int i = -1, j = -1;
        for (size_t k = 0; k < m; k++) {
            if (group->member[index[k]] == pair->a) i = (int)k;
            if (group->member[index[k]] == pair->b) j = (int)k;
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

int cs_copula_prepare(cs_copula *copula, const cs_copula_var *vars, size_t n_vars, const cs_rank_pair *pairs,
                      size_t n_pairs, char *why, size_t why_len)
{
    memset(copula, 0, sizeof *copula);
    int n = (int)n_vars;
    int parent[CS_COPULA_MAX_VARS];
    for (int k = 0; k < CS_COPULA_MAX_VARS; k++) {
        parent[k] = k;
        copula->group_of[k] = -1;
    }
    int linked[CS_COPULA_MAX_VARS] = {0};
    for (size_t p = 0; p < n_pairs; p++) { /* union-find over the pairs */
        int a = pairs[p].a, b = pairs[p].b;
        linked[a] = linked[b] = 1;
        while (parent[a] != a) a = parent[a];
        while (parent[b] != b) b = parent[b];
        if (a != b) parent[b] = a;
    }
    for (int k = 0; k < n; k++) {
        if (!linked[k]) continue;
        int root = k;
        while (parent[root] != root) root = parent[root];
        if (copula->group_of[root] < 0) copula->group_of[root] = (int)copula->n_groups++;
        copula->group_of[k] = copula->group_of[root];
    }
    for (size_t g = 0; g < copula->n_groups; g++) {
        cs_copula_group *group = &copula->group[g];
        for (int width = 0; width <= 2; width++) /* members ordered by their axes, then number */
            for (int k = 0; k < n; k++)
                if (copula->group_of[k] == (int)g && axis_count(vars[k].axes) == width) {
                    group->member[group->n++] = k;
                    group->axes |= vars[k].axes;
                }
        char described[512];
        int has_ccg = 0, has_year = 0;
        for (size_t i = 0; i < group->n; i++) {
            unsigned axes = vars[group->member[i]].axes;
            has_ccg |= axes == CS_AXIS_UNIT;
            has_year |= axes == CS_AXIS_PERIOD;
        }
        if (has_ccg && has_year) {
            describe_pairs(vars, pairs, n_pairs, copula->group_of, (int)g, described, sizeof described);
            snprintf(why, why_len, "%s", described);
            return CS_COPULA_MIXED_AXES;
        }
        if (factor(group, pairs, n_pairs, NULL, group->chol) != 0) {
            describe_pairs(vars, pairs, n_pairs, copula->group_of, (int)g, described, sizeof described);
            snprintf(why, why_len, "%s", described);
            return CS_COPULA_NOT_DEFINITE;
        }
        for (size_t i = 0; i < group->n; i++)
            group->present_year0[i] = !(group->axes & CS_AXIS_PERIOD) || !vars[group->member[i]].absent_first_period;
        if (factor(group, pairs, n_pairs, group->present_year0, group->chol_year0) != 0) {
            describe_pairs(vars, pairs, n_pairs, copula->group_of, (int)g, described, sizeof described);
            snprintf(why, why_len, "%s", described);
            return CS_COPULA_NOT_DEFINITE_FIRST;
        }
    }
    return 0;
}
