/*
** cs_philox.c: the portable batch path and the choice of path (see
** cs_philox.h).  The vector paths are in cs_philox_avx2.c and
** cs_philox_avx512.c.
*/
#include "cs_philox.h"

#include <stdlib.h>
#include <string.h>

void cs_philox_batch_avx2(philox4x32_key_t key, uint32_t trial, uint32_t plan, const uint32_t *block,
                          const uint32_t *site, size_t n, uint32_t *const word[4]);
void cs_philox_batch_avx512(philox4x32_key_t key, uint32_t trial, uint32_t plan, const uint32_t *block,
                            const uint32_t *site, size_t n, uint32_t *const word[4]);

static void batch_scalar(philox4x32_key_t key, uint32_t trial, uint32_t plan, const uint32_t *block,
                         const uint32_t *site, size_t n, uint32_t *const word[4])
{
    for (size_t i = 0; i < n; i++) {
        philox4x32_ctr_t counter = {{block[i], site[i], trial, plan}};
        philox4x32_ctr_t out = philox4x32(counter, key);
        for (int w = 0; w < 4; w++) word[w][i] = out.v[w];
    }
}

int cs_simd_available(cs_simd_path path)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    switch (path) {
    case CS_SIMD_SCALAR: return 1;
    case CS_SIMD_AVX2: return __builtin_cpu_supports("avx2");
    case CS_SIMD_AVX512: return __builtin_cpu_supports("avx512f");
    }
    return 0;
#else
    return path == CS_SIMD_SCALAR;
#endif
}

const char *cs_simd_name(cs_simd_path path)
{
    static const char *const names[] = {"scalar", "avx2", "avx512"};
    return names[path];
}

cs_simd_path cs_simd_select(void)
{
    cs_simd_path best = cs_simd_available(CS_SIMD_AVX512) ? CS_SIMD_AVX512
                      : cs_simd_available(CS_SIMD_AVX2)   ? CS_SIMD_AVX2
                                                          : CS_SIMD_SCALAR;
    const char *requested = getenv("CSSIM_SIMD");
    for (int path = CS_SIMD_SCALAR; requested && path <= CS_SIMD_AVX512; path++)
        if (strcmp(requested, cs_simd_name((cs_simd_path)path)) == 0 && cs_simd_available((cs_simd_path)path))
            return (cs_simd_path)path;
    return best;
}

cs_philox_batch_fn cs_philox_batch_for(cs_simd_path path)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (path == CS_SIMD_AVX512) return cs_philox_batch_avx512;
    if (path == CS_SIMD_AVX2) return cs_philox_batch_avx2;
#endif
    (void)path;
    return batch_scalar;
}
