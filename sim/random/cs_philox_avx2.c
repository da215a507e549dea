/*
** cs_philox_avx2.c: Philox4x32-10, eight blocks at a time with AVX2 (see
** cs_philox.h).  Compiled for AVX2 by a target attribute, called only when
** the CPU has it.
**
** _mm256_mul_epu32 multiplies the even 32-bit lanes into full 64-bit
** products.  So the eight blocks are held as two halves, each a vector
** whose even lanes hold four blocks' words (the loaded vector, and the same
** shifted down by 32 bits); the odd lanes carry whatever is left there and
** are never read.  A round's product then gives both halves at once: the
** low word in place, the high word after one shift.  The halves are put
** back together once, after the ten rounds.  Two independent halves also
** keep the multiplier busy while the other waits on its chain.
*/
#include "cs_philox.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define TARGET __attribute__((target("avx2")))

/* Eight lanes from two halves: even lanes from EVEN, odd lanes from ODD's even lanes. */
TARGET static inline __m256i join_halves(__m256i even, __m256i odd)
{
    return _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
}

TARGET void cs_philox_batch_avx2(philox4x32_key_t key, uint32_t trial, uint32_t plan, const uint32_t *block,
                                 const uint32_t *site, size_t n, uint32_t *const word[4])
{
    const __m256i m0 = _mm256_set1_epi32((int)PHILOX_M4x32_0), m1 = _mm256_set1_epi32((int)PHILOX_M4x32_1);
    const __m256i w0 = _mm256_set1_epi32((int)PHILOX_W32_0), w1 = _mm256_set1_epi32((int)PHILOX_W32_1);
    const __m256i trial8 = _mm256_set1_epi32((int)trial), plan8 = _mm256_set1_epi32((int)plan);
    for (size_t i = 0; i < n; i += 8) {
        __m256i blocks = _mm256_loadu_si256((const __m256i *)(block + i));
        __m256i sites = _mm256_loadu_si256((const __m256i *)(site + i));
        __m256i c0[2] = {blocks, _mm256_srli_epi64(blocks, 32)}, c1[2] = {sites, _mm256_srli_epi64(sites, 32)};
        __m256i c2[2] = {trial8, trial8}, c3[2] = {plan8, plan8};
        __m256i k0 = _mm256_set1_epi32((int)key.v[0]), k1 = _mm256_set1_epi32((int)key.v[1]);
        for (int round = 0; round < 10; round++) {
            if (round > 0) { /* the key bump between rounds */
                k0 = _mm256_add_epi32(k0, w0);
                k1 = _mm256_add_epi32(k1, w1);
            }
            for (int half = 0; half < 2; half++) {
                __m256i product0 = _mm256_mul_epu32(c0[half], m0), product1 = _mm256_mul_epu32(c2[half], m1);
                c0[half] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(product1, 32), c1[half]), k0);
                c1[half] = product1; /* its low word */
                c2[half] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(product0, 32), c3[half]), k1);
                c3[half] = product0;
            }
        }
        _mm256_storeu_si256((__m256i *)(word[0] + i), join_halves(c0[0], c0[1]));
        _mm256_storeu_si256((__m256i *)(word[1] + i), join_halves(c1[0], c1[1]));
        _mm256_storeu_si256((__m256i *)(word[2] + i), join_halves(c2[0], c2[1]));
        _mm256_storeu_si256((__m256i *)(word[3] + i), join_halves(c3[0], c3[1]));
    }
}
#endif
