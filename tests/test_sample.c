/*
** test_sample.c: the fast random numbers are the slow ones, bit for bit.
**
** Each Philox path the machine has (AVX-512, AVX2, scalar) against
** Random123's philox4x32 on random counters and keys; each inline sampler
** against the GSL function it follows, on the same stream, value by value
** and in where it leaves the stream; the speculative block paths against
** GSL on the same words; and whole outputs of the tool under each path
** (CSSIM_SIMD) compared byte for byte.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_dist.h"
#include "cs_philox.h"
#include "cs_rng.h"
#include "cs_sample.h"
#include "test_util.h"

#define DRAWS 400000

Test(philox, every_path_equals_random123)
{
    size_t n = 1024;
    uint32_t *block = malloc(n * sizeof *block), *site = malloc(n * sizeof *site), *words = malloc(4 * n * 4);
    uint32_t *word[4] = {words, words + n, words + 2 * n, words + 3 * n};
    gsl_rng *rng = cs_rng_alloc();
    cs_rng_trial(rng, 99, 3, 1);
    for (int path = CS_SIMD_SCALAR; path <= CS_SIMD_AVX512; path++) {
        if (!cs_simd_available((cs_simd_path)path)) continue;
        for (int key_case = 0; key_case < 4; key_case++) {
            philox4x32_key_t key = {{cs_rng_word(rng), cs_rng_word(rng)}};
            uint32_t trial = cs_rng_word(rng), plan = cs_rng_word(rng);
            for (size_t i = 0; i < n; i++) {
                block[i] = cs_rng_word(rng) % 8;
                site[i] = cs_rng_word(rng);
            }
            cs_philox_batch_for((cs_simd_path)path)(key, trial, plan, block, site, n, word);
            for (size_t i = 0; i < n; i++) {
                philox4x32_ctr_t counter = {{block[i], site[i], trial, plan}}, expected = philox4x32(counter, key);
                for (int w = 0; w < 4; w++)
                    cr_assert_eq(word[w][i], expected.v[w], "%s: block %zu word %d", cs_simd_name((cs_simd_path)path),
                                 i, w);
            }
        }
    }
    gsl_rng_free(rng);
    free(block);
    free(site);
    free(words);
}

/* Two generators on the same stream: one for the inline sampler, one for GSL. */
typedef struct twin {
    gsl_rng *inline_rng, *gsl_rng;
} twin;

static twin twin_at(uint32_t site)
{
    twin t = {cs_rng_alloc(), cs_rng_alloc()};
    cs_rng_trial(t.inline_rng, 2024, 7, site);
    cs_rng_trial(t.gsl_rng, 2024, 7, site);
    cs_rng_site(t.inline_rng, site);
    cs_rng_site(t.gsl_rng, site);
    return t;
}

/* Both streams must stand at the same place: their next words agree. */
static void expect_in_step(const twin *t, const char *what)
{
    cr_expect_eq(cs_rng_word(t->inline_rng), (uint32_t)gsl_rng_get(t->gsl_rng), "%s: the streams drifted apart", what);
    gsl_rng_free(t->inline_rng);
    gsl_rng_free(t->gsl_rng);
}

Test(sample, gaussian_equals_gsl_ran_gaussian_ziggurat)
{
    const double sigmas[] = {1.0, 2.5, 1e-3};
    for (size_t s = 0; s < 3; s++) {
        twin t = twin_at((uint32_t)s + 1);
        for (size_t i = 0; i < DRAWS; i++) {
            double fast = cs_sample_gaussian(t.inline_rng, sigmas[s]);
            double slow = gsl_ran_gaussian_ziggurat(t.gsl_rng, sigmas[s]);
            cr_assert_eq(fast, slow, "sigma %g draw %zu: %.17g vs %.17g", sigmas[s], i, fast, slow);
        }
        expect_in_step(&t, "gaussian");
    }
}

