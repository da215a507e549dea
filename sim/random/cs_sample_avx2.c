/*
** cs_sample_avx2.c: the block fast paths of gsl_ran_beta (cs_words_beta) and
** of the normal (cs_words_normal_run), four sub-streams at a time with AVX2,
** and the leave draws' uniforms, four blocks at a time (see cs_sample.h).
**
** Each lane does what cs_words_beta does on its own four words, operation
** by operation in the same order: the ziggurat's fast path for each normal
** (the strip's constants loaded from GSL's tables), Marsaglia and Tsang's
** v = (1 + c x)^3 and their squeeze test u < 1 - 0.0331 x^4, and
** x1 / (x1 + x2).  Every step is one IEEE operation (no FMA: the function is
** compiled for AVX2 without it, and the build has -ffp-contract=off), so a
** lane's value is the scalar one's bit for bit.  The only rewrites are
** exact ones: a word / 2^32 as word * 2^-32 (a power of two), the sign of
** the normal as a flip of its sign bit (what -1.0 * x does), and the
** uint32 -> double conversion as (word - 2^31) + 2^31 (exact in a double).
** Where the squeeze fails, GSL's log test is made in the lanes with
** libmvec's vector log, which can differ from glibc's log in the last bit;
** a guard band makes the decision exact: where the test's two sides are
** within CS_LOG_GUARD (2^-40) of each other, relative to the size of their
** terms (far more than any last-bit difference can move them), glibc's
** log decides that lane.  A lane that leaves the fast paths (the
** ziggurat's wedge or tail, v <= 0, u = 0, or the log test rejecting, when
** GSL reads more words) is marked missed, as in the scalar path, and is
** drawn again from its stream by GSL's algorithm.  A normal lane is the
** ziggurat's fast path on the site's first word, mean + sd * (sign * x)
** (GSL's mean + (sign * sd) * x: the same product), and for a normal
** truncated by rejection its bounds test.  A group of four betas whose
** lanes each have their own shape and entry (cs_words_beta_lanes_avx2) runs
** the same lanes with the shapes' constants as vectors.
*/
#include "cs_sample.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define TARGET __attribute__((target("avx2")))

/* Four normals from four ziggurat words: *X and the lanes that took the fast path (all ones). */
TARGET static inline __m256d gaussian4(const cs_ziggurat *table, __m128i k, __m128i *ok)
{
    __m128i i = _mm_and_si128(k, _mm_set1_epi32(0x7f));
    __m128i j = _mm_and_si128(_mm_srli_epi32(k, 8), _mm_set1_epi32(0xFFFFFF));
    /* The strips' constants by scalar loads (faster than gathers for four lanes on Zen 3). */
    uint32_t strip[4];
    _mm_storeu_si128((__m128i *)strip, i);
    __m128i accept_below = _mm_setr_epi32((int)table->accept_below[strip[0]], (int)table->accept_below[strip[1]],
                                          (int)table->accept_below[strip[2]], (int)table->accept_below[strip[3]]);
    __m256d width = _mm256_setr_pd(table->width[strip[0]], table->width[strip[1]], table->width[strip[2]],
                                   table->width[strip[3]]);
    *ok = _mm_cmpgt_epi32(accept_below, j); /* j < accept_below[i]; both below 2^31 */
    __m256d x = _mm256_mul_pd(_mm256_cvtepi32_pd(j), width);
    /* sign = (k & 0x80) ? +1 : -1, and sign * 1.0 * x: flip x's sign where bit 7 is clear */
    __m128i negative = _mm_cmpeq_epi32(_mm_and_si128(k, _mm_set1_epi32(0x80)), _mm_setzero_si128());
    __m256d flip = _mm256_and_pd(_mm256_castsi256_pd(_mm256_cvtepi32_epi64(negative)), _mm256_set1_pd(-0.0));
    return _mm256_xor_pd(x, flip);
}

