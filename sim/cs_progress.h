/*
** cs_progress.h: a progress bar on standard error for long work: units done,
** trials per second and time left.  Quiet unless standard error is a
** terminal.  cs_progress_start / cs_progress_update / cs_progress_finish.
*/
#ifndef CS_PROGRESS_H
#define CS_PROGRESS_H

#include <stddef.h>

typedef struct cs_progress {
    int enabled;
    size_t total;       /* units of work (plan x scenario runs) */
    double started;     /* seconds, monotonic clock */
    double last_drawn;
    int units_are_runs; /* 1 (the default): show "done/total runs" and trials a second; 0: a percentage only */
} cs_progress;

/* Monotonic clock in seconds. */
double cs_clock_seconds(void);

void cs_progress_start(cs_progress *progress, size_t total);
/* DONE units and TRIALS trials finished so far; LABEL is the current unit. */
void cs_progress_update(cs_progress *progress, size_t done, size_t trials, const char *label);
void cs_progress_finish(cs_progress *progress);

#endif