Test(sample, gamma_equals_gsl_ran_gamma)
{
    const double shapes[] = {0.3, 0.9, 1.0, 1.72, 5.8, 17.0, 84.4, 1e4};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        double shape[CS_GAMMA_SHAPE];
        cs_gamma_shape(shapes[s], shape);
        twin t = twin_at((uint32_t)s + 10);
        for (size_t i = 0; i < DRAWS / 4; i++) {
            double fast = cs_sample_gamma(t.inline_rng, shape), slow = gsl_ran_gamma(t.gsl_rng, shapes[s], 1.0);
            cr_assert_eq(fast, slow, "a %g draw %zu: %.17g vs %.17g", shapes[s], i, fast, slow);
        }
        expect_in_step(&t, "gamma");
    }
}

Test(sample, beta_bernoulli_and_flat_equal_gsl)
{
    const double shapes[][2] = {{1.72, 84.4}, {17.0, 20.7}, {5.8, 2.5}, {0.5, 0.8}, {0.6, 3.0}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        double a = shapes[s][0], b = shapes[s][1], shape_a[CS_GAMMA_SHAPE], shape_b[CS_GAMMA_SHAPE];
        cs_gamma_shape(a, shape_a);
        cs_gamma_shape(b, shape_b);
        twin t = twin_at((uint32_t)s + 20);
        for (size_t i = 0; i < DRAWS / 4; i++) {
            double fast = cs_sample_beta(t.inline_rng, a, b, shape_a, shape_b), slow = gsl_ran_beta(t.gsl_rng, a, b);
            cr_assert_eq(fast, slow, "beta(%g, %g) draw %zu", a, b, i);
        }
        expect_in_step(&t, "beta");
    }
    twin t = twin_at(30);
    for (size_t i = 0; i < DRAWS; i++) {
        cr_assert_eq(cs_sample_bernoulli(t.inline_rng, 0.08), gsl_ran_bernoulli(t.gsl_rng, 0.08));
        cr_assert_eq(cs_sample_flat(t.inline_rng, -2, 3), gsl_ran_flat(t.gsl_rng, -2, 3));
    }
    expect_in_step(&t, "bernoulli and flat");
}

/* A generator that gives four chosen words, then the stream of SITE. */
Test(sample, the_block_fast_paths_equal_gsl_on_the_same_words)
{
    const double a = 1.72, b = 84.4;
    double shape_a[CS_GAMMA_SHAPE], shape_b[CS_GAMMA_SHAPE];
    cs_gamma_shape(a, shape_a);
    cs_gamma_shape(b, shape_b);
    const cs_ziggurat *table = cs_ziggurat_tables();
    size_t taken = 0;
    for (uint32_t site = 1; site <= 200000; site++) {
        gsl_rng *rng = cs_rng_alloc();
        cs_rng_trial(rng, 5, 5, 0);
        cs_rng_site(rng, site);
        uint32_t words[4];
        for (int w = 0; w < 4; w++) words[w] = cs_rng_word(rng);
        double fast;
        int took = cs_words_beta(table, a, b, shape_a, shape_b, words, &fast);
        cs_rng_site(rng, site); /* the same words, through GSL */
        double slow = gsl_ran_beta(rng, a, b);
        if (took) cr_assert_eq(fast, slow, "site %u: %.17g vs %.17g", site, fast, slow);
        taken += (size_t)took;
        gsl_rng_free(rng);
    }
    /* The comparison is not vacuous: the fast path takes most draws (79.7%
    ** for these shapes; each normal takes it 97.2% of the time). */
    cr_expect(taken > 100000, "the fast path should take most draws, took %zu of 200000", taken);
}

/* Every beta shape the shipped plans and scenarios use (mean, sd), as the
** engine builds them: in_house_share 0.45/0.08 and 0.5/0.08; churn 0.02,
** scaled by 0.8 and moved by +0.04; efficiency_delivery 0.7 and +0.1. */
static const double plan_betas[][2] = {{0.45, 0.08}, {0.5, 0.08}, {0.02, 0.015}, {0.016, 0.015},
                                       {0.06, 0.015}, {0.7, 0.15}, {0.8, 0.15}};
