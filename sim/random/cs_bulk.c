/*
** cs_bulk.c: huge-page-advised anonymous mappings (see cs_bulk.h).
*/
#define _GNU_SOURCE
#include "cs_bulk.h"

#include <sys/mman.h>

void *cs_bulk_alloc(size_t size)
{
    if (size == 0) size = 1;
    void *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(memory, size, MADV_HUGEPAGE); /* advice only: fine if refused */
#endif
    return memory;
}

void cs_bulk_free(void *memory, size_t size)
{
    if (memory) munmap(memory, size ? size : 1);
}
