/*
** cs_lhs.c: keyed permutations by a Feistel network (see cs_lhs.h).
*/
#include "cs_lhs.h"

/* A 64-bit mixing function (the finaliser of SplitMix64). */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

uint64_t cs_lhs_key(uint64_t seed, uint32_t plan_key, uint32_t site, uint32_t element)
{
    return mix(seed ^ mix(((uint64_t)plan_key << 32 | site) ^ mix(0x5EEDULL << 32 | element)));
}

uint32_t cs_lhs_permute(uint64_t key, uint32_t i, uint32_t n)
{
    unsigned bits = 1;
    while (bits < 32 && (1ULL << bits) < n) bits++;
    uint64_t x = i;
    do { /* cycle walking: a permutation of 0 .. 2^bits - 1, applied until below n */
        unsigned high = (bits + 1) / 2, low = bits / 2; /* the halves' widths, swapped every round */
        for (uint64_t round = 0; round < 4; round++) {
            uint64_t left = x >> low, right = x & ((1ULL << low) - 1);
            left ^= mix(key ^ round << 58 ^ right) & ((1ULL << high) - 1);
            x = right << high | left;
            unsigned width = high;
            high = low;
            low = width;
        }
    } while (x >= n);
    return (uint32_t)x;
}