/* (double)word / 4294967296.0 for four words. */
TARGET static inline __m256d uniform4(__m128i word)
{
    __m128i centred = _mm_xor_si128(word, _mm_set1_epi32((int)0x80000000u)); /* word - 2^31 as int32 */
    __m256d value = _mm256_add_pd(_mm256_cvtepi32_pd(centred), _mm256_set1_pd(2147483648.0));
    return _mm256_mul_pd(value, _mm256_set1_pd(1.0 / 4294967296.0));
}

/* libmvec's four-lane log (glibc, AVX2 variant). */
TARGET __m256d _ZGVdN4v_log(__m256d x);

/* The log test's guard band and its counts. */
typedef struct log_guard {
    double guard;
    size_t logged, fired;
} log_guard;

/* cs_words_gamma for four lanes: the gamma and the lanes that took every fast path.
** D and C are each lane's Marsaglia-Tsang constants (shape[1], shape[2]). */
TARGET static inline __m256d gamma4(const cs_ziggurat *table, __m256d d, __m256d c, __m128i normal_word,
                                    __m128i uniform_word, __m256d *ok, log_guard *guard)
{
    __m128i normal_ok;
    __m256d x = gaussian4(table, normal_word, &normal_ok);
    __m256d one = _mm256_set1_pd(1.0), zero = _mm256_setzero_pd();
    __m256d v = _mm256_add_pd(one, _mm256_mul_pd(c, x));
    __m256d v_ok = _mm256_cmp_pd(v, zero, _CMP_GT_OQ); /* not (v <= 0) */
    v = _mm256_mul_pd(_mm256_mul_pd(v, v), v);
    __m256d u = uniform4(uniform_word);
    __m256d squeeze = _mm256_mul_pd(_mm256_set1_pd(0.0331), x);
    squeeze = _mm256_mul_pd(squeeze, x);
    squeeze = _mm256_mul_pd(squeeze, x);
    squeeze = _mm256_mul_pd(squeeze, x);
    __m256d live = _mm256_and_pd(_mm256_and_pd(_mm256_castsi256_pd(_mm256_cvtepi32_epi64(normal_ok)), v_ok),
                                 _mm256_cmp_pd(u, zero, _CMP_NEQ_UQ));
    __m256d accept = _mm256_cmp_pd(u, _mm256_sub_pd(one, squeeze), _CMP_LT_OQ);
    __m256d need_log = _mm256_andnot_pd(accept, live);
    int logged = _mm256_movemask_pd(need_log);
    if (logged) {
        /* GSL's second test, log(u) < 0.5 x^2 + d (1 - v + log(v)), in the
        ** same order, with libmvec's log; where the two sides are within the
        ** guard band of each other (relative to the size of the terms, which
        ** bounds every rounding difference), glibc's log decides. */
        __m256d log_u = _ZGVdN4v_log(u), log_v = _ZGVdN4v_log(v);
        __m256d half_x2 = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(0.5), x), x);
        __m256d rhs = _mm256_add_pd(half_x2, _mm256_mul_pd(d, _mm256_add_pd(_mm256_sub_pd(one, v), log_v)));
        __m256d sign = _mm256_set1_pd(-0.0);
        __m256d size = _mm256_add_pd(_mm256_add_pd(_mm256_andnot_pd(sign, log_u), half_x2),
                                     _mm256_mul_pd(d, _mm256_add_pd(_mm256_andnot_pd(sign, _mm256_sub_pd(one, v)),
                                                                    _mm256_andnot_pd(sign, log_v))));
        __m256d gap = _mm256_andnot_pd(sign, _mm256_sub_pd(log_u, rhs));
        __m256d close = _mm256_cmp_pd(gap, _mm256_mul_pd(_mm256_set1_pd(guard->guard), size), _CMP_LE_OQ);
        __m256d log_accept = _mm256_cmp_pd(log_u, rhs, _CMP_LT_OQ);
        int fired = _mm256_movemask_pd(_mm256_and_pd(close, need_log));
        guard->logged += (size_t)__builtin_popcount((unsigned)logged);
        if (fired) {
            double lane_u[4], lane_v[4], lane_x[4], lane_d[4], decided[4];
            _mm256_storeu_pd(lane_u, u);
            _mm256_storeu_pd(lane_d, d);
            _mm256_storeu_pd(lane_v, v);
            _mm256_storeu_pd(lane_x, x);
            _mm256_storeu_pd(decided, log_accept);
            for (int k = 0; k < 4; k++)
                if (fired >> k & 1) {
                    int yes = log(lane_u[k]) < 0.5 * lane_x[k] * lane_x[k] + lane_d[k] * (1 - lane_v[k] + log(lane_v[k]));
                    uint64_t bits = yes ? ~(uint64_t)0 : 0;
                    memcpy(&decided[k], &bits, sizeof bits);
                }
            log_accept = _mm256_loadu_pd(decided);
            guard->fired += (size_t)__builtin_popcount((unsigned)fired);
        }
        accept = _mm256_or_pd(accept, _mm256_and_pd(need_log, log_accept));
    }
    *ok = _mm256_and_pd(live, accept);
    return _mm256_mul_pd(_mm256_mul_pd(one, d), v); /* 1.0 * d * v */
}

