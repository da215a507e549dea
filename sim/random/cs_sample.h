/*
** cs_sample.h: GSL's samplers, inline, on cssim's Philox stream.
**
** Each function returns exactly what the GSL function it names returns on
** the same stream, bit for bit, and leaves the stream where GSL would: it
** follows GSL's algorithm step by step on the same words (cs_rng.h's
** inline readers), with the same arithmetic in the same order.  What it
** saves is the function-pointer call per word and per draw, and work GSL
** repeats on every call (a gamma's constants, precomputed once per
** distribution here).
**   cs_sample_gaussian   gsl_ran_gaussian_ziggurat: the fast path inline;
**                        its strip tables are recovered from GSL itself at
**                        start-up (by probing it with chosen words), and the
**                        rare slow path (wedge or tail) steps back one word
**                        and lets GSL's own function finish the draw;
**   cs_sample_gamma      gsl_ran_gamma(a, 1) (Marsaglia and Tsang, and for
**                        a < 1 the boost by U^(1/a));
**   cs_sample_beta       gsl_ran_beta: the ratio of two gammas; for a <= 1
**                        and b <= 1 GSL's own function;
**   cs_sample_bernoulli  gsl_ran_bernoulli;  cs_sample_flat  gsl_ran_flat.
** The block fast paths (cs_words_*) draw from the words of sites' first
** blocks computed ahead, and mark what needs the stream; their _avx2
** versions (cs_sample_avx2.c) do the same four sites at a time.
** With a generator that is not cs_rng_philox they call GSL directly.
** Tested bit for bit against GSL in tests/test_sample.c.
*/
#ifndef CS_SAMPLE_H
#define CS_SAMPLE_H

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdint.h>

#include "cs_rng.h"
#include "cs_ziggurat.h"

#if defined(__GNUC__) || defined(__clang__)
#define CS_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define CS_ALWAYS_INLINE inline
#endif

/* What gsl_ran_gamma(r, a, 1) computes on every call, computed once:
** [0] a, [1] d and [2] c of Marsaglia-Tsang (for a + 1 when a < 1),
** [3] 1 / a, [4] 1 when a < 1. */
#define CS_GAMMA_SHAPE 5
void cs_gamma_shape(double a, double shape[CS_GAMMA_SHAPE]);

/* gsl_ran_gaussian_ziggurat(rng, sigma). */
static CS_ALWAYS_INLINE double cs_sample_gaussian(const gsl_rng *rng, double sigma)
{
    gsl_rng *stream = (gsl_rng *)rng;
    if (!cs_rng_is_philox(rng)) return gsl_ran_gaussian_ziggurat(rng, sigma);
    const cs_ziggurat *table = ((const cs_philox_state *)rng->state)->ziggurat;
    uint32_t k = cs_rng_word(stream);
    uint32_t i = k & 0xFF, j = (k >> 8) & 0xFFFFFF;
    int sign = (i & 0x80) ? +1 : -1;
    i &= 0x7f;
    if (j < table->accept_below[i]) {
        double x = j * table->width[i];
        return sign * sigma * x;
    }
    cs_rng_unread(stream); /* the slow path: GSL's own, from this word */
    return gsl_ran_gaussian_ziggurat(rng, sigma);
}