#define VECTOR_DRAWS 10000000u
#define VECTOR_CHUNK 4096u

/* VECTOR_CHUNK consecutive sites of one trial's stream and their first
** blocks, by the AVX2 Philox batch (word w of site i is word[w][i]). */
typedef struct site_chunk {
    uint64_t seed;
    uint32_t plan_key, trial;
    uint32_t block[VECTOR_CHUNK], site[VECTOR_CHUNK], words[4 * VECTOR_CHUNK];
    uint32_t *word[4];
} site_chunk;

static site_chunk *site_chunk_alloc(uint64_t seed, uint32_t trial)
{
    site_chunk *chunk = calloc(1, sizeof *chunk);
    chunk->seed = seed;
    chunk->plan_key = 0x5eed;
    chunk->trial = trial;
    for (int w = 0; w < 4; w++) chunk->word[w] = chunk->words + (size_t)w * VECTOR_CHUNK;
    return chunk;
}

/* The sites from START. */
static void site_chunk_fill(site_chunk *chunk, uint32_t start)
{
    philox4x32_key_t key = {{(uint32_t)chunk->seed, (uint32_t)(chunk->seed >> 32)}};
    for (uint32_t i = 0; i < VECTOR_CHUNK; i++) chunk->site[i] = start + i;
    cs_philox_batch_for(CS_SIMD_AVX2)(key, chunk->trial, chunk->plan_key, chunk->block, chunk->site, VECTOR_CHUNK,
                                      chunk->word);
}

/* RNG at the start of site I's stream, as GSL reads it. */
static void site_chunk_stream(const site_chunk *chunk, gsl_rng *rng, uint32_t i)
{
    cs_rng_trial(rng, chunk->seed, chunk->plan_key, chunk->trial);
    cs_rng_site(rng, chunk->site[i]);
}

/* RNG at site I as the engine starts it for a redraw: from its block computed ahead. */
static void site_chunk_redraw(site_chunk *chunk, gsl_rng *rng, uint32_t i)
{
    cs_rng_trial(rng, chunk->seed, chunk->plan_key, chunk->trial);
    cs_rng_site_block(rng, chunk->site[i], chunk->word, i);
}

