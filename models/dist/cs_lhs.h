/*
** cs_lhs.h: Latin hypercube sampling's permutations of the trials.
**
** With N trials, the trial i of an input element takes the uniform
** U = (pi(i) + V) / N, where V is its own uniform (from its sub-stream) and
** pi a permutation of 0 .. N-1: every stratum [j/N, (j+1)/N) then holds
** exactly one trial.  pi is a keyed bijection computed per index (a
** four-round Feistel network (unbalanced when the width is odd) on the fewest bits
** that holds N, walked until it lands below N), so no table of N entries is
** stored, and any thread computes the same pi(i).  The key comes from the
** seed, the plan and the element's sub-stream, never from the thread or the
** scenario, so scenarios still share their luck.
*/
#ifndef CS_LHS_H
#define CS_LHS_H

#include <stdint.h>

/* The key of one input element's permutation. */
uint64_t cs_lhs_key(uint64_t seed, uint32_t plan_key, uint32_t site, uint32_t element);

/* pi(i) of the permutation of 0 .. n-1 keyed by KEY (i < n). */
uint32_t cs_lhs_permute(uint64_t key, uint32_t i, uint32_t n);

#endif
