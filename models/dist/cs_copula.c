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
        for (size_t i = 0; i < group->n; i++) {
            group->member_axes[i] = vars[group->member[i]].axes;
            group->corr[i][i] = 1;
        }
        for (size_t p = 0; p < n_pairs; p++)
            for (size_t i = 0; i < group->n; i++)
                for (size_t j = 0; j < group->n; j++)
                    if (group->member[i] == pairs[p].a && group->member[j] == pairs[p].b)
                        group->corr[i][j] = group->corr[j][i] = cs_pearson_of_rank(pairs[p].rank);
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

/* The conditional normal (Anderson 2003, theorem 2.5.1): Sigma_GG's Cholesky
** factor solves for each member not given. */
int cs_conditional_normal(size_t n, const double *sigma, const int *given, double *coef, double *chol)
{
    size_t g_index[CS_COPULA_MAX_VARS], r_index[CS_COPULA_MAX_VARS], g = 0, r = 0;
    for (size_t i = 0; i < n; i++) {
        if (given[i]) g_index[g++] = i;
        else r_index[r++] = i;
    }
    memset(coef, 0, n * n * sizeof *coef);
    if (chol) memset(chol, 0, n * n * sizeof *chol);
    double gg[CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS], rr[CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS];
    double column[CS_COPULA_MAX_VARS], solved[CS_COPULA_MAX_VARS];
    gsl_matrix_view gg_view = gsl_matrix_view_array(gg, g ? g : 1, g ? g : 1);
    for (size_t a = 0; a < g; a++)
        for (size_t b = 0; b < g; b++) gg[a * g + b] = sigma[g_index[a] * n + g_index[b]];
    /* Sigma_GG and the conditional covariance are principal submatrices and
    ** Schur complements of a positive definite matrix: decomposition does not
    ** fail for a valid copula, so GSL's handler is left alone (threads). */
    if (g > 0 && gsl_linalg_cholesky_decomp1(&gg_view.matrix) != 0) return -1;
    for (size_t a = 0; a < r; a++) {
        size_t row = r_index[a];
        for (size_t b = 0; b < g; b++) column[b] = sigma[g_index[b] * n + row];
        if (g > 0) {
            gsl_vector_view c = gsl_vector_view_array(column, g), x = gsl_vector_view_array(solved, g);
            if (gsl_linalg_cholesky_solve(&gg_view.matrix, &c.vector, &x.vector) != 0) return -1;
        }
        for (size_t b = 0; b < g; b++) coef[row * n + g_index[b]] = solved[b];
    }
    if (!chol || r == 0) return 0;
    for (size_t a = 0; a < r; a++)
        for (size_t b = 0; b < r; b++) {
            double v = sigma[r_index[a] * n + r_index[b]];
            for (size_t k = 0; k < g; k++) v -= coef[r_index[a] * n + g_index[k]] * sigma[g_index[k] * n + r_index[b]];
            rr[a * r + b] = v;
        }
    gsl_matrix_view rr_view = gsl_matrix_view_array(rr, r, r);
    if (gsl_linalg_cholesky_decomp1(&rr_view.matrix) != 0) return -1;
    for (size_t a = 0; a < r; a++)
        for (size_t b = 0; b <= a; b++) chol[r_index[a] * n + r_index[b]] = gsl_matrix_get(&rr_view.matrix, a, b);
    return 0;
}

int cs_copula_group_conditionable(const cs_copula_group *group)
{
    unsigned wide_axes = 0;
    for (size_t i = 0; i < group->n; i++) {
        unsigned axes = group->member_axes[i];
        if (!axes) continue;
        if (wide_axes && axes != wide_axes) return 0;
        wide_axes = axes;
    }
    return 1;
}

int cs_copula_conditional(const cs_copula_group *group, const int *given, const int *present,
                          double shared[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS],
                          double single_coef[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS],
                          double wide_coef[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS])
{
    if (!cs_copula_group_conditionable(group)) return -1;
    size_t n = group->n;
    double sigma[CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS], coef[CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS];
    int single[CS_COPULA_MAX_VARS], mask[CS_COPULA_MAX_VARS], any_single = 0, any_wide = 0;
    for (size_t i = 0; i < n; i++) {
        single[i] = group->member_axes[i] == 0;
        any_single |= single[i];
        any_wide |= !single[i];
    }
    memset(single_coef, 0, sizeof(double) * CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS);
    memset(wide_coef, 0, sizeof(double) * CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS);
    /* The single members' Pearson block, inverted, for the wide members'
    ** regression on them: R_iS R_SS^-1 R_Sj. */
    double explained[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS] = {{0}};
    if (any_single && any_wide) {
        for (size_t i = 0; i < n; i++) mask[i] = single[i];
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) sigma[i * n + j] = group->corr[i][j];
        if (cs_conditional_normal(n, sigma, mask, coef, NULL) != 0) return -1;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                if (single[i] || single[j]) continue;
                double v = 0;
                for (size_t s = 0; s < n; s++)
                    if (single[s]) v += coef[i * n + s] * group->corr[s][j];
                explained[i][j] = v;
            }
    }
    /* Single members not given: on the single members given and the means of
    ** the wide members given (the wide block: explained + unexplained share). */
    if (any_single) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                double v = group->corr[i][j];
                if (!single[i] && !single[j]) {
                    double count = shared[i][i] * shared[j][j];
                    v = explained[i][j] + (count > 0 ? (group->corr[i][j] - explained[i][j]) * shared[i][j] / count : 0);
                }
                sigma[i * n + j] = v;
            }
        for (size_t i = 0; i < n; i++) mask[i] = given[i] != 0;
        /* a wide member not given plays no part in the singles' regression */
        int sub_given[CS_COPULA_MAX_VARS];
        size_t index[CS_COPULA_MAX_VARS], m = 0;
        for (size_t i = 0; i < n; i++)
            if (single[i] || given[i]) index[m++] = i;
        double sub[CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS], sub_coef[CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS];
        for (size_t a = 0; a < m; a++) {
            sub_given[a] = mask[index[a]];
            for (size_t b = 0; b < m; b++) sub[a * m + b] = sigma[index[a] * n + index[b]];
        }
        if (cs_conditional_normal(m, sub, sub_given, sub_coef, NULL) != 0) return -1;
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++)
                if (single[index[a]] && !given[index[a]]) single_coef[index[a]][index[b]] = sub_coef[a * m + b];
    }
    /* Wide members not given, element by element: on every single member and
    ** the wide members given and present. */
    if (any_wide) {
        int sub_given[CS_COPULA_MAX_VARS];
        size_t index[CS_COPULA_MAX_VARS], m = 0;
        for (size_t i = 0; i < n; i++)
            if (single[i] || !present || present[i]) index[m++] = i;
        double sub[CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS], sub_coef[CS_COPULA_MAX_VARS * CS_COPULA_MAX_VARS];
        for (size_t a = 0; a < m; a++) {
            size_t i = index[a];
            sub_given[a] = single[i] || given[i];
            for (size_t b = 0; b < m; b++) sub[a * m + b] = group->corr[i][index[b]];
        }
        if (cs_conditional_normal(m, sub, sub_given, sub_coef, NULL) != 0) return -1;
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++)
                if (!single[index[a]] && !given[index[a]]) wide_coef[index[a]][index[b]] = sub_coef[a * m + b];
    }
    return 0;
}