/* The AVX2 beta run against the scalar one and against gsl_ran_beta, site
** by site: a draw the vector path takes has GSL's value and leaves GSL's
** stream after exactly the block's four words; a draw it misses is the
** scalar path's miss too, and the engine's redraw from the stream is GSL's.
** The guard band's fallback forced on every log test gives the same draws,
** and the band's firing rate is logged (--verbose). */
Test(sample, the_avx2_beta_run_equals_gsl_on_ten_million_draws_per_plan_shape, .timeout = 600)
{
    if (!cs_simd_available(CS_SIMD_AVX2)) return;
    const cs_ziggurat *table = cs_ziggurat_tables();
    site_chunk *chunk = site_chunk_alloc(23, 7);
    uint32_t *const *word = chunk->word, *site = chunk->site;
    double *fast = malloc(VECTOR_CHUNK * sizeof *fast), *scalar = malloc(VECTOR_CHUNK * sizeof *scalar);
    double *forced = malloc(VECTOR_CHUNK * sizeof *forced);
    unsigned char *missed = malloc(VECTOR_CHUNK), *scalar_missed = malloc(VECTOR_CHUNK);
    unsigned char *forced_missed = malloc(VECTOR_CHUNK);
    gsl_rng *gsl = cs_rng_alloc(), *engine = cs_rng_alloc();
    for (size_t s = 0; s < sizeof plan_betas / sizeof plan_betas[0]; s++) {
        cs_dist dist;
        char why[128];
        double params[CS_DIST_MAX_PARAMS] = {plan_betas[s][0], plan_betas[s][1]};
        cr_assert_eq(cs_dist_make(&dist, &cs_dist_beta, params, why, sizeof why), 0, "%s", why);
        double a = dist.derived[0], b = dist.derived[1];
        const double *shape_a = dist.derived + 2, *shape_b = dist.derived + 2 + CS_GAMMA_SHAPE;
        size_t taken = 0, logged = 0, fired = 0, forced_fired = 0;
        for (uint32_t start = 1; start <= VECTOR_DRAWS; start += VECTOR_CHUNK) {
            site_chunk_fill(chunk, start);
            size_t misses = cs_words_beta_run_avx2_guarded(table, a, b, shape_a, shape_b, word, 0, VECTOR_CHUNK, fast,
                                                           missed, CS_LOG_GUARD, &logged, &fired);
            /* The guard band's fallback forced on every log test: the same draws. */
            size_t forced_misses = cs_words_beta_run_avx2_guarded(table, a, b, shape_a, shape_b, word, 0, VECTOR_CHUNK,
                                                                  forced, forced_missed, INFINITY, NULL, &forced_fired);
            cr_assert_eq(forced_misses, misses);
            cr_assert_eq(memcmp(forced_missed, missed, VECTOR_CHUNK), 0, "beta(%g, %g): forced fallback misses", a, b);
            cr_assert_eq(memcmp(forced, fast, VECTOR_CHUNK * sizeof *fast), 0, "beta(%g, %g): forced fallback", a, b);
            size_t scalar_misses = cs_words_beta_run(table, a, b, shape_a, shape_b, word, 0, VECTOR_CHUNK, scalar,
                                                     scalar_missed);
            cr_assert_eq(misses, scalar_misses, "beta(%g, %g): misses", a, b);
            cr_assert_eq(memcmp(missed, scalar_missed, VECTOR_CHUNK), 0, "beta(%g, %g): which draws miss", a, b);
            taken += VECTOR_CHUNK - misses;
            for (uint32_t i = 0; i < VECTOR_CHUNK; i++) {
                site_chunk_stream(chunk, gsl, i);
                double expected = gsl_ran_beta(gsl, a, b);
                const cs_philox_state *state = gsl->state;
                if (!missed[i]) {
                    cr_assert_eq(fast[i], expected, "beta(%g, %g) site %u: %.17g vs GSL %.17g", a, b, site[i],
                                 fast[i], expected);
                    cr_assert_eq(fast[i], scalar[i]);
                    cr_assert(state->counter.v[0] == 1 && state->remaining == 0,
                              "beta(%g, %g) site %u: GSL read more than the block's four words", a, b, site[i]);
                } else {
                    site_chunk_redraw(chunk, engine, i); /* the engine's redraw: the block, then the stream */
                    double redrawn = cs_dist_sample(&dist, engine);
                    cr_assert_eq(redrawn, expected, "beta(%g, %g) site %u: redraw %.17g vs GSL %.17g", a, b, site[i],
                                 redrawn, expected);
                }
            }
        }
        cr_log_info("beta(%.17g, %.17g): the vector path took %.2f%% of %u draws; %zu log tests, the guard band "
                    "fired on %zu (%.2e of the tests)", a, b, 100.0 * (double)taken / VECTOR_DRAWS, VECTOR_DRAWS,
                    logged, fired, (double)fired / (double)(logged ? logged : 1));
        cr_expect_eq(forced_fired, logged, "forcing the fallback sends every log test to glibc's log");
        /* Not vacuous: the vector path takes most draws of every shape. */
        cr_expect(taken > VECTOR_DRAWS / 2, "beta(%g, %g): the vector path took %zu of %u", a, b, taken, VECTOR_DRAWS);
    }
    gsl_rng_free(gsl);
    gsl_rng_free(engine);
    free(chunk);
    free(fast);
    free(scalar);
    free(missed);
    free(scalar_missed);
    free(forced);
    free(forced_missed);
}

