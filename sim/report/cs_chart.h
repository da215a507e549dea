/*
** cs_chart.h: the report's charts, drawn with PLplot (cairo drivers).
**
** Each function draws one chart twice, as STEM.svg (svgcairo) and STEM.png
** (pngcairo), and knows nothing of plans or scenarios: the caller passes
** plain arrays and words.  Money is passed in pounds and drawn in £m.
** Colours are the Okabe-Ito palette, chosen so that series also differ in
** lightness, line style or marker, and stay apart in greyscale.
**
** Every function returns CS_OK, or CS_ERR_FAIL with err filled (a file that
** could not be written).  PLplot is not thread-safe: call from one thread.
*/
#ifndef CS_CHART_H
#define CS_CHART_H

#include <stddef.h>

#include "cs_error.h"

/* Size of every chart, in pixels of the PNG (the SVG has the same aspect);
** an intervals chart marked `tall` grows by 24 pixels a row beyond 12. */
enum { CS_CHART_WIDTH = 900, CS_CHART_HEIGHT = 520 };

/* A fan chart: one column per year, the P5-P95 and P25-P75 bands and the
** median line; claims[i] (NAN where the plan claims nothing) drawn as
** markers with the legend "plan's claim". */
typedef struct cs_chart_fan {
    const char *title;       /* "Turnover" */
    const char *y_label;     /* "£m" */
    size_t years;
    const char *const *year_labels; /* "2013/14", ... */
    const double *p5, *p25, *p50, *p75, *p95; /* pounds, one per year */
    const double *claims;    /* NULL or one per year, NAN where none */
    int zero_line;           /* draw y = 0 */
    const double *reference_p50;  /* NULL, or one per year: another median drawn as a faint dashed line */
    const char *reference_label;  /* its legend ("unedited plan's median") */
} cs_chart_fan;
int cs_chart_draw_fan(const cs_chart_fan *chart, const char *stem, cs_error *err);
/* The same chart as one SVG file at PATH, no PNG (the live page's charts). */
int cs_chart_fan_svg(const cs_chart_fan *chart, const char *path, cs_error *err);

/* The distribution of one figure: a histogram of VALUES (pounds, any order,
** not modified) and, as a second chart STEM-cdf, its cumulative curve (the
** S-curve: share of trials at or below x).  Both mark x = MARKER with a
** vertical line labelled MARKER_LABEL ("deficit limit"), unless MARKER is NAN. */
typedef struct cs_chart_distribution {
    const char *title;
    const char *x_label;     /* "final reserve, £m" */
    size_t count;
    const double *values;
    double marker;
    const char *marker_label;
} cs_chart_distribution;
int cs_chart_draw_distribution(const cs_chart_distribution *chart, const char *stem, cs_error *err);
/* The histogram alone as one SVG file at PATH (the live page's). */
int cs_chart_histogram_svg(const cs_chart_distribution *chart, const char *path, cs_error *err);

/* Estimates with intervals, one row each, drawn top to bottom in the order
** given: a marker at ESTIMATE and a bar from LO to HI.  CATEGORY[i] in
** [0, categories) chooses the marker and colour; CATEGORY_NAMES label the
** legend.  Vertical reference lines at REFERENCES (with their labels), e.g.
** the proceed and rigorous thresholds.  Used for the league (P(viable) of
** every plan, marked by the real checkpoint 2 outcome) and for the
** scenarios side by side. */
typedef struct cs_chart_intervals {
    const char *title;
    const char *x_label;     /* "P(viable)" */
    double x_min, x_max;     /* axis range, e.g. 0 and 1 */
    size_t rows;
    const char *const *labels;
    const double *estimate, *lo, *hi;
    const int *category;     /* NULL: all category 0 */
    size_t categories;
    const char *const *category_names;
    size_t references;
    const double *reference_at;
    const char *const *reference_labels;
    int tall;                /* many rows: the chart grows taller so each row's label is read at full size */
} cs_chart_intervals;
int cs_chart_draw_intervals(const cs_chart_intervals *chart, const char *stem, cs_error *err);

/* A tornado: one row per input, top to bottom in the order given, a bar
** from the baseline to LOW[i] (the figure with the input at its P10) and
** one from the baseline to HIGH[i] (at its P90), in two colours with a
** legend; a vertical line at BASELINE.  NAN in low/high: no bar. */
typedef struct cs_chart_tornado {
    const char *title;
    const char *x_label;     /* "P(viable)" or "mean final reserve, £m" */
    double baseline;
    size_t rows;
    const char *const *labels;
    const double *low, *high;
    const char *low_name, *high_name; /* "input at P10", "input at P90" */
    int money;               /* values are pounds: draw in £m */
} cs_chart_tornado;
int cs_chart_draw_tornado(const cs_chart_tornado *chart, const char *stem, cs_error *err);

/* Grouped horizontal bars with intervals: one row per label, SERIES bars
** per row (e.g. first-order and total Sobol indices), each with a
** whisker from lo to hi. */
typedef struct cs_chart_bars {
    const char *title;
    const char *x_label;
    double x_min, x_max;
    size_t rows, series;
    const char *const *labels;       /* rows */
    const char *const *series_names; /* series */
    const double *value, *lo, *hi;   /* rows x series, row-major */
} cs_chart_bars;
int cs_chart_draw_bars(const cs_chart_bars *chart, const char *stem, cs_error *err);

/* A curve with its 95% band: Y (with LO..HI) against X, e.g. P(viable)
** against the price multiplier; horizontal reference lines at LEVELS with
** labels (the thresholds) and vertical MARK_X (the plan's own value, NAN
** for none). */
typedef struct cs_chart_curve {
    const char *title;
    const char *x_label, *y_label;
    size_t points;
    const double *x, *y, *lo, *hi;
    double y_min, y_max;
    size_t levels;
    const double *level_at;
    const char *const *level_labels;
    double mark_x;
    const char *mark_label;
} cs_chart_curve;
int cs_chart_draw_curve(const cs_chart_curve *chart, const char *stem, cs_error *err);

#endif