/* MISSED[0 .. 3] from the four lanes' fast-path bits TOOK: 1 where a lane
** missed; the multiply spreads bit k of the missed lanes to bit 8k (x86 is
** little-endian: byte k). */
static inline void store_missed4(unsigned char *missed, int took)
{
    uint32_t bytes = ((uint32_t)~took & 15u) * 0x204081u & 0x01010101u;
    memcpy(missed, &bytes, sizeof bytes);
}

TARGET size_t cs_words_beta_run_avx2_guarded(const cs_ziggurat *table, double a, double b, const double *shape_a,
                                             const double *shape_b, uint32_t *const word[4], size_t first, size_t n,
                                             double *out, unsigned char *missed, double guard_band, size_t *logged,
                                             size_t *fired)
{
    if (!cs_beta_has_block_path(a, b, shape_a, shape_b)) /* no fast path at all */
        return cs_words_beta_run(table, a, b, shape_a, shape_b, word, first, n, out, missed);
    log_guard guard = {guard_band, 0, 0};
    __m256d d_a = _mm256_set1_pd(shape_a[1]), c_a = _mm256_set1_pd(shape_a[2]);
    __m256d d_b = _mm256_set1_pd(shape_b[1]), c_b = _mm256_set1_pd(shape_b[2]);
    size_t misses = 0, j = 0;
    for (; j + 4 <= n; j += 4) {
        size_t i = first + j;
        /* The stream order: v[3] (normal), v[2] (uniform) for the first gamma; v[1], v[0] for the second. */
        __m256d ok_a, ok_b;
        __m256d x1 = gamma4(table, d_a, c_a, _mm_loadu_si128((const __m128i *)(word[3] + i)),
                            _mm_loadu_si128((const __m128i *)(word[2] + i)), &ok_a, &guard);
        __m256d x2 = gamma4(table, d_b, c_b, _mm_loadu_si128((const __m128i *)(word[1] + i)),
                            _mm_loadu_si128((const __m128i *)(word[0] + i)), &ok_b, &guard);
        _mm256_storeu_pd(out + j, _mm256_div_pd(x1, _mm256_add_pd(x1, x2)));
        int took = _mm256_movemask_pd(_mm256_and_pd(ok_a, ok_b));
        store_missed4(missed + j, took);
        misses += 4 - (size_t)__builtin_popcount((unsigned)took);
    }
    if (j < n) misses += cs_words_beta_run(table, a, b, shape_a, shape_b, word, first + j, n - j, out + j, missed + j);
    if (logged) *logged += guard.logged;
    if (fired) *fired += guard.fired;
    return misses;
}

TARGET size_t cs_words_beta_run_avx2(const cs_ziggurat *table, double a, double b, const double *shape_a,
                                     const double *shape_b, uint32_t *const word[4], size_t first, size_t n,
                                     double *out, unsigned char *missed)
{
    return cs_words_beta_run_avx2_guarded(table, a, b, shape_a, shape_b, word, first, n, out, missed, CS_LOG_GUARD,
                                          NULL, NULL);
}