/* Groups of four betas whose lanes each have their own shape and entry
** (the leftover betas of a trial, cs_draws_sample) against the scalar
** cs_words_beta lane by lane, over MIXED_GROUPS groups: every lane's shape
** is one of the plans' betas, chosen by a hash of the group and the lane (so
** a group mixes them), and its entry a shuffled site of the chunk.  The same
** value bit for bit and the same missed flags, with the guard band and with
** its fallback forced on every log test; a shorter group repeats a lane. */
#define MIXED_GROUPS 10000000u
Test(sample, the_mixed_shape_beta_lanes_equal_the_scalar_draws_on_ten_million_groups, .timeout = 600)
{
    if (!cs_simd_available(CS_SIMD_AVX2)) return;
    const cs_ziggurat *table = cs_ziggurat_tables();
    enum { N_SHAPES = sizeof plan_betas / sizeof plan_betas[0] };
    cs_dist dist[N_SHAPES];
    const double *shape_a[N_SHAPES], *shape_b[N_SHAPES];
    for (size_t s = 0; s < N_SHAPES; s++) {
        char why[128];
        double params[CS_DIST_MAX_PARAMS] = {plan_betas[s][0], plan_betas[s][1]};
        cr_assert_eq(cs_dist_make(&dist[s], &cs_dist_beta, params, why, sizeof why), 0, "%s", why);
        cr_assert(cs_dist_beta_block_shapes(&dist[s], &shape_a[s], &shape_b[s]), "the plans' betas have the fast path");
    }
    site_chunk *chunk = site_chunk_alloc(24, 3);
    size_t groups = 0, taken = 0, logged = 0, fired = 0, forced_fired = 0, mixed = 0;
    uint64_t hash = 0x9E3779B97F4A7C15u;
    /* Each chunk's sites serve MIXED_PASSES passes, each giving a site's words another lane and shape. */
    enum { MIXED_PASSES = 4 };
    for (uint32_t start = 1; groups < MIXED_GROUPS; start += VECTOR_CHUNK) {
        site_chunk_fill(chunk, start);
        for (uint32_t g = 0; g < MIXED_PASSES * VECTOR_CHUNK / 4 && groups < MIXED_GROUPS; g++, groups++) {
            cs_beta_lanes lanes;
            const cs_dist *lane_dist[4];
            hash = hash * 6364136223846793005u + 1442695040888963407u;
            int used = groups % 8 == 7 ? 1 + (int)(hash >> 62) % 3 : 4; /* now and then a shorter group */
            for (int k = 0; k < 4; k++) {
                int from = k < used ? k : 0;
                size_t s = (hash >> (8 * from + 8)) % N_SHAPES;
                lane_dist[k] = &dist[s];
                /* lane k of group g: a site of the chunk, by the pass and the hash */
                size_t pass = g / (VECTOR_CHUNK / 4);
                size_t entry = (4 * g + (size_t)(from + (int)(hash >> 4)) % 4 + pass * (257 * (size_t)from + 1031)) %
                               VECTOR_CHUNK;
                cs_beta_lane_set(&lanes, k, shape_a[s], shape_b[s], entry);
            }
            mixed += lane_dist[0] != lane_dist[1] || lane_dist[1] != lane_dist[2] || lane_dist[2] != lane_dist[3];
            double fast[4], forced[4], scalar[4];
            unsigned char missed[4], forced_missed[4], scalar_missed[4];
            size_t logged_before = logged;
            size_t misses = cs_words_beta_lanes_avx2_guarded(table, &lanes, chunk->word, fast, missed, CS_LOG_GUARD,
                                                             &logged, &fired);
            /* The guard band's fallback forced on every log test (a group without one makes none). */
            size_t forced_misses = misses;
            memcpy(forced, fast, sizeof fast);
            memcpy(forced_missed, missed, sizeof missed);
            if (logged != logged_before)
                forced_misses = cs_words_beta_lanes_avx2_guarded(table, &lanes, chunk->word, forced, forced_missed,
                                                                 INFINITY, NULL, &forced_fired);
            size_t scalar_misses = 0;
            for (int k = 0; k < 4; k++) {
                size_t i = (size_t)lanes.entry[k];
                uint32_t words[4] = {chunk->word[3][i], chunk->word[2][i], chunk->word[1][i], chunk->word[0][i]};
                const double *d = lane_dist[k]->derived;
                scalar[k] = fast[k]; /* a missed lane's value is not compared */
                scalar_missed[k] = (unsigned char)!cs_words_beta(table, d[0], d[1], d + 2, d + 2 + CS_GAMMA_SHAPE,
                                                                 words, &scalar[k]);
                scalar_misses += scalar_missed[k];
                if (missed[k]) forced[k] = fast[k];
            }
            /* One comparison a group (the messages name the group; asserts per lane are slow under ASan). */
            cr_assert_eq(memcmp(missed, scalar_missed, 4), 0, "group %zu: missed %d%d%d%d vs scalar %d%d%d%d", groups,
                         missed[0], missed[1], missed[2], missed[3], scalar_missed[0], scalar_missed[1],
                         scalar_missed[2], scalar_missed[3]);
            cr_assert_eq(memcmp(fast, scalar, sizeof fast), 0, "group %zu: %.17g %.17g %.17g %.17g vs scalar %.17g "
                         "%.17g %.17g %.17g", groups, fast[0], fast[1], fast[2], fast[3], scalar[0], scalar[1],
                         scalar[2], scalar[3]);
            cr_assert_eq(memcmp(forced_missed, missed, 4), 0, "group %zu: forced fallback missed", groups);
            cr_assert_eq(memcmp(forced, fast, sizeof fast), 0, "group %zu: forced fallback values", groups);
            cr_assert_eq(misses, scalar_misses);
            cr_assert_eq(forced_misses, misses);
            /* The scalar group function (the build without AVX2) agrees too. */
            double plain[4];
            unsigned char plain_missed[4];
            if (groups % 64 == 0) {
                cr_assert_eq(cs_words_beta_lanes(table, &lanes, chunk->word, plain, plain_missed), misses);
                for (int k = 0; k < 4; k++)
                    cr_assert(plain_missed[k] == missed[k] && (missed[k] || plain[k] == fast[k]));
            }
            taken += 4 - misses;
        }
    }
    cr_log_info("mixed beta lanes: %zu groups (%zu mixing shapes), the fast path took %.2f%% of lanes; %zu log "
                "tests, the guard band fired on %zu", groups, mixed, 100.0 * (double)taken / (4.0 * (double)groups),
                logged, fired);
    cr_expect_eq(forced_fired, logged, "forcing the fallback sends every log test to glibc's log");
    /* Not vacuous: most groups mix shapes and the fast path takes most lanes. */
    cr_expect(mixed > groups / 2, "%zu of %zu groups mix shapes", mixed, groups);
    cr_expect(taken > 2 * groups, "the fast path took %zu of %zu lanes", taken, 4 * groups);
    free(chunk);
}

