/*
** cs_copula.h: the Gaussian copula of rank correlations between variables.
**
** Generic: the variables are numbered 0 .. n-1, each may carry values along
** two axes (in cssim, CCGs and years; models/plan/cs_correlations.c names
** them).  The correlated variables fall into groups (connected by their pairs).  Each
** group holds its members in the order of their axes (per trial first,
** then per CCG or per year, then per CCG and year), the Pearson matrix of
** their correlations (rho_p = 2 sin(pi rho_s / 6); 0 for a pair not stated)
** and its lower Cholesky factor (GSL's gsl_linalg_cholesky_decomp1).  In
** year 0 the inputs drawn only from year 1 are absent, so a group with
** such members has a second factor, of the members present in year 0.
** Correlated normal scores are then z = L e for independent standard
** normal scores e, element by element (cs_inverse.c).
*/
#ifndef CS_COPULA_H
#define CS_COPULA_H

#include <stddef.h>

/* The most variables a copula holds. */
#define CS_COPULA_MAX_VARS 16

/* The axes a variable's values run along: none (one value), units (in
** cssim, CCGs), periods (years), or both. */
enum { CS_AXIS_UNIT = 1, CS_AXIS_PERIOD = 2 };

/* A variable: its name (for messages), its axes, and whether it is absent
** in the first period. */
typedef struct cs_copula_var {
    const char *name;
    unsigned axes;
    int absent_first_period;
} cs_copula_var;

/* A rank correlation between variables a < b: Spearman's rho in [-1, 1]. */
typedef struct cs_rank_pair {
    int a, b;
    double rank;
} cs_rank_pair;

/* Pearson's r of the normal scores for a rank correlation: 2 sin(pi rho / 6). */
double cs_pearson_of_rank(double rank);

typedef struct cs_copula_group {
    size_t n;                                      /* members */
    int member[CS_COPULA_MAX_VARS];                       /* ordered by their axes, then number */
    unsigned axes;                                 /* the widest member's */
    double chol[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS];         /* lower factor of all members */
    double chol_year0[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS];   /* of those present in the first period (absent rows 0) */
    int present_year0[CS_COPULA_MAX_VARS];                /* by position */
    double corr[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS];  /* the Pearson matrix, by position */
    unsigned member_axes[CS_COPULA_MAX_VARS];             /* by position */
} cs_copula_group;

typedef struct cs_copula {
    size_t n_groups;
    cs_copula_group group[CS_COPULA_MAX_VARS];
    int group_of[CS_COPULA_MAX_VARS];                     /* by variable: its group, or -1 */
} cs_copula;

/* Why a copula cannot be made. */
enum {
    CS_COPULA_MIXED_AXES = -1,         /* a variable along units only is linked with one along periods only */
    CS_COPULA_NOT_DEFINITE = -2,       /* the Pearson matrix is not positive definite */
    CS_COPULA_NOT_DEFINITE_FIRST = -3  /* nor is it among the variables present in the first period */
};

/* The copula of N_PAIRS rank correlations PAIRS between the N_VARS
** variables VARS (n_vars <= CS_COPULA_MAX_VARS).  Returns 0, or one of the
** reasons above with the pairs involved in WHY ("a~b 0.5, b~c -0.3"). */
int cs_copula_prepare(cs_copula *copula, const cs_copula_var *vars, size_t n_vars, const cs_rank_pair *pairs,
                      size_t n_pairs, char *why, size_t why_len);

/* The conditional normal of a Gaussian vector: of N standard-normal-scale
** variables with covariance SIGMA (row-major N x N), the members with
** GIVEN[i] nonzero are given.  COEF (N x N) gets, for each member r not
** given, the regression coefficients on the given ones, Sigma_RG
** Sigma_GG^-1 (row r, zero elsewhere), so E[z_R | z_G] = COEF z_G; CHOL, when
** not NULL, the lower Cholesky factor of the conditional covariance
** Sigma_RR - Sigma_RG Sigma_GG^-1 Sigma_GR in the rows and columns of the
** members not given (zero elsewhere), so z_R = COEF z_G + CHOL e draws the
** conditional from independent standard normal scores e.  N <=
** CS_COPULA_MAX_VARS.  0, or -1 when Sigma_GG or the conditional covariance is
** not positive definite (a given member determined by the others). */
int cs_conditional_normal(size_t n, const double *sigma, const int *given, double *coef, double *chol);

/* Whether the conditional of a group's members given some of the others
** can be drawn exactly, element by element (cs_copula_conditional): when
** its members have at most two kinds of axes, and if two, the narrower has
** none (one value a trial). */
int cs_copula_group_conditionable(const cs_copula_group *group);

/* The conditional of a group's members not GIVEN (by position) given those
** GIVEN, as it applies to values along axes.  A member with no axes
** ("single") has one value; a member with axes ("wide") has several
** elements, conditionally independent of each other given the single
** members (that is how the copula builds them: z = L e, element by element,
** with a single member's score shared by every element).  SHARED[i][j] is
** the number of elements wide members i and j have in common (SHARED[i][i]
** their counts; an element is a unit or a period or both).
**   - A single member not given takes SINGLE_COEF[r][g] on each given
**     member g: its score for a single g, the mean of its elements' scores
**     for a wide g.  Exact: given the single members, a wide member's
**     elements are independent draws about a mean linear in them, so their
**     mean is sufficient for the single members (the regression is on the
**     Pearson matrix with the wide block replaced by the covariance of the
**     element means).
**   - A wide member not given takes, element by element, WIDE_COEF[r][g] on
**     every single member (given or just drawn) and on each given wide
**     member g present at that element (PRESENT, by position; NULL for all).
** 0, or -1 for a group that is not conditionable or a degenerate matrix. */
int cs_copula_conditional(const cs_copula_group *group, const int *given, const int *present,
                          double shared[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS],
                          double single_coef[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS],
                          double wide_coef[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS]);

#endif
