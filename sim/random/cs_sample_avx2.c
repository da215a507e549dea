/*
** cs_sample_avx2.c: gsl_ran_beta's block fast path (cs_words_beta), four
** sub-streams at a time with AVX2 (see cs_sample.h).
**
** Each lane does what cs_words_beta does on its own four words, operation
** by operation in the same order: the ziggurat's fast path for each normal
** (the strip's constants gathered from GSL's tables), Marsaglia and Tsang's
** v = (1 + c x)^3 and their squeeze test u < 1 - 0.0331 x^4, and
** x1 / (x1 + x2).  Every step is one IEEE operation (no FMA: the function is
** compiled for AVX2 without it, and the build has -ffp-contract=off), so a
** lane's value is the scalar one's bit for bit.  The only rewrites are
** exact ones: a word / 2^32 as word * 2^-32 (a power of two), the sign of
** the normal as a flip of its sign bit (what -1.0 * x does), and the
** uint32 -> double conversion as (word - 2^31) + 2^31 (exact in a double).
** A lane that leaves any fast path (the ziggurat's wedge or tail, v <= 0,
** u = 0, or the squeeze failing, when GSL would take a log) is marked
** missed, as in the scalar path, and is drawn again from its stream by
** GSL's algorithm: no vector log is used, so no guard band is needed.
*/
#include "cs_sample.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define TARGET __attribute__((target("avx2")))

/* Four normals from four ziggurat words: *X and the lanes that took the fast path (all ones). */
TARGET static inline __m256d gaussian4(const cs_ziggurat *table, __m128i k, __m128i *ok)
{
    __m128i i = _mm_and_si128(k, _mm_set1_epi32(0x7f));
    __m128i j = _mm_and_si128(_mm_srli_epi32(k, 8), _mm_set1_epi32(0xFFFFFF));
    __m128i accept_below = _mm_i32gather_epi32((const int *)table->accept_below, i, 4);
    *ok = _mm_cmpgt_epi32(accept_below, j); /* j < accept_below[i]; both below 2^31 */
    __m256d x = _mm256_mul_pd(_mm256_cvtepi32_pd(j), _mm256_i32gather_pd(table->width, i, 8));
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

/* cs_words_gamma for four lanes: the gamma and the lanes that took every fast path. */
TARGET static inline __m256d gamma4(const cs_ziggurat *table, const double *shape, __m128i normal_word,
                                    __m128i uniform_word, __m256d *ok)
{
    __m128i normal_ok;
    __m256d x = gaussian4(table, normal_word, &normal_ok);
    __m256d one = _mm256_set1_pd(1.0), zero = _mm256_setzero_pd();
    __m256d v = _mm256_add_pd(one, _mm256_mul_pd(_mm256_set1_pd(shape[2]), x));
    __m256d v_ok = _mm256_cmp_pd(v, zero, _CMP_GT_OQ); /* not (v <= 0) */
    v = _mm256_mul_pd(_mm256_mul_pd(v, v), v);
    __m256d u = uniform4(uniform_word);
    __m256d squeeze = _mm256_mul_pd(_mm256_set1_pd(0.0331), x);
    squeeze = _mm256_mul_pd(squeeze, x);
    squeeze = _mm256_mul_pd(squeeze, x);
    squeeze = _mm256_mul_pd(squeeze, x);
    __m256d u_ok = _mm256_and_pd(_mm256_cmp_pd(u, zero, _CMP_NEQ_UQ),
                                 _mm256_cmp_pd(u, _mm256_sub_pd(one, squeeze), _CMP_LT_OQ));
    *ok = _mm256_and_pd(_mm256_and_pd(_mm256_castsi256_pd(_mm256_cvtepi32_epi64(normal_ok)), v_ok), u_ok);
    return _mm256_mul_pd(_mm256_mul_pd(one, _mm256_set1_pd(shape[1])), v); /* 1.0 * d * v */
}

TARGET size_t cs_words_beta_run_avx2(const cs_ziggurat *table, double a, double b, const double *shape_a,
                                     const double *shape_b, uint32_t *const word[4], size_t first, size_t n,
                                     double *out, unsigned char *missed)
{
    if (shape_a[4] != 0 || shape_b[4] != 0 || (a <= 1.0 && b <= 1.0)) /* no fast path at all */
        return cs_words_beta_run(table, a, b, shape_a, shape_b, word, first, n, out, missed);
    size_t misses = 0, j = 0;
    for (; j + 4 <= n; j += 4) {
        size_t i = first + j;
        /* The stream order: v[3] (normal), v[2] (uniform) for the first gamma; v[1], v[0] for the second. */
        __m256d ok_a, ok_b;
        __m256d x1 = gamma4(table, shape_a, _mm_loadu_si128((const __m128i *)(word[3] + i)),
                            _mm_loadu_si128((const __m128i *)(word[2] + i)), &ok_a);
        __m256d x2 = gamma4(table, shape_b, _mm_loadu_si128((const __m128i *)(word[1] + i)),
                            _mm_loadu_si128((const __m128i *)(word[0] + i)), &ok_b);
        _mm256_storeu_pd(out + j, _mm256_div_pd(x1, _mm256_add_pd(x1, x2)));
        int took = _mm256_movemask_pd(_mm256_and_pd(ok_a, ok_b));
        for (int k = 0; k < 4; k++) missed[j + (size_t)k] = (unsigned char)!(took >> k & 1);
        misses += 4 - (size_t)__builtin_popcount((unsigned)took);
    }
    if (j < n) misses += cs_words_beta_run(table, a, b, shape_a, shape_b, word, first + j, n - j, out + j, missed + j);
    return misses;
}

#else

size_t cs_words_beta_run_avx2(const cs_ziggurat *table, double a, double b, const double *shape_a,
                              const double *shape_b, uint32_t *const word[4], size_t first, size_t n, double *out,
                              unsigned char *missed)
{
    return cs_words_beta_run(table, a, b, shape_a, shape_b, word, first, n, out, missed);
}

#endif
