/*
** cs_bulk.h: memory for a run's per-trial results.
**
** A run stores tens of megabytes that are written once, trial by trial.
** Faulting that in 4 KiB pages cost about 220 ns a trial on the benchmark
** machine (more than the model's arithmetic); cs_bulk_alloc maps it
** anonymously and asks for transparent huge pages (MADV_HUGEPAGE), which
** cuts the faults 512-fold where the kernel allows it.  The memory is
** zeroed.  Every cs_bulk_alloc is released by one cs_bulk_free with the
** same size.
*/
#ifndef CS_BULK_H
#define CS_BULK_H

#include <stddef.h>

/* size bytes of zeroed memory, or NULL. */
void *cs_bulk_alloc(size_t size);
void cs_bulk_free(void *memory, size_t size);

#endif
