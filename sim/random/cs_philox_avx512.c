/*
** cs_philox_avx512.c: Philox4x32-10, sixteen blocks at a time with
** AVX-512F (see cs_philox.h and cs_philox_avx2.c, which this mirrors with
** 512-bit vectors and mask blends).  Compiled for AVX-512F by a target
** attribute, called only when the CPU has it.
*/
#include "cs_philox.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define TARGET __attribute__((target("avx512f")))

/* Lane-wise hi:lo = a x M for sixteen 32-bit lanes (odd lanes: mask 0xAAAA). */
TARGET static inline void mulhilo16(__m512i a, __m512i m, __m512i *hi, __m512i *lo)
{
    __m512i even = _mm512_mul_epu32(a, m);
    __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m);
    *lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
    *hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
}

TARGET void cs_philox_batch_avx512(philox4x32_key_t key, uint32_t trial, uint32_t plan, const uint32_t *block,
                                   const uint32_t *site, size_t n, uint32_t *const word[4])
{
    const __m512i m0 = _mm512_set1_epi32((int)PHILOX_M4x32_0), m1 = _mm512_set1_epi32((int)PHILOX_M4x32_1);
    const __m512i w0 = _mm512_set1_epi32((int)PHILOX_W32_0), w1 = _mm512_set1_epi32((int)PHILOX_W32_1);
    for (size_t i = 0; i < n; i += 16) {
        __m512i c0 = _mm512_loadu_si512(block + i), c1 = _mm512_loadu_si512(site + i);
        __m512i c2 = _mm512_set1_epi32((int)trial), c3 = _mm512_set1_epi32((int)plan);
        __m512i k0 = _mm512_set1_epi32((int)key.v[0]), k1 = _mm512_set1_epi32((int)key.v[1]);
        for (int round = 0; round < 10; round++) {
            if (round > 0) { /* the key bump between rounds */
                k0 = _mm512_add_epi32(k0, w0);
                k1 = _mm512_add_epi32(k1, w1);
            }
            __m512i hi0, lo0, hi1, lo1;
            mulhilo16(c0, m0, &hi0, &lo0);
            mulhilo16(c2, m1, &hi1, &lo1);
            c0 = _mm512_xor_si512(_mm512_xor_si512(hi1, c1), k0);
            c1 = lo1;
            c2 = _mm512_xor_si512(_mm512_xor_si512(hi0, c3), k1);
            c3 = lo0;
        }
        _mm512_storeu_si512(word[0] + i, c0);
        _mm512_storeu_si512(word[1] + i, c1);
        _mm512_storeu_si512(word[2] + i, c2);
        _mm512_storeu_si512(word[3] + i, c3);
    }
}
#endif
