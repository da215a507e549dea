/*
** cs_philox_avx2.c: Philox4x32-10, eight blocks at a time with AVX2 (see
** cs_philox.h).  Compiled for AVX2 by a target attribute, called only when
** the CPU has it.  Each 32x32 -> 64-bit product is taken with
** _mm256_mul_epu32 on the even lanes and again on the odd lanes shifted
** down, and the high and low halves are blended back into place.
*/
#include "cs_philox.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define TARGET __attribute__((target("avx2")))

/* Lane-wise hi:lo = a x M for eight 32-bit lanes. */
TARGET static inline void mulhilo8(__m256i a, __m256i m, __m256i *hi, __m256i *lo)
{
    __m256i even = _mm256_mul_epu32(a, m);
    __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
    *lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

TARGET void cs_philox_batch_avx2(philox4x32_key_t key, uint32_t trial, uint32_t plan, const uint32_t *block,
                                 const uint32_t *site, size_t n, uint32_t *const word[4])
{
    const __m256i m0 = _mm256_set1_epi32((int)PHILOX_M4x32_0), m1 = _mm256_set1_epi32((int)PHILOX_M4x32_1);
    const __m256i w0 = _mm256_set1_epi32((int)PHILOX_W32_0), w1 = _mm256_set1_epi32((int)PHILOX_W32_1);
    for (size_t i = 0; i < n; i += 8) {
        __m256i c0 = _mm256_loadu_si256((const __m256i *)(block + i));
        __m256i c1 = _mm256_loadu_si256((const __m256i *)(site + i));
        __m256i c2 = _mm256_set1_epi32((int)trial), c3 = _mm256_set1_epi32((int)plan);
        __m256i k0 = _mm256_set1_epi32((int)key.v[0]), k1 = _mm256_set1_epi32((int)key.v[1]);
        for (int round = 0; round < 10; round++) {
            if (round > 0) { /* the key bump between rounds */
                k0 = _mm256_add_epi32(k0, w0);
                k1 = _mm256_add_epi32(k1, w1);
            }
            __m256i hi0, lo0, hi1, lo1;
            mulhilo8(c0, m0, &hi0, &lo0);
            mulhilo8(c2, m1, &hi1, &lo1);
            c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), k0);
            c1 = lo1;
            c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), k1);
            c3 = lo0;
        }
        _mm256_storeu_si256((__m256i *)(word[0] + i), c0);
        _mm256_storeu_si256((__m256i *)(word[1] + i), c1);
        _mm256_storeu_si256((__m256i *)(word[2] + i), c2);
        _mm256_storeu_si256((__m256i *)(word[3] + i), c3);
    }
}
#endif
