/*
** cs_philox.h: Philox4x32-10 blocks computed in batches, vectorised where
** the CPU allows.
**
** A trial of a plan reads the first block of some eighty sub-streams; this
** computes them together: 16 blocks at a time with AVX-512, 8 with AVX2, or
** one by one with Random123's philox4x32 (the portable path).  Philox is
** integer arithmetic only, so every path gives the same bits; a test checks
** each path the machine has against Random123 and compares whole outputs.
** The path is chosen per run (cs_simd_select): the best the CPU has, or the
** one the environment variable CSSIM_SIMD names (scalar, avx2, avx512), if
** the CPU has it.
*/
#ifndef CS_PHILOX_H
#define CS_PHILOX_H

#include <Random123/philox.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { CS_SIMD_SCALAR, CS_SIMD_AVX2, CS_SIMD_AVX512 } cs_simd_path;

/* WORD[w][i] := word w of philox4x32(counter (BLOCK[i], SITE[i], TRIAL,
** PLAN), KEY) for i < N, w < 4 (four arrays, not interleaved); N must be a
** multiple of CS_PHILOX_BATCH (pad the arrays). */
typedef void (*cs_philox_batch_fn)(philox4x32_key_t key, uint32_t trial, uint32_t plan, const uint32_t *block,
                                   const uint32_t *site, size_t n, uint32_t *const word[4]);

#define CS_PHILOX_BATCH 16

/* The path for this run: CSSIM_SIMD if set and the CPU has it, else the
** best the CPU has. */
cs_simd_path cs_simd_select(void);

/* 1 when the CPU can run PATH. */
int cs_simd_available(cs_simd_path path);

/* "scalar", "avx2", "avx512". */
const char *cs_simd_name(cs_simd_path path);

/* The batch function of PATH. */
cs_philox_batch_fn cs_philox_batch_for(cs_simd_path path);

#endif