/* Every normal shape the shipped plans use (mean, sd, min, max), as the
** engine draws them: population_growth, pay_inflation and nonpay_inflation
** (the defaults), other_income (sd = mean / 4 in every plan; the largest
** and the smallest), price_realisation (truncated to [0.8, 1.1], by
** rejection), and the golden check's narrow [0.99, 1.01] around sd 0.1 (by
** the inverse CDF: no fast path, every draw from the stream); and a standard
** normal truncated to [-0.3, 0.5] (by rejection, which rejects most draws),
** to test the bounds in the lanes. */
static const double plan_normals[][4] = {
    {0.007, 0.003, -INFINITY, INFINITY}, {0.01, 0.005, -INFINITY, INFINITY}, {0.02, 0.01, -INFINITY, INFINITY},
    {21592000, 5398000, -INFINITY, INFINITY}, {3452000, 863000, -INFINITY, INFINITY}, {0.98, 0.03, 0.8, 1.1},
    {1.0, 0.1, 0.99, 1.01}, {0.0, 1.0, -0.3, 0.5}};
#define NORMAL_RUN 5 /* draw_run's runs are 4 or 5 long: full lanes and a padded tail */

/* The normal family's block run on every path (AVX2 and scalar) against
** GSL, site by site: a draw the run takes is the one the sampler draws from
** the stream (mean + gsl_ran_gaussian_ziggurat(sd) untruncated) and leaves
** the stream after the block's first word; a draw it misses is missed on
** both paths, and the engine's redraw from the stream is the sampler's. */
Test(sample, the_avx2_normal_run_equals_gsl_on_ten_million_draws_per_plan_shape, .timeout = 600)
{
    if (!cs_simd_available(CS_SIMD_AVX2)) return;
    const cs_ziggurat *table = cs_ziggurat_tables();
    site_chunk *chunk = site_chunk_alloc(24, 11);
    uint32_t *const *word = chunk->word, *site = chunk->site;
    double fast[VECTOR_CHUNK], scalar[VECTOR_CHUNK];
    unsigned char missed[VECTOR_CHUNK], scalar_missed[VECTOR_CHUNK];
    gsl_rng *gsl = cs_rng_alloc(), *engine = cs_rng_alloc();
    for (size_t s = 0; s < sizeof plan_normals / sizeof plan_normals[0]; s++) {
        cs_dist dist;
        char why[128];
        double params[CS_DIST_MAX_PARAMS] = {plan_normals[s][0], plan_normals[s][1], plan_normals[s][2],
                                             plan_normals[s][3]};
        cr_assert_eq(cs_dist_make(&dist, &cs_dist_normal, params, why, sizeof why), 0, "%s", why);
        int untruncated = isinf(params[2]) && isinf(params[3]);
        size_t taken = 0;
        for (uint32_t start = 1; start <= VECTOR_DRAWS; start += VECTOR_CHUNK) {
            site_chunk_fill(chunk, start);
            size_t misses = 0, scalar_misses = 0;
            for (size_t first = 0; first < VECTOR_CHUNK; first += NORMAL_RUN) {
                size_t n = VECTOR_CHUNK - first < NORMAL_RUN ? VECTOR_CHUNK - first : NORMAL_RUN;
                misses += dist.family->sample_run(&dist, table, CS_SIMD_AVX2, word, first, n, fast + first,
                                                  missed + first);
                scalar_misses += dist.family->sample_run(&dist, table, CS_SIMD_SCALAR, word, first, n,
                                                         scalar + first, scalar_missed + first);
            }
            cr_assert_eq(misses, scalar_misses, "normal %zu: misses", s);
            cr_assert_eq(memcmp(missed, scalar_missed, VECTOR_CHUNK), 0, "normal %zu: which draws miss", s);
            taken += VECTOR_CHUNK - misses;
            for (uint32_t i = 0; i < VECTOR_CHUNK; i++) {
                /* GSL on the site's stream, its first block taken from the batch (which is
                ** Random123's: philox.every_path_equals_random123), as the test's time under
                ** the sanitizers is mostly Philox. */
                site_chunk_redraw(chunk, gsl, i);
                const cs_philox_state *state = gsl->state;
                if (!missed[i]) {
                    double expected = untruncated ? params[0] + gsl_ran_gaussian_ziggurat(gsl, params[1])
                                                  : cs_dist_sample(&dist, gsl);
                    cr_assert_eq(fast[i], expected, "normal %zu site %u: %.17g vs %.17g", s, site[i], fast[i],
                                 expected);
                    cr_assert_eq(fast[i], scalar[i]);
                    cr_assert(state->counter.v[0] == 1 && state->remaining == 3,
                              "normal %zu site %u: the draw read more than the block's first word", s, site[i]);
                } else if (i % 16 == 0 || untruncated) { /* the redraws (every 16th of the truncated ones) */
                    double expected = untruncated ? params[0] + gsl_ran_gaussian_ziggurat(gsl, params[1])
                                                  : cs_dist_sample(&dist, gsl);
                    site_chunk_redraw(chunk, engine, i); /* the engine's redraw: the block, then the stream */
                    double redrawn = cs_dist_sample(&dist, engine);
                    cr_assert_eq(redrawn, expected, "normal %zu site %u: redraw %.17g vs %.17g", s, site[i], redrawn,
                                 expected);
                }
            }
        }
        cr_log_info("normal(%g, %g, [%g, %g]): the vector path took %.2f%% of %u draws", params[0], params[1],
                    params[2], params[3], 100.0 * (double)taken / VECTOR_DRAWS, VECTOR_DRAWS);
        /* Not vacuous: the run takes most draws of every shape with a fast path. */
        if (!dist.derived[3]) cr_expect_eq(taken, 0, "the inverse CDF has no fast path");
        else cr_expect(taken > VECTOR_DRAWS / 4, "normal %zu took %zu", s, taken);
    }
    gsl_rng_free(gsl);
    gsl_rng_free(engine);
    free(chunk);
}

