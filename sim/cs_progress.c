/*
** cs_progress.c: the terminal progress bar.
*/
#define _POSIX_C_SOURCE 200809L
#include "cs_progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 24

double cs_clock_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

void cs_progress_start(cs_progress *progress, size_t total)
{
    progress->enabled = isatty(STDERR_FILENO);
    progress->total = total ? total : 1;
    progress->started = cs_clock_seconds();
    progress->last_drawn = 0;
    progress->units_are_runs = 1;
}

/* LABEL cut to at most WIDTH characters (never inside a UTF-8 sequence) and
** padded with spaces to WIDTH, into BUF. */
static const char *label_fitted(char *buf, size_t len, const char *label, size_t width)
{
    size_t used = 0, shown = 0;
    for (const unsigned char *c = (const unsigned char *)(label ? label : ""); *c && used + 5 < len; c++) {
        if ((*c & 0xC0) != 0x80 && shown++ == width) break;
        buf[used++] = (char)*c;
    }
    for (; shown < width && used + 1 < len; shown++) buf[used++] = ' ';
    buf[used] = '\0';
    return buf;
}

void cs_progress_update(cs_progress *progress, size_t done, size_t trials, const char *label)
{
    char fitted[256];
    if (!progress->enabled) return;
    double now = cs_clock_seconds(), elapsed = now - progress->started;
    if (done < progress->total && now - progress->last_drawn < 0.1) return;
    progress->last_drawn = now;
    int filled = (int)(BAR_WIDTH * done / progress->total);
    char bar[BAR_WIDTH + 1];
    for (int i = 0; i < BAR_WIDTH; i++) bar[i] = i < filled ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    double rate = elapsed > 0 ? (double)trials / elapsed : 0;
    double left = done > 0 ? elapsed * (double)(progress->total - done) / (double)done : 0;
    if (progress->units_are_runs)
        fprintf(stderr, "\r[%s] %zu/%zu runs  %.2fM trials/s  %3.0fs left  %s", bar, done, progress->total,
                rate / 1e6, left, label_fitted(fitted, sizeof fitted, label, 40));
    else
        fprintf(stderr, "\r[%s] %3.0f%%  %3.0fs left  %s", bar, 100.0 * (double)done / (double)progress->total,
                left, label_fitted(fitted, sizeof fitted, label, 56));
    fflush(stderr);
}

void cs_progress_finish(cs_progress *progress)
{
    if (progress->enabled) fputs("\n", stderr);
}