/* Marsaglia and Tsang's loop of gsl_ran_gamma for shape >= 1, b = 1. */
static CS_ALWAYS_INLINE double cs_sample_gamma_large(const gsl_rng *rng, double d, double c)
{
    double x, v, u;
    for (;;) {
        do {
            x = cs_sample_gaussian(rng, 1.0);
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        u = cs_rng_uniform_pos((gsl_rng *)rng);
        if (u < 1 - 0.0331 * x * x * x * x) break;
        if (log(u) < 0.5 * x * x + d * (1 - v + log(v))) break;
    }
    return 1.0 * d * v;
}

/* gsl_ran_gamma(rng, shape[0], 1) with the constants of cs_gamma_shape. */
static CS_ALWAYS_INLINE double cs_sample_gamma(const gsl_rng *rng, const double *shape)
{
    if (!cs_rng_is_philox(rng)) return gsl_ran_gamma(rng, shape[0], 1.0);
    if (shape[4] != 0) {
        double u = cs_rng_uniform_pos((gsl_rng *)rng);
        return cs_sample_gamma_large(rng, shape[1], shape[2]) * pow(u, shape[3]);
    }
    return cs_sample_gamma_large(rng, shape[1], shape[2]);
}

/* gsl_ran_beta(rng, a, b) with the gamma constants of a and b. */
static inline double cs_sample_beta(const gsl_rng *rng, double a, double b, const double *shape_a,
                                    const double *shape_b)
{
    if (!cs_rng_is_philox(rng) || (a <= 1.0 && b <= 1.0)) return gsl_ran_beta(rng, a, b);
    double x1 = cs_sample_gamma(rng, shape_a);
    double x2 = cs_sample_gamma(rng, shape_b);
    return x1 / (x1 + x2);
}

/* Speculative draws on the four words of a site's first block, in the
** order the stream gives them (v[3], v[2], v[1], v[0]): each returns 1 and
** the value when every step takes its fast path, as GSL's function would on
** those words, else 0, and then the caller draws from the stream as usual
** (which replays the same words, so the value is GSL's either way). */

/* The ziggurat's fast path on one word: 1 and *x (sign * sigma * x). */
static CS_ALWAYS_INLINE int cs_word_gaussian(const cs_ziggurat *table, uint32_t k, double sigma, double *out)
{
    uint32_t i = k & 0xFF, j = (k >> 8) & 0xFFFFFF;
    int sign = (i & 0x80) ? +1 : -1;
    i &= 0x7f;
    if (!(j < table->accept_below[i])) return 0;
    double x = j * table->width[i];
    *out = sign * sigma * x;
    return 1;
}

/* One gamma (shape >= 1) from a normal word and a uniform word, accepted by
** Marsaglia and Tsang's squeeze test or, failing that, their log test (with
** glibc's log, as GSL). */
static CS_ALWAYS_INLINE int cs_words_gamma(const cs_ziggurat *table, const double *shape, uint32_t normal_word,
                                           uint32_t uniform_word, double *out)
{
    double x, v, u;
    if (shape[4] != 0 || !cs_word_gaussian(table, normal_word, 1.0, &x)) return 0;
    v = 1.0 + shape[2] * x;
    if (v <= 0) return 0;
    v = v * v * v;
    u = (double)uniform_word / 4294967296.0;
    if (u == 0) return 0;
    if (!(u < 1 - 0.0331 * x * x * x * x) && !(log(u) < 0.5 * x * x + shape[1] * (1 - v + log(v)))) return 0;
    *out = 1.0 * shape[1] * v;
    return 1;
}

/* 1 when a beta of shapes A and B (gamma constants SHAPE_A, SHAPE_B) can
** take the block fast path at all: GSL draws it by two gammas (not both
** shapes <= 1), and neither gamma needs the boost of a shape below 1. */
static inline int cs_beta_has_block_path(double a, double b, const double *shape_a, const double *shape_b)
{
    return !(a <= 1.0 && b <= 1.0) && shape_a[4] == 0 && shape_b[4] == 0;
}

/* gsl_ran_beta (the two-gamma route) from one block's four words. */
static CS_ALWAYS_INLINE int cs_words_beta(const cs_ziggurat *table, double a, double b, const double *shape_a,
                                          const double *shape_b, const uint32_t *words, double *out)
{
    double x1, x2;
    if ((a <= 1.0 && b <= 1.0) || !cs_words_gamma(table, shape_a, words[0], words[1], &x1) ||
        !cs_words_gamma(table, shape_b, words[2], words[3], &x2))
        return 0;
    *out = x1 / (x1 + x2);
    return 1;
}

/* cs_words_beta on the first blocks of N sub-streams, given word by word
** (entry i's words in stream order are WORD[3][i], WORD[2][i], WORD[1][i],
** WORD[0][i]): OUT[j] and MISSED[j] 0 where it takes the fast path, MISSED[j]
** 1 where not; returns how many missed. */
static inline size_t cs_words_beta_run(const cs_ziggurat *table, double a, double b, const double *shape_a,
                                       const double *shape_b, uint32_t *const word[4], size_t first, size_t n,
                                       double *out, unsigned char *missed)
{
    size_t misses = 0;
    for (size_t j = 0; j < n; j++) {
        size_t i = first + j;
        uint32_t words[4] = {word[3][i], word[2][i], word[1][i], word[0][i]};
        missed[j] = (unsigned char)!cs_words_beta(table, a, b, shape_a, shape_b, words, &out[j]);
        misses += missed[j];
    }
    return misses;
}

/* cs_words_beta_run four sub-streams at a time with AVX2 (the same values
** and the same misses; cs_sample_avx2.c).  Call only when the CPU has AVX2
** (cs_simd_available). */
size_t cs_words_beta_run_avx2(const cs_ziggurat *table, double a, double b, const double *shape_a,
                              const double *shape_b, uint32_t *const word[4], size_t first, size_t n, double *out,
                              unsigned char *missed);

/* The guard band of the vector log test: a lane whose two sides differ by
** at most CS_LOG_GUARD times the size of their terms is decided again with
** glibc's log (cs_sample_avx2.c). */
#define CS_LOG_GUARD 0x1p-40

/* cs_words_beta_run_avx2 with the guard band GUARD (CS_LOG_GUARD; INFINITY
** decides every log test with glibc's log) and counts, when not NULL: LOGGED
** the log tests made, FIRED those the guard band sent to glibc's log.  For
** the tests and the benchmark. */
size_t cs_words_beta_run_avx2_guarded(const cs_ziggurat *table, double a, double b, const double *shape_a,
                                      const double *shape_b, uint32_t *const word[4], size_t first, size_t n,
                                      double *out, unsigned char *missed, double guard, size_t *logged,
                                      size_t *fired);

/* A group of four betas, each with its own shape and entry: lane k's
** shapes (alpha[k], beta[k], both > 1 or one equal to 1 and the other
** above: a shape with the block fast path), their Marsaglia-Tsang constants
** d and c (cs_gamma_shape's [1] and [2]) of alpha (_a) and of beta (_b),
** and the entry whose first block's words lane k reads.  A group of fewer
** betas repeats one lane. */
typedef struct cs_beta_lanes {
    double alpha[4], beta[4], d_a[4], c_a[4], d_b[4], c_b[4];
    int32_t entry[4];
} cs_beta_lanes;

/* Lane K of LANES := the beta whose gamma constants are SHAPE_A and
** SHAPE_B (cs_gamma_shape), at entry ENTRY. */
static inline void cs_beta_lane_set(cs_beta_lanes *lanes, int k, const double *shape_a, const double *shape_b,
                                    size_t entry)
{
    lanes->alpha[k] = shape_a[0];
    lanes->beta[k] = shape_b[0];
    lanes->d_a[k] = shape_a[1];
    lanes->c_a[k] = shape_a[2];
    lanes->d_b[k] = shape_b[1];
    lanes->c_b[k] = shape_b[2];
    lanes->entry[k] = (int32_t)entry;
}

/* cs_words_beta for the four lanes of LANES: OUT[k] and MISSED[k] as
** cs_words_beta_run; returns how many missed.  cs_words_beta_lanes_avx2
** does them in AVX2 lanes (cs_sample_avx2.c; only when the CPU has AVX2),
** each lane exactly as cs_words_beta_run_avx2's; _guarded with its guard
** band and counts. */
static inline size_t cs_words_beta_lanes(const cs_ziggurat *table, const cs_beta_lanes *lanes,
                                         uint32_t *const word[4], double *out, unsigned char *missed)
{
    size_t misses = 0;
    for (int k = 0; k < 4; k++) {
        size_t i = (size_t)lanes->entry[k];
        uint32_t words[4] = {word[3][i], word[2][i], word[1][i], word[0][i]};
        double shape_a[CS_GAMMA_SHAPE] = {lanes->alpha[k], lanes->d_a[k], lanes->c_a[k], 1.0 / lanes->alpha[k], 0};
        double shape_b[CS_GAMMA_SHAPE] = {lanes->beta[k], lanes->d_b[k], lanes->c_b[k], 1.0 / lanes->beta[k], 0};
        missed[k] = (unsigned char)!cs_words_beta(table, lanes->alpha[k], lanes->beta[k], shape_a, shape_b, words,
                                                  &out[k]);
        misses += missed[k];
    }
    return misses;
}
size_t cs_words_beta_lanes_avx2(const cs_ziggurat *table, const cs_beta_lanes *lanes, uint32_t *const word[4],
                                double *out, unsigned char *missed);
size_t cs_words_beta_lanes_avx2_guarded(const cs_ziggurat *table, const cs_beta_lanes *lanes,
                                        uint32_t *const word[4], double *out, unsigned char *missed, double guard,
                                        size_t *logged, size_t *fired);

/* The first normal of each of N sub-streams' first blocks: the ziggurat's
** fast path on the block's first word (WORD[3][i]), z = sign * 1.0 * x,
** accepted when LOW <= z <= HIGH (the standardised bounds of a normal
** truncated by rejection; -+INFINITY for none), as MEAN + SD * z, which is
** mean + sign * sd * x bit for bit (a product's rounding is symmetric in
** sign).  OUT and MISSED as cs_words_beta_run; returns how many missed. */
static inline size_t cs_words_normal_run(const cs_ziggurat *table, double mean, double sd, double low, double high,
                                         uint32_t *const word[4], size_t first, size_t n, double *out,
                                         unsigned char *missed)
{
    size_t misses = 0;
    for (size_t j = 0; j < n; j++) {
        double z = 0;
        int took = cs_word_gaussian(table, word[3][first + j], 1.0, &z) && z >= low && z <= high;
        out[j] = mean + sd * z;
        missed[j] = (unsigned char)!took;
        misses += missed[j];
    }
    return misses;
}

/* cs_words_normal_run four sub-streams at a time with AVX2 (cs_sample_avx2.c;
** only when the CPU has AVX2). */
size_t cs_words_normal_run_avx2(const cs_ziggurat *table, double mean, double sd, double low, double high,
                                uint32_t *const word[4], size_t first, size_t n, double *out, unsigned char *missed);

/* N uniforms (double)w / 2^32 from the words of consecutive blocks in
** stream order: OUT[c] is block FIRST + c / 4's word v[3 - c % 4]. */
static inline void cs_words_uniform_run(uint32_t *const word[4], size_t first, size_t n, double *out)
{
    const uint32_t *w3 = word[3] + first, *w2 = word[2] + first, *w1 = word[1] + first, *w0 = word[0] + first;
    size_t c = 0;
    for (size_t b = 0; c + 4 <= n; b++, c += 4) {
        out[c] = (double)w3[b] / 4294967296.0;
        out[c + 1] = (double)w2[b] / 4294967296.0;
        out[c + 2] = (double)w1[b] / 4294967296.0;
        out[c + 3] = (double)w0[b] / 4294967296.0;
    }
    for (; c < n; c++) out[c] = (double)word[3 - c % 4][first + c / 4] / 4294967296.0;
}

/* cs_words_uniform_run with AVX2 (cs_sample_avx2.c; only when the CPU has AVX2). */
void cs_words_uniform_run_avx2(uint32_t *const word[4], size_t first, size_t n, double *out);

/* gsl_ran_bernoulli(rng, p). */
static inline unsigned cs_sample_bernoulli(const gsl_rng *rng, double p)
{
    if (!cs_rng_is_philox(rng)) return gsl_ran_bernoulli(rng, p);
    double u = cs_rng_uniform((gsl_rng *)rng);
    return u < p ? 1 : 0;
}

/* gsl_rng_uniform(rng). */
static inline double cs_sample_uniform(const gsl_rng *rng)
{
    return cs_rng_is_philox(rng) ? cs_rng_uniform((gsl_rng *)rng) : gsl_rng_uniform(rng);
}

/* gsl_ran_flat(rng, a, b). */
static inline double cs_sample_flat(const gsl_rng *rng, double a, double b)
{
    double u = cs_sample_uniform(rng);
    return a * (1 - u) + b * u;
}

#endif