/* The leave draws' uniforms: the AVX2 transpose is the scalar conversion,
** (double)w / 2^32 of each block's words in stream order, for every length. */
Test(sample, the_avx2_uniform_run_equals_the_scalar_one)
{
    if (!cs_simd_available(CS_SIMD_AVX2)) return;
    enum { BLOCKS = 64, VALUES = 4 * BLOCKS };
    uint32_t words[4 * BLOCKS];
    uint32_t *word[4] = {words, words + BLOCKS, words + 2 * BLOCKS, words + 3 * BLOCKS};
    double fast[VALUES + 1], scalar[VALUES + 1];
    gsl_rng *rng = cs_rng_alloc();
    cs_rng_trial(rng, 3, 4, 5);
    for (int round = 0; round < 200; round++) {
        for (size_t i = 0; i < 4 * BLOCKS; i++) words[i] = cs_rng_word(rng);
        words[round % (4 * BLOCKS)] = round % 2 ? 0xFFFFFFFFu : 0; /* the ends */
        for (size_t first = 0; first < 3; first++)
            for (size_t n = 0; n + 4 * first <= VALUES; n += 1 + n / 8) {
                fast[n] = scalar[n] = -1; /* a sentinel past the end */
                cs_words_uniform_run_avx2(word, first, n, fast);
                cs_words_uniform_run(word, first, n, scalar);
                cr_assert_eq(memcmp(fast, scalar, (n + 1) * sizeof *fast), 0, "first %zu, %zu values", first, n);
                for (size_t c = 0; c < n; c++)
                    cr_assert_eq(fast[c], (double)word[3 - c % 4][first + c / 4] / 4294967296.0);
            }
    }
    gsl_rng_free(rng);
}

Test(sample, output_is_byte_identical_on_every_instruction_set_path)
{
    char *dir = test_temp_dir();
    char *plan = strdup(test_source_path("plans/greater-east-midlands.json"));
    char *reference = NULL;
    for (int path = CS_SIMD_SCALAR; path <= CS_SIMD_AVX512; path++) {
        if (!cs_simd_available((cs_simd_path)path)) continue;
        setenv("CSSIM_SIMD", cs_simd_name((cs_simd_path)path), 1);
        cr_assert_eq(cs_simd_select(), (cs_simd_path)path);
        char out[1024];
        snprintf(out, sizeof out, "%s/%s.json", dir, cs_simd_name((cs_simd_path)path));
        cr_assert_eq(test_cli(NULL, "compare", plan, "-n", "20000", "-s", "12", "-f", "json", "-o", out, NULL), 0);
        char *text = test_read_file(out);
        if (!reference) reference = text;
        else {
            cr_expect_str_eq(text, reference, "the %s path's output differs", cs_simd_name((cs_simd_path)path));
            free(text);
        }
    }
    unsetenv("CSSIM_SIMD");
    free(reference);
    free(plan);
    free(dir);
}