TARGET size_t cs_words_beta_lanes_avx2_guarded(const cs_ziggurat *table, const cs_beta_lanes *lanes,
                                               uint32_t *const word[4], double *out, unsigned char *missed,
                                               double guard_band, size_t *logged, size_t *fired)
{
    log_guard guard = {guard_band, 0, 0};
    const int32_t *e = lanes->entry;
#define LANE_WORDS(w) _mm_setr_epi32((int)word[w][e[0]], (int)word[w][e[1]], (int)word[w][e[2]], (int)word[w][e[3]])
    __m256d ok_a, ok_b;
    __m256d x1 = gamma4(table, _mm256_loadu_pd(lanes->d_a), _mm256_loadu_pd(lanes->c_a),
                        LANE_WORDS(3),
                        LANE_WORDS(2), &ok_a, &guard);
    __m256d x2 = gamma4(table, _mm256_loadu_pd(lanes->d_b), _mm256_loadu_pd(lanes->c_b),
                        LANE_WORDS(1),
                        LANE_WORDS(0), &ok_b, &guard);
    _mm256_storeu_pd(out, _mm256_div_pd(x1, _mm256_add_pd(x1, x2)));
    int took = _mm256_movemask_pd(_mm256_and_pd(ok_a, ok_b));
    store_missed4(missed, took);
    if (logged) *logged += guard.logged;
    if (fired) *fired += guard.fired;
    return 4 - (size_t)__builtin_popcount((unsigned)took);
}

TARGET size_t cs_words_beta_lanes_avx2(const cs_ziggurat *table, const cs_beta_lanes *lanes, uint32_t *const word[4],
                                       double *out, unsigned char *missed)
{
    return cs_words_beta_lanes_avx2_guarded(table, lanes, word, out, missed, CS_LOG_GUARD, NULL, NULL);
}

/* cs_words_normal for the four words K: the values, and the lanes that took the fast path (bits). */
TARGET static inline __m256d normal4(const cs_ziggurat *table, __m128i k, double mean, double sd, double low,
                                     double high, int *took)
{
    __m128i normal_ok;
    __m256d z = gaussian4(table, k, &normal_ok); /* sign * 1.0 * x */
    __m256d inside = _mm256_and_pd(_mm256_cmp_pd(z, _mm256_set1_pd(low), _CMP_GE_OQ),
                                   _mm256_cmp_pd(z, _mm256_set1_pd(high), _CMP_LE_OQ));
    *took = _mm256_movemask_pd(_mm256_and_pd(_mm256_castsi256_pd(_mm256_cvtepi32_epi64(normal_ok)), inside));
    return _mm256_add_pd(_mm256_set1_pd(mean), _mm256_mul_pd(_mm256_set1_pd(sd), z));
}

TARGET size_t cs_words_normal_run_avx2(const cs_ziggurat *table, double mean, double sd, double low, double high,
                                       uint32_t *const word[4], size_t first, size_t n, double *out,
                                       unsigned char *missed)
{
    const uint32_t *first_word = word[3] + first; /* held: the flag stores may alias word[] */
    size_t misses = 0, j = 0;
    int took;
    for (; j + 4 <= n; j += 4) {
        __m256d value = normal4(table, _mm_loadu_si128((const __m128i *)(first_word + j)), mean, sd, low, high,
                                &took);
        _mm256_storeu_pd(out + j, value);
        store_missed4(missed + j, took);
        misses += 4 - (size_t)__builtin_popcount((unsigned)took);
    }
    if (j < n) { /* the last one to three: their words padded to four lanes */
        const uint32_t *tail = first_word + j;
        size_t left = n - j;
        __m128i k = _mm_setr_epi32((int)tail[0], left > 1 ? (int)tail[1] : 0, left > 2 ? (int)tail[2] : 0, 0);
        double value[4];
        _mm256_storeu_pd(value, normal4(table, k, mean, sd, low, high, &took));
        for (size_t lane = 0; lane < left; lane++) {
            out[j + lane] = value[lane];
            missed[j + lane] = (unsigned char)!(took >> lane & 1);
            misses += missed[j + lane];
        }
    }
    return misses;
}

