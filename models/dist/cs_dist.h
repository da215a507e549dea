/*
** cs_dist.h: the uncertain-parameter distributions of docs/model.md.
**
** A cs_dist is a value type (no heap memory): a family plus up to four
** parameters, named by the family (`mean`, `sd`, `min`, `max`, ...), and the
** derived constants the sampler needs.  Build one with cs_dist_make (which
** validates) or cs_dist_from_json (models/plan/cs_dist_json.h); draw with cs_dist_sample(d, rng), which
** calls GSL's random number distributions.  One family per file:
** cs_dist_fixed.c, cs_dist_normal.c, ... cs_dist_pert.c.
*/
#ifndef CS_DIST_H
#define CS_DIST_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#define CS_DIST_MAX_PARAMS 4
#define CS_DIST_MAX_DERIVED 12

typedef struct cs_dist cs_dist;
struct cs_ziggurat;

/* An interval of the real line; each end open or closed, possibly infinite. */
typedef struct cs_interval {
    double lo, hi;
    unsigned char lo_open, hi_open;
} cs_interval;

typedef struct cs_dist_family {
    const char *name;                       /* the JSON `dist` value */
    const char *field[CS_DIST_MAX_PARAMS];  /* names of param[i]; NULL past the last */
    unsigned required;                      /* bit i set: field i must be given */
    double field_default[CS_DIST_MAX_PARAMS];
    unsigned location;                      /* bit i set: `scale`/`add` move field i */
    /* Check the parameters and fill the derived constants.  Returns 0, or -1
    ** with a reason in `why` ("sd must be > 0"). */
    int (*prepare)(cs_dist *d, char *why, size_t why_len);
    /* One draw.  Contract: only after a successful prepare. */
    double (*sample)(const cs_dist *d, const gsl_rng *rng);
    /* Optional: the draws `sample` would make from the N sub-streams FIRST ..
    ** FIRST + N - 1, each from its first block only, given word by word (word
    ** w of entry i is WORD[w][i]; the stream reads WORD[3], WORD[2], WORD[1],
    ** WORD[0]): OUT[j] := the draw of entry FIRST + j and MISSED[j] := 0
    ** where it needs no other word and takes only fast paths, else MISSED[j]
    ** := 1 (then call sample on its stream, which replays the same words).
    ** Returns how many were missed.  TABLE is GSL's ziggurat (cs_sample.h);
    ** PATH the run's instruction set (cs_simd_path). */
    size_t (*sample_run)(const cs_dist *d, const struct cs_ziggurat *table, int path, uint32_t *const word[4],
                         size_t first, size_t n, double *out, unsigned char *missed);
    /* Closed-form mean and standard deviation (used by tests and reports). */
    double (*mean)(const cs_dist *d);
    double (*sd)(const cs_dist *d);
    /* P(X <= x), and its inverse: the p-quantile for p in [0, 1] (p = 0 and
    ** p = 1 give the ends of the support, possibly infinite).  Used to hold
    ** an input at a quantile (drivers), and for copula and Latin hypercube
    ** sampling.  Contract: only after a successful prepare. */
    double (*cdf)(const cs_dist *d, double x);
    double (*quantile)(const cs_dist *d, double p);
    /* The support: the smallest interval holding every value the
    ** distribution can take (an infinite end where it is unbounded). */
    cs_interval (*support)(const cs_dist *d);
} cs_dist_family;

struct cs_dist {
    const cs_dist_family *family;
    double param[CS_DIST_MAX_PARAMS];
    double derived[CS_DIST_MAX_DERIVED];   /* the family's constants, computed by prepare */
};

extern const cs_dist_family cs_dist_fixed;
extern const cs_dist_family cs_dist_normal;
extern const cs_dist_family cs_dist_lognormal;
extern const cs_dist_family cs_dist_beta;
extern const cs_dist_family cs_dist_uniform;
extern const cs_dist_family cs_dist_triangular;
extern const cs_dist_family cs_dist_pert;

/* Every family, in the order of the JSON `dist` names listed in messages. */
#define CS_DIST_N_FAMILIES 7
extern const cs_dist_family *const cs_dist_families[CS_DIST_N_FAMILIES];
extern const size_t cs_dist_n_families;

/* The family called NAME, or NULL. */
const cs_dist_family *cs_dist_family_find(const char *name);

/* How many fields FAMILY has (1 to CS_DIST_MAX_PARAMS). */
size_t cs_dist_field_count(const cs_dist_family *family);

/* d := FAMILY(params...), validated.  params has as many values as the family
** has fields (optional ones may carry their default).  Returns 0 or -1 with why. */
int cs_dist_make(cs_dist *d, const cs_dist_family *family, const double *params,
                 char *why, size_t why_len);

/* d := fixed(value); never fails. */
void cs_dist_set_fixed(cs_dist *d, double value);

/* 1 when d always gives the same value (fixed family). */
int cs_dist_is_fixed(const cs_dist *d);

typedef enum { CS_ADJUST_SET, CS_ADJUST_SCALE, CS_ADJUST_ADD } cs_adjust_op;

/* Move d's location fields: multiply them by amount (SCALE) or add amount
** (ADD), then re-validate.  Returns 0 or -1 with why. */
int cs_dist_shift(cs_dist *d, cs_adjust_op op, double amount, char *why, size_t why_len);

/* A beta(alpha, beta) sampler's constants into d->derived (the beta and
** pert families): [0] alpha, [1] beta, then both gammas' (cs_sample.h). */
void cs_beta_constants(cs_dist *d, double alpha, double beta);

/* 1 when D is a beta whose draws have the block fast path (cs_words_beta:
** not alpha <= 1 and beta <= 1, and neither shape below 1), with SHAPE_A
** and SHAPE_B its gammas' constants (cs_gamma_shape); else 0. */
int cs_dist_beta_block_shapes(const cs_dist *d, const double **shape_a, const double **shape_b);
/* For the three-point families (triangular, pert): min < max and
** min <= mode <= max.  Returns 0 or -1 with why. */
int cs_dist_check_three_point(const cs_dist *d, char *why, size_t why_len);

/* One draw from d using rng. */
static inline double cs_dist_sample(const cs_dist *d, const gsl_rng *rng)
{
    return d->family->sample(d, rng);
}

static inline double cs_dist_mean(const cs_dist *d) { return d->family->mean(d); }
static inline double cs_dist_sd(const cs_dist *d) { return d->family->sd(d); }
static inline double cs_dist_cdf(const cs_dist *d, double x) { return d->family->cdf(d, x); }
static inline double cs_dist_quantile(const cs_dist *d, double p) { return d->family->quantile(d, p); }
static inline cs_interval cs_dist_support(const cs_dist *d) { return d->family->support(d); }

#endif