/* The four rows of uniforms of four blocks whose words are U3 .. U0 (lane
** b holds block b's word): row b is block b's v[3], v[2], v[1], v[0]. */
TARGET static inline void transpose4(__m256d u3, __m256d u2, __m256d u1, __m256d u0, __m256d row[4])
{
    __m256d even_high = _mm256_unpacklo_pd(u3, u2), odd_high = _mm256_unpackhi_pd(u3, u2);
    __m256d even_low = _mm256_unpacklo_pd(u1, u0), odd_low = _mm256_unpackhi_pd(u1, u0);
    row[0] = _mm256_permute2f128_pd(even_high, even_low, 0x20);
    row[1] = _mm256_permute2f128_pd(odd_high, odd_low, 0x20);
    row[2] = _mm256_permute2f128_pd(even_high, even_low, 0x31);
    row[3] = _mm256_permute2f128_pd(odd_high, odd_low, 0x31);
}

TARGET void cs_words_uniform_run_avx2(uint32_t *const word[4], size_t first, size_t n, double *out)
{
    const uint32_t *w3 = word[3] + first, *w2 = word[2] + first, *w1 = word[1] + first, *w0 = word[0] + first;
    size_t c = 0, b = 0;
    __m256d row[4];
    for (; c + 16 <= n; c += 16, b += 4) { /* four blocks: a 4 x 4 transpose */
        transpose4(uniform4(_mm_loadu_si128((const __m128i *)(w3 + b))),
                   uniform4(_mm_loadu_si128((const __m128i *)(w2 + b))),
                   uniform4(_mm_loadu_si128((const __m128i *)(w1 + b))),
                   uniform4(_mm_loadu_si128((const __m128i *)(w0 + b))), row);
        for (int k = 0; k < 4; k++) _mm256_storeu_pd(out + c + 4 * k, row[k]);
    }
    for (; c + 4 <= n; c += 4, b++) /* one block */
        _mm256_storeu_pd(out + c, uniform4(_mm_setr_epi32((int)w3[b], (int)w2[b], (int)w1[b], (int)w0[b])));
    const uint32_t *partial[3] = {w3, w2, w1}; /* a block partly used: its first one to three words */
    for (int w = 0; c < n; c++, w++) out[c] = (double)partial[w][b] / 4294967296.0;
}

#else

size_t cs_words_beta_run_avx2_guarded(const cs_ziggurat *table, double a, double b, const double *shape_a,
                                      const double *shape_b, uint32_t *const word[4], size_t first, size_t n,
                                      double *out, unsigned char *missed, double guard, size_t *logged, size_t *fired)
{
    (void)guard, (void)logged, (void)fired;
    return cs_words_beta_run(table, a, b, shape_a, shape_b, word, first, n, out, missed);
}

size_t cs_words_beta_run_avx2(const cs_ziggurat *table, double a, double b, const double *shape_a,
                              const double *shape_b, uint32_t *const word[4], size_t first, size_t n, double *out,
                              unsigned char *missed)
{
    return cs_words_beta_run(table, a, b, shape_a, shape_b, word, first, n, out, missed);
}

size_t cs_words_beta_lanes_avx2_guarded(const cs_ziggurat *table, const cs_beta_lanes *lanes,
                                        uint32_t *const word[4], double *out, unsigned char *missed, double guard,
                                        size_t *logged, size_t *fired)
{
    (void)guard, (void)logged, (void)fired;
    return cs_words_beta_lanes(table, lanes, word, out, missed);
}

size_t cs_words_beta_lanes_avx2(const cs_ziggurat *table, const cs_beta_lanes *lanes, uint32_t *const word[4],
                                double *out, unsigned char *missed)
{
    return cs_words_beta_lanes(table, lanes, word, out, missed);
}

size_t cs_words_normal_run_avx2(const cs_ziggurat *table, double mean, double sd, double low, double high,
                                uint32_t *const word[4], size_t first, size_t n, double *out, unsigned char *missed)
{
    return cs_words_normal_run(table, mean, sd, low, high, word, first, n, out, missed);
}

void cs_words_uniform_run_avx2(uint32_t *const word[4], size_t first, size_t n, double *out)
{
    cs_words_uniform_run(word, first, n, out);
}

#endif
