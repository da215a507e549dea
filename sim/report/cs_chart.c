/*
** cs_chart.c: the report's charts (fan, distribution, intervals, tornado,
** grouped bars, curve), drawn with PLplot's cairo drivers as SVG and PNG.
**
** Each chart has one painter that draws it on the current PLplot stream;
** chart_render runs it once per device on a fresh stream (plmkstrm ...
** plend1), so any number of charts can be drawn in one process.  The page
** is laid out from the top: the title, the legend (outside the plot, so it
** never covers data), then the plot box, with room on the left for the row
** labels or the y axis.
*/
#define _POSIX_C_SOURCE 200809L
#include "cs_chart.h"

#include <errno.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <plplot.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* cmap0 indices: the background, black, the Okabe-Ito colours, then tints. */
enum {
    COLOUR_WHITE = 0,
    COLOUR_BLACK,
    COLOUR_ORANGE,
    COLOUR_SKY_BLUE,
    COLOUR_GREEN,
    COLOUR_YELLOW,
    COLOUR_BLUE,
    COLOUR_VERMILLION,
    COLOUR_PURPLE,
    COLOUR_BAND_OUTER, /* P5-P95: sky blue, light */
    COLOUR_BAND_INNER, /* P25-P75: blue, stronger */
    COLOUR_GRID,
    COLOUR_FAINT, /* a reference series behind the data: grey, partly transparent */
    COLOUR_COUNT
};

static const struct chart_rgba {
    int r, g, b;
    double alpha;
} chart_colours[COLOUR_COUNT] = {
    [COLOUR_WHITE] = {255, 255, 255, 1.0},    [COLOUR_BLACK] = {0, 0, 0, 1.0},
    [COLOUR_ORANGE] = {0xE6, 0x9F, 0x00, 1.0}, [COLOUR_SKY_BLUE] = {0x56, 0xB4, 0xE9, 1.0},
    [COLOUR_GREEN] = {0x00, 0x9E, 0x73, 1.0},  [COLOUR_YELLOW] = {0xF0, 0xE4, 0x42, 1.0},
    [COLOUR_BLUE] = {0x00, 0x72, 0xB2, 1.0},   [COLOUR_VERMILLION] = {0xD5, 0x5E, 0x00, 1.0},
    [COLOUR_PURPLE] = {0xCC, 0x79, 0xA7, 1.0}, [COLOUR_BAND_OUTER] = {0x56, 0xB4, 0xE9, 0.35},
    [COLOUR_BAND_INNER] = {0x00, 0x72, 0xB2, 0.45}, [COLOUR_GRID] = {0xDD, 0xDD, 0xDD, 1.0},
    [COLOUR_FAINT] = {0x44, 0x44, 0x44, 0.7},
};

/* Series in order: colour, marker and line style differ together, and the
** first colours differ in lightness, so series stay apart in greyscale. */
static const struct chart_series_style {
    int colour;
    const char *marker;
    int line_style;
} chart_series[] = {
    {COLOUR_BLUE, "●", 1},      {COLOUR_ORANGE, "▲", 2},     {COLOUR_BLACK, "■", 3},
    {COLOUR_VERMILLION, "◆", 4}, {COLOUR_GREEN, "▼", 5},     {COLOUR_PURPLE, "★", 6},
    {COLOUR_SKY_BLUE, "✚", 7},  {COLOUR_YELLOW, "⬟", 8},
};
enum { CHART_SERIES_STYLES = sizeof chart_series / sizeof chart_series[0] };

/* Reference lines (thresholds, markers): dashed and dotted, darker colours. */
static const struct chart_series_style chart_references[] = {
    {COLOUR_VERMILLION, "", 2}, {COLOUR_GREEN, "", 3}, {COLOUR_PURPLE, "", 4}, {COLOUR_BLACK, "", 5},
};
enum { CHART_REFERENCE_STYLES = sizeof chart_references / sizeof chart_references[0] };

enum { CHART_LEGEND_MAX = 12, CHART_TEXT_MAX = 256 };
static const double chart_title_scale = 1.25, chart_line_width = 2.0, chart_thick_width = 3.0;
/* An interval drawn as a bar this wide, under a dot this much smaller than the text. */
static const double chart_interval_width = 7.0, chart_interval_dot = 0.55;
/* Mean width of a glyph of the cairo drivers' sans font, in character
** heights (measured: lower-case text, DejaVu Sans), and the width pllegend
** adds to an entry's text (its sample and gaps), as a share of the page. */
static const double chart_char_aspect = 0.74, chart_legend_entry_room = 0.09;

/* A chart's legend, filled before drawing; arrays as pllegend takes them. */
typedef struct chart_legend {
    PLINT count;
    PLINT opt[CHART_LEGEND_MAX];
    char text_store[CHART_LEGEND_MAX][CHART_TEXT_MAX];
    const char *text[CHART_LEGEND_MAX];
    PLINT text_colour[CHART_LEGEND_MAX], box_colour[CHART_LEGEND_MAX], box_pattern[CHART_LEGEND_MAX];
    PLFLT box_scale[CHART_LEGEND_MAX], box_line_width[CHART_LEGEND_MAX];
    PLINT line_colour[CHART_LEGEND_MAX], line_style[CHART_LEGEND_MAX];
    PLFLT line_width[CHART_LEGEND_MAX];
    PLINT symbol_colour[CHART_LEGEND_MAX], symbol_count[CHART_LEGEND_MAX];
    PLFLT symbol_scale[CHART_LEGEND_MAX];
    const char *symbol[CHART_LEGEND_MAX];
} chart_legend;

/* The plot box in normalised page coordinates, its world window and the
** step of its x ticks (0: PLplot's choice). */
typedef struct chart_frame {
    double left, right, bottom, top;
    double x_min, x_max, y_min, y_max;
    double x_tick;
} chart_frame;

typedef void (*chart_painter)(const void *chart);

/* ---- Text ------------------------------------------------------------- */

/* TEXT with PLplot's escape character '#' doubled, into buf; returns buf. */
static const char *plot_text(char *buf, size_t len, const char *text)
{
    size_t used = 0;
    for (const char *c = text ? text : ""; *c && used + 2 < len; c++) {
        if (*c == '#') buf[used++] = '#';
        buf[used++] = *c;
    }
    buf[used] = '\0';
    return buf;
}

#define PLOT_TEXT(text) plot_text((char[CHART_TEXT_MAX]){0}, CHART_TEXT_MAX, (text))

/* Characters (not bytes) of a UTF-8 string. */
static size_t text_length(const char *text)
{
    size_t count = 0;
    for (const unsigned char *c = (const unsigned char *)(text ? text : ""); *c; c++)
        if ((*c & 0xC0) != 0x80) count++;
    return count;
}

static size_t longest_text(const char *const *texts, size_t count)
{
    size_t longest = 0;
    for (size_t i = 0; texts && i < count; i++) {
        size_t length = text_length(texts[i]);
        if (length > longest) longest = length;
    }
    return longest;
}

/* ---- Page geometry ---------------------------------------------------- */

/* The current character height as a share of the page's height and width. */
static void char_size(double *height_share, double *width_share)
{
    PLFLT default_mm, height_mm, x0, x1, y0, y1;
    plgchr(&default_mm, &height_mm);
    plgspa(&x0, &x1, &y0, &y1);
    *height_share = height_mm / (y1 - y0);
    *width_share = height_mm / (x1 - x0);
}

static double finite_or(double value, double fallback) { return isfinite(value) ? value : fallback; }

/* Widen [*lo, *hi] by a share of its span, or to a unit span when empty. */
static void pad_range(double *lo, double *hi, double share)
{
    if (!isfinite(*lo) || !isfinite(*hi) || *lo > *hi) *lo = *hi = 0;
    double span = *hi - *lo;
    if (span <= 0) span = fmax(fabs(*lo) * 0.1, 1.0), share = 0.5;
    *lo -= span * share;
    *hi += span * share;
}

/* Extend [*lo, *hi] by the finite values of VALUES (COUNT of them, scaled). */
static void extend_range(double *lo, double *hi, const double *values, size_t count, double scale)
{
    for (size_t i = 0; values && i < count; i++) {
        double v = values[i] * scale;
        if (!isfinite(v)) continue;
        if (!(v >= *lo)) *lo = v;
        if (!(v <= *hi)) *hi = v;
    }
}

/* ---- Legend ----------------------------------------------------------- */

static PLINT legend_add(chart_legend *legend, PLINT opt, int colour, const char *text)
{
    if (legend->count >= CHART_LEGEND_MAX) return -1;
    PLINT i = legend->count++;
    legend->opt[i] = opt;
    legend->text[i] = plot_text(legend->text_store[i], CHART_TEXT_MAX, text);
    legend->text_colour[i] = COLOUR_BLACK;
    legend->box_colour[i] = legend->line_colour[i] = legend->symbol_colour[i] = colour;
    legend->box_pattern[i] = 0;
    legend->box_scale[i] = 0.8;
    legend->box_line_width[i] = 1;
    legend->line_style[i] = 1;
    legend->line_width[i] = chart_line_width;
    legend->symbol_count[i] = 1;
    legend->symbol_scale[i] = 1;
    legend->symbol[i] = "";
    return i;
}

static void legend_add_box(chart_legend *legend, int colour, const char *text)
{
    legend_add(legend, PL_LEGEND_COLOR_BOX, colour, text);
}

static void legend_add_line(chart_legend *legend, int colour, int line_style, const char *marker, const char *text)
{
    PLINT opt = PL_LEGEND_LINE | (marker && *marker ? PL_LEGEND_SYMBOL : 0);
    PLINT i = legend_add(legend, opt, colour, text);
    if (i < 0) return;
    legend->line_style[i] = line_style;
    legend->symbol[i] = marker ? marker : "";
}

static void legend_add_marker(chart_legend *legend, int colour, const char *marker, const char *text)
{
    PLINT i = legend_add(legend, PL_LEGEND_SYMBOL, colour, text);
    if (i >= 0) legend->symbol[i] = marker;
}

/* The columns of a legend that fits the page's width. */
static PLINT legend_columns(const chart_legend *legend, double char_width)
{
    size_t longest = longest_text(legend->text, (size_t)legend->count);
    double entry_width = chart_legend_entry_room + (double)longest * chart_char_aspect * char_width;
    PLINT columns = (PLINT)fmax(1.0, floor(0.96 / entry_width));
    if (columns >= legend->count) return legend->count;
    PLINT rows = (legend->count + columns - 1) / columns;
    return (legend->count + rows - 1) / rows; /* the same rows, evenly filled */
}

/* Draw the legend below the title, across the page; returns its height
** as a share of the page. */
static double legend_draw(const chart_legend *legend, double top_gap)
{
    if (legend->count == 0) return 0;
    double char_height, char_width;
    char_size(&char_height, &char_width);
    PLINT columns = legend_columns(legend, char_width);
    PLINT rows = (legend->count + columns - 1) / columns;
    PLFLT width, height;
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    pllegend(&width, &height, PL_LEGEND_ROW_MAJOR, PL_POSITION_TOP | PL_POSITION_INSIDE, 0, top_gap, 0.045,
             COLOUR_WHITE, COLOUR_BLACK, 1, rows, columns, legend->count, legend->opt, 0.8, 1.0, 2.0, 0.0,
             legend->text_colour, legend->text, legend->box_colour, legend->box_pattern, legend->box_scale,
             legend->box_line_width, legend->line_colour, legend->line_style, legend->line_width,
             legend->symbol_colour, legend->symbol_scale, legend->symbol_count, legend->symbol);
    return height;
}

/* ---- Frame ------------------------------------------------------------ */

/* Title and legend at the top; sets the top and bottom of the plot box. */
static void frame_top(chart_frame *frame, const char *title, const chart_legend *legend)
{
    double char_height, char_width;
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    plschr(0, chart_title_scale);
    char_size(&char_height, &char_width);
    plcol0(COLOUR_BLACK);
    plmtex("t", -1.6, 0.5, 0.5, PLOT_TEXT(title));
    double title_height = 2.2 * char_height;
    plschr(0, 1.0);
    char_size(&char_height, &char_width);
    double legend_height = legend_draw(legend, title_height);
    frame->top = 1 - title_height - legend_height - (legend_height > 0 ? 1.2 : 0.6) * char_height;
    frame->bottom = 4.4 * char_height;
}

/* The plot box with LEFT_CHARS character heights of room on its left: sets
** the viewport and the world window. */
static void frame_viewport(chart_frame *frame, double left_chars)
{
    double char_height, char_width;
    char_size(&char_height, &char_width);
    frame->left = fmin(0.5, left_chars * char_width);
    frame->right = 1 - 2.5 * char_width;
    plvpor(frame->left, frame->right, frame->bottom, frame->top);
    plwind(frame->x_min, frame->x_max, frame->y_min, frame->y_max);
}

/* Light grid lines first, so the data is drawn over them. */
static void frame_grid(const chart_frame *frame, const char *x_opt, const char *y_opt)
{
    plcol0(COLOUR_GRID);
    plwidth(1);
    pllsty(1);
    plbox(x_opt, frame->x_tick, 0, y_opt, 0, 0);
}

/* The black axes with their labels, over the data. */
static void frame_axes(const chart_frame *frame, const char *x_opt, const char *y_opt, const char *x_label,
                       const char *y_label)
{
    plcol0(COLOUR_BLACK);
    plwidth(1);
    pllsty(1);
    plbox(x_opt, frame->x_tick, frame->x_tick > 0 ? 1 : 0, y_opt, 0, 0);
    if (x_label) plmtex("b", 3.0, 0.5, 0.5, PLOT_TEXT(x_label));
    if (y_label) plmtex("l", 4.2, 0.5, 0.5, PLOT_TEXT(y_label));
}

/* Words in the middle of an empty plot ("no data"). */
static void frame_note(const chart_frame *frame, const char *note)
{
    plcol0(COLOUR_BLACK);
    plptex((frame->x_min + frame->x_max) / 2, (frame->y_min + frame->y_max) / 2, 1, 0, 0.5, note);
}

/* Row labels to the left of the plot box, row i at y = rows - i. */
static void frame_row_labels(const chart_frame *frame, const char *const *labels, size_t rows)
{
    plcol0(COLOUR_BLACK);
    for (size_t i = 0; labels && i < rows; i++) {
        double y = (double)(rows - i);
        plmtex("lv", 0.8, (y - frame->y_min) / (frame->y_max - frame->y_min), 1.0, PLOT_TEXT(labels[i]));
    }
}

/* Character scale at which the rows' labels do not overlap. */
static double row_text_scale(const chart_frame *frame)
{
    double char_height, char_width;
    char_size(&char_height, &char_width);
    double row = (frame->top - frame->bottom) / (frame->y_max - frame->y_min);
    return fmax(0.45, fmin(1.0, row / (1.5 * char_height)));
}

/* Room on the left for row labels of LONGEST characters at SCALE. */
static double row_label_room(size_t longest, double scale)
{
    return (double)longest * chart_char_aspect * scale + 1.5;
}

static void draw_vertical(const chart_frame *frame, double x, int colour, int line_style, double width)
{
    if (!isfinite(x) || x < frame->x_min || x > frame->x_max) return;
    plcol0(colour);
    pllsty(line_style);
    plwidth(width);
    pljoin(x, frame->y_min, x, frame->y_max);
    pllsty(1);
}

static void draw_horizontal(const chart_frame *frame, double y, int colour, int line_style, double width)
{
    if (!isfinite(y) || y < frame->y_min || y > frame->y_max) return;
    plcol0(colour);
    pllsty(line_style);
    plwidth(width);
    pljoin(frame->x_min, y, frame->x_max, y);
    pllsty(1);
}

static void draw_rectangle(double x0, double x1, double y0, double y1, int colour)
{
    PLFLT xs[4] = {x0, x1, x1, x0}, ys[4] = {y0, y0, y1, y1};
    plcol0(colour);
    plfill(4, xs, ys);
    plcol0(COLOUR_BLACK);
    plwidth(0.8);
    PLFLT outline_x[5] = {x0, x1, x1, x0, x0}, outline_y[5] = {y0, y0, y1, y1, y0};
    plline(5, outline_x, outline_y);
}

static void draw_marker(double x, double y, int colour, const char *marker)
{
    if (!isfinite(x) || !isfinite(y)) return;
    PLFLT px = x, py = y;
    plcol0(colour);
    plstring(1, &px, &py, marker);
}

/* Half the height of a whisker's end caps: CAP rows, at most 3% of the plot. */
static double whisker_cap(const chart_frame *frame, double cap)
{
    return fmin(cap, 0.03 * (frame->y_max - frame->y_min));
}

/* A whisker from LO to HI at height Y with end caps CAP high. */
static void draw_whisker(double lo, double hi, double y, double cap, int colour, double width)
{
    if (!isfinite(lo) || !isfinite(hi)) return;
    plcol0(colour);
    plwidth(width);
    pljoin(lo, y, hi, y);
    pljoin(lo, y - cap, lo, y + cap);
    pljoin(hi, y - cap, hi, y + cap);
}

/* ---- Rendering -------------------------------------------------------- */

/* The directory of PATH can be written (PLplot aborts the process when it
** cannot open its file, so this is checked first). */
static int check_writable(const char *path, cs_error *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == dir) dir[1] = '\0';
    else *slash = '\0';
    if (access(dir, W_OK | X_OK) != 0)
        return cs_error_fail(err, path, "cannot write the chart: directory %s: %s", dir, strerror(errno));
    if (access(path, F_OK) == 0 && access(path, W_OK) != 0)
        return cs_error_fail(err, path, "cannot write the chart: %s", strerror(errno));
    return CS_OK;
}

/* Why a file beside PATH cannot be written (PLplot does not say why it
** wrote nothing): the error of writing a probe file there, e.g. "No space
** left on device". */
static const char *unwritable_reason(const char *path)
{
    char probe[4200];
    snprintf(probe, sizeof probe, "%s.probe-XXXXXX", path);
    int fd = mkstemp(probe);
    if (fd < 0) return strerror(errno);
    char block[8192] = {0};
    int code = 0;
    for (int i = 0; i < 8 && !code; i++)
        if (write(fd, block, sizeof block) != (ssize_t)sizeof block) code = errno ? errno : ENOSPC;
    if (!code && fsync(fd) != 0) code = errno;
    close(fd);
    unlink(probe);
    return code ? strerror(code) : "the chart library reported no reason";
}

static void stream_colours(void)
{
    plscolbga(255, 255, 255, 1.0);
    plscmap0n(COLOUR_COUNT);
    for (int i = 0; i < COLOUR_COUNT; i++)
        plscol0a(i, chart_colours[i].r, chart_colours[i].g, chart_colours[i].b, chart_colours[i].alpha);
}

/* Draw CHART with PAINT into PATH on DEVICE ("svgcairo", "pngcairo"), HEIGHT pixels high, on a
** fresh stream. */
static int chart_render_file(const char *path, const char *device, chart_painter paint, const void *chart, int height,
                             cs_error *err)
{
    int status = check_writable(path, err);
    if (status != CS_OK) return status;
    PLINT previous, stream;
    plgstrm(&previous);
    plmkstrm(&stream);
    plsdev(device);
    plsfnam(path);
    plspage(0, 0, CS_CHART_WIDTH, height, 0, 0);
    stream_colours();
    plinit();
    if (height != CS_CHART_HEIGHT) { /* text keeps the size it has on a standard chart */
        PLFLT default_mm, current_mm;
        plgchr(&default_mm, &current_mm);
        plschr(default_mm * CS_CHART_HEIGHT / height, 1.0);
    }
    pladv(0);
    paint(chart);
    plend1();
    plsstrm(previous);
    struct stat written;
    if (stat(path, &written) != 0 || written.st_size == 0)
        return cs_error_fail(err, path, "the chart was not written: %s", unwritable_reason(path));
    return CS_OK;
}

/* Draw CHART with PAINT into STEM.svg and STEM.png, each on its own stream. */
static int chart_render_sized(const char *stem, chart_painter paint, const void *chart, int height, cs_error *err)
{
    static const struct {
        const char *device, *extension;
    } outputs[] = {{"svgcairo", "svg"}, {"pngcairo", "png"}};
    for (size_t o = 0; o < sizeof outputs / sizeof outputs[0]; o++) {
        char path[4096];
        if (snprintf(path, sizeof path, "%s.%s", stem, outputs[o].extension) >= (int)sizeof path)
            return cs_error_fail(err, stem, "the chart's path is too long");
        int status = chart_render_file(path, outputs[o].device, paint, chart, height, err);
        if (status != CS_OK) return status;
    }
    return CS_OK;
}

static int chart_render(const char *stem, chart_painter paint, const void *chart, cs_error *err)
{
    return chart_render_sized(stem, paint, chart, CS_CHART_HEIGHT, err);
}

/* ---- Fan chart -------------------------------------------------------- */

/* The band between LOWER and UPPER (pounds) over the years, as one polygon;
** years where either is missing break the band. */
static void fan_band(size_t years, const double *lower, const double *upper, int colour)
{
    plcol0(colour);
    size_t start = 0;
    while (start < years) {
        while (start < years && !(isfinite(lower[start]) && isfinite(upper[start]))) start++;
        size_t end = start;
        while (end < years && isfinite(lower[end]) && isfinite(upper[end])) end++;
        size_t n = end - start;
        if (n >= 2) {
            PLFLT *xs = malloc(2 * n * sizeof *xs), *ys = malloc(2 * n * sizeof *ys);
            if (xs && ys) {
                for (size_t i = 0; i < n; i++) {
                    xs[i] = (double)(start + i + 1), ys[i] = lower[start + i] / 1e6;
                    xs[2 * n - 1 - i] = xs[i], ys[2 * n - 1 - i] = upper[start + i] / 1e6;
                }
                plfill((PLINT)(2 * n), xs, ys);
            }
            free(xs);
            free(ys);
        } else if (n == 1) {
            draw_rectangle((double)start + 0.85, (double)start + 1.15, lower[start] / 1e6, upper[start] / 1e6,
                           colour);
        }
        start = end;
    }
}

static void fan_line(size_t years, const double *values, int colour, double width, int markers)
{
    plcol0(colour);
    plwidth(width);
    for (size_t i = 0; i + 1 < years; i++)
        if (isfinite(values[i]) && isfinite(values[i + 1]))
            pljoin((double)(i + 1), values[i] / 1e6, (double)(i + 2), values[i + 1] / 1e6);
    for (size_t i = 0; markers && years <= 12 && i < years; i++) draw_marker((double)(i + 1), values[i] / 1e6, colour, "•");
}

static void paint_fan(const void *chart_data)
{
    const cs_chart_fan *chart = chart_data;
    chart_legend legend = {0};
    legend_add_box(&legend, COLOUR_BAND_OUTER, "P5 to P95");
    legend_add_box(&legend, COLOUR_BAND_INNER, "P25 to P75");
    legend_add_line(&legend, COLOUR_BLACK, 1, "", "median");
    if (chart->reference_p50) legend_add_line(&legend, COLOUR_FAINT, 2, "", chart->reference_label);
    if (chart->claims) legend_add_marker(&legend, COLOUR_VERMILLION, "◆", "plan's claim");

    chart_frame frame = {.x_min = 0.5, .x_max = (double)(chart->years ? chart->years : 1) + 0.5, .x_tick = 1, .y_min = INFINITY, .y_max = -INFINITY};
    const double *series[] = {chart->p5, chart->p25, chart->p50, chart->p75, chart->p95, chart->claims,
                              chart->reference_p50};
    for (size_t s = 0; s < sizeof series / sizeof series[0]; s++)
        extend_range(&frame.y_min, &frame.y_max, series[s], chart->years, 1e-6);
    if (chart->zero_line) extend_range(&frame.y_min, &frame.y_max, (double[]){0}, 1, 1);
    pad_range(&frame.y_min, &frame.y_max, 0.05);
    frame_top(&frame, chart->title, &legend);
    frame_viewport(&frame, 8.0);

    frame_grid(&frame, "g", "g");
    if (chart->years == 0) frame_note(&frame, "no years");
    if (chart->zero_line) draw_horizontal(&frame, 0, COLOUR_BLACK, 1, 1.2);
    if (chart->years > 0) {
        fan_band(chart->years, chart->p5, chart->p95, COLOUR_BAND_OUTER);
        fan_band(chart->years, chart->p25, chart->p75, COLOUR_BAND_INNER);
        fan_line(chart->years, chart->p50, COLOUR_BLACK, chart_thick_width, 1);
    }
    if (chart->reference_p50 && chart->years > 0) {
        pllsty(2);
        fan_line(chart->years, chart->reference_p50, COLOUR_FAINT, chart_line_width, 0);
        pllsty(1);
    }
    for (size_t i = 0; chart->claims && i < chart->years; i++)
        draw_marker((double)(i + 1), chart->claims[i] / 1e6, COLOUR_VERMILLION, "◆");
    frame_axes(&frame, "bct", "bcnstv", NULL, chart->y_label);

    /* Year labels under their columns; every other one when crowded. */
    plcol0(COLOUR_BLACK);
    size_t step = chart->years > 12 ? (chart->years + 11) / 12 : 1;
    for (size_t i = 0; chart->year_labels && i < chart->years; i += step)
        plmtex("b", 1.6, ((double)(i + 1) - frame.x_min) / (frame.x_max - frame.x_min), 0.5,
               PLOT_TEXT(chart->year_labels[i]));
}

int cs_chart_draw_fan(const cs_chart_fan *chart, const char *stem, cs_error *err)
{
    return chart_render(stem, paint_fan, chart, err);
}

int cs_chart_fan_svg(const cs_chart_fan *chart, const char *path, cs_error *err)
{
    return chart_render_file(path, "svgcairo", paint_fan, chart, CS_CHART_HEIGHT, err);
}

/* ---- Distribution ----------------------------------------------------- */

/* The finite values in £m, sorted, and their histogram. */
typedef struct distribution_data {
    const cs_chart_distribution *chart;
    size_t count;
    double *sorted;
    gsl_histogram *histogram;
    double x_min, x_max;
} distribution_data;

/* Bins by Freedman-Diaconis (2 IQR / n^(1/3)), or the square-root rule when
** the interquartile range is zero; between 1 and 80. */
static size_t histogram_bins(const double *sorted, size_t count)
{
    double range = sorted[count - 1] - sorted[0];
    if (count < 2 || !(range > 0)) return 1;
    double iqr = gsl_stats_quantile_from_sorted_data(sorted, 1, count, 0.75) -
                 gsl_stats_quantile_from_sorted_data(sorted, 1, count, 0.25);
    double bins = iqr > 0 ? ceil(range / (2 * iqr / cbrt((double)count))) : ceil(sqrt((double)count));
    return (size_t)fmax(1.0, fmin(80.0, bins));
}

static int distribution_prepare(distribution_data *data, const cs_chart_distribution *chart, const char *stem,
                                cs_error *err)
{
    *data = (distribution_data){.chart = chart};
    data->sorted = malloc((chart->count ? chart->count : 1) * sizeof *data->sorted);
    if (!data->sorted) return cs_error_fail(err, stem, "out of memory drawing the chart");
    for (size_t i = 0; chart->values && i < chart->count; i++)
        if (isfinite(chart->values[i])) data->sorted[data->count++] = chart->values[i] / 1e6;
    gsl_sort(data->sorted, 1, data->count);

    data->x_min = data->count ? data->sorted[0] : finite_or(chart->marker / 1e6, 0);
    data->x_max = data->count ? data->sorted[data->count - 1] : data->x_min;
    size_t bins = data->count ? histogram_bins(data->sorted, data->count) : 1;
    double lo = data->x_min, hi = data->x_max;
    if (!(hi > lo)) pad_range(&lo, &hi, 0);
    data->histogram = gsl_histogram_alloc(bins);
    if (!data->histogram) return cs_error_fail(err, stem, "out of memory drawing the chart");
    gsl_histogram_set_ranges_uniform(data->histogram, lo, hi);
    for (size_t i = 0; i < data->count; i++) {
        /* The largest value sits on the upper edge, which GSL leaves out. */
        if (data->sorted[i] >= hi) data->histogram->bin[bins - 1] += 1;
        else gsl_histogram_increment(data->histogram, data->sorted[i]);
    }
    extend_range(&data->x_min, &data->x_max, (double[]){chart->marker}, 1, 1e-6);
    extend_range(&data->x_min, &data->x_max, (double[]){lo, hi}, 2, 1);
    pad_range(&data->x_min, &data->x_max, 0.03);
    return CS_OK;
}

static void distribution_free(distribution_data *data)
{
    free(data->sorted);
    if (data->histogram) gsl_histogram_free(data->histogram);
}

/* The marker line, if any, in the legend and on the plot. */
static void distribution_marker_legend(chart_legend *legend, const cs_chart_distribution *chart, const char *text)
{
    if (isfinite(chart->marker)) legend_add_line(legend, COLOUR_VERMILLION, 2, "", text);
}

static void paint_histogram(const void *chart_data)
{
    const distribution_data *data = chart_data;
    chart_legend legend = {0};
    char counted[CHART_TEXT_MAX];
    snprintf(counted, sizeof counted, "share of %zu trials", data->count);
    legend_add_box(&legend, COLOUR_SKY_BLUE, counted);
    distribution_marker_legend(&legend, data->chart, data->chart->marker_label);

    double total = data->count ? (double)data->count : 1;
    chart_frame frame = {.x_min = data->x_min, .x_max = data->x_max, .y_min = 0,
                         .y_max = 100 * gsl_histogram_max_val(data->histogram) / total * 1.08};
    if (!(frame.y_max > 0)) frame.y_max = 1;
    frame_top(&frame, data->chart->title, &legend);
    frame_viewport(&frame, 8.0);
    frame_grid(&frame, "g", "g");
    if (data->count == 0) frame_note(&frame, "no finite values");
    for (size_t b = 0; data->count && b < gsl_histogram_bins(data->histogram); b++) {
        double lower, upper, share = 100 * gsl_histogram_get(data->histogram, b) / total;
        gsl_histogram_get_range(data->histogram, b, &lower, &upper);
        if (share > 0) draw_rectangle(lower, upper, 0, share, COLOUR_SKY_BLUE);
    }
    draw_vertical(&frame, data->chart->marker / 1e6, COLOUR_VERMILLION, 2, chart_thick_width);
    frame_axes(&frame, "bcnst", "bcnstv", data->chart->x_label, "share of trials (%)");
}

static void paint_cdf(const void *chart_data)
{
    const distribution_data *data = chart_data;
    const cs_chart_distribution *chart = data->chart;
    chart_legend legend = {0};
    legend_add_line(&legend, COLOUR_BLUE, 1, "", "share of trials ending at or below each reserve");
    char marker_text[CHART_TEXT_MAX];
    if (isfinite(chart->marker) && data->count) {
        size_t below = 0;
        while (below < data->count && data->sorted[below] <= chart->marker / 1e6) below++;
        snprintf(marker_text, sizeof marker_text, "%s (%.1f%% of trials at or below)",
                 chart->marker_label ? chart->marker_label : "", 100.0 * (double)below / (double)data->count);
    } else {
        snprintf(marker_text, sizeof marker_text, "%s", chart->marker_label ? chart->marker_label : "");
    }
    distribution_marker_legend(&legend, chart, marker_text);

    chart_frame frame = {.x_min = data->x_min, .x_max = data->x_max, .y_min = 0, .y_max = 1.02};
    frame_top(&frame, chart->title, &legend);
    frame_viewport(&frame, 8.0);
    frame_grid(&frame, "g", "g");
    if (data->count == 0) frame_note(&frame, "no finite values");
    /* The empirical distribution function as a staircase. */
    PLFLT *xs = malloc((2 * data->count + 2) * sizeof *xs), *ys = malloc((2 * data->count + 2) * sizeof *ys);
    if (xs && ys && data->count) {
        size_t n = 0;
        xs[n] = frame.x_min, ys[n++] = 0;
        for (size_t i = 0; i < data->count; i++) {
            xs[n] = data->sorted[i], ys[n++] = (double)i / (double)data->count;
            xs[n] = data->sorted[i], ys[n++] = (double)(i + 1) / (double)data->count;
        }
        xs[n] = frame.x_max, ys[n++] = 1;
        plcol0(COLOUR_BLUE);
        plwidth(chart_thick_width);
        plline((PLINT)n, xs, ys);
    }
    free(xs);
    free(ys);
    draw_vertical(&frame, chart->marker / 1e6, COLOUR_VERMILLION, 2, chart_thick_width);
    frame_axes(&frame, "bcnst", "bcnstv", chart->x_label, "share of trials at or below");
}

int cs_chart_draw_distribution(const cs_chart_distribution *chart, const char *stem, cs_error *err)
{
    distribution_data data;
    int status = distribution_prepare(&data, chart, stem, err);
    if (status == CS_OK) status = chart_render(stem, paint_histogram, &data, err);
    if (status == CS_OK) {
        char cdf_stem[4096];
        if (snprintf(cdf_stem, sizeof cdf_stem, "%s-cdf", stem) >= (int)sizeof cdf_stem)
            status = cs_error_fail(err, stem, "the chart's path is too long");
        else status = chart_render(cdf_stem, paint_cdf, &data, err);
    }
    distribution_free(&data);
    return status;
}

int cs_chart_histogram_svg(const cs_chart_distribution *chart, const char *path, cs_error *err)
{
    distribution_data data;
    int status = distribution_prepare(&data, chart, path, err);
    if (status == CS_OK) status = chart_render_file(path, "svgcairo", paint_histogram, &data, CS_CHART_HEIGHT, err);
    distribution_free(&data);
    return status;
}

/* ---- Rows: intervals, tornado, bars ----------------------------------- */

/* The frame of a chart of ROWS rows with labels, row i at y = rows - i. */
static double rows_begin(chart_frame *frame, const char *title, const chart_legend *legend,
                         const char *const *labels, size_t rows)
{
    frame->y_min = 0.4;
    frame->y_max = (double)(rows ? rows : 1) + 0.6;
    pad_range(&frame->x_min, &frame->x_max, 0.0);
    frame_top(frame, title, legend);
    double scale = row_text_scale(frame);
    frame_viewport(frame, row_label_room(longest_text(labels, rows), scale));
    plschr(0, scale);
    frame_row_labels(frame, labels, rows);
    plschr(0, 1.0);
    frame_grid(frame, "g", "");
    if (rows == 0) frame_note(frame, "no rows");
    return scale;
}

/* Reference lines in the legend, and on the plot. */
static void references_legend(chart_legend *legend, size_t count, const char *const *labels)
{
    for (size_t r = 0; r < count; r++) {
        const struct chart_series_style *style = &chart_references[r % CHART_REFERENCE_STYLES];
        legend_add_line(legend, style->colour, style->line_style, "", labels ? labels[r] : "");
    }
}

static void references_draw(const chart_frame *frame, size_t count, const double *at)
{
    for (size_t r = 0; at && r < count; r++) {
        const struct chart_series_style *style = &chart_references[r % CHART_REFERENCE_STYLES];
        draw_vertical(frame, at[r], style->colour, style->line_style, chart_line_width);
    }
}

static void paint_intervals(const void *chart_data)
{
    const cs_chart_intervals *chart = chart_data;
    size_t categories = chart->categories ? chart->categories : 1;
    chart_legend legend = {0};
    for (size_t c = 0; chart->category_names && c < categories; c++) {
        const struct chart_series_style *style = &chart_series[c % CHART_SERIES_STYLES];
        PLINT entry = legend_add(&legend, PL_LEGEND_LINE | PL_LEGEND_SYMBOL, style->colour,
                                 chart->category_names[c]);
        if (entry >= 0) {
            legend.line_width[entry] = chart_interval_width;
            legend.symbol_colour[entry] = COLOUR_BLACK;
            legend.symbol_scale[entry] = chart_interval_dot;
            legend.symbol[entry] = style->marker;
        }
    }
    references_legend(&legend, chart->references, chart->reference_labels);

    chart_frame frame = {.x_min = chart->x_min, .x_max = chart->x_max};
    double scale = rows_begin(&frame, chart->title, &legend, chart->labels, chart->rows);
    references_draw(&frame, chart->references, chart->reference_at);
    for (size_t i = 0; i < chart->rows; i++) {
        int category = chart->category ? chart->category[i] : 0;
        if (category < 0 || (size_t)category >= categories) category = 0;
        const struct chart_series_style *style = &chart_series[(size_t)category % CHART_SERIES_STYLES];
        double y = (double)(chart->rows - i);
        /* the interval as a thick bar under a small dot, so both show at any width */
        draw_whisker(chart->lo[i], chart->hi[i], y, 0, style->colour, chart_interval_width);
        plschr(0, chart_interval_dot * fmax(scale, 0.7));
        draw_marker(chart->estimate[i], y, COLOUR_BLACK, style->marker);
        plschr(0, 1.0);
    }
    frame_axes(&frame, "bcnst", "bc", chart->x_label, NULL);
}

int cs_chart_draw_intervals(const cs_chart_intervals *chart, const char *stem, cs_error *err)
{
    int height = CS_CHART_HEIGHT;
    if (chart->tall && chart->rows > 12) height += (int)(chart->rows - 12) * 24;
    return chart_render_sized(stem, paint_intervals, chart, height, err);
}

static void paint_tornado(const void *chart_data)
{
    const cs_chart_tornado *chart = chart_data;
    double unit = chart->money ? 1e-6 : 1;
    chart_legend legend = {0};
    legend_add_box(&legend, COLOUR_BLUE, chart->low_name);
    legend_add_box(&legend, COLOUR_ORANGE, chart->high_name);
    legend_add_line(&legend, COLOUR_BLACK, 1, "", "baseline");

    chart_frame frame = {.x_min = INFINITY, .x_max = -INFINITY};
    extend_range(&frame.x_min, &frame.x_max, &chart->baseline, 1, unit);
    extend_range(&frame.x_min, &frame.x_max, chart->low, chart->rows, unit);
    extend_range(&frame.x_min, &frame.x_max, chart->high, chart->rows, unit);
    pad_range(&frame.x_min, &frame.x_max, 0.05);
    rows_begin(&frame, chart->title, &legend, chart->labels, chart->rows);
    double baseline = finite_or(chart->baseline * unit, 0);
    for (size_t i = 0; i < chart->rows; i++) {
        double y = (double)(chart->rows - i);
        if (isfinite(chart->low[i])) draw_rectangle(baseline, chart->low[i] * unit, y, y + 0.36, COLOUR_BLUE);
        if (isfinite(chart->high[i])) draw_rectangle(baseline, chart->high[i] * unit, y - 0.36, y, COLOUR_ORANGE);
    }
    draw_vertical(&frame, baseline, COLOUR_BLACK, 1, chart_line_width);
    frame_axes(&frame, "bcnst", "bc", chart->x_label, NULL);
}

int cs_chart_draw_tornado(const cs_chart_tornado *chart, const char *stem, cs_error *err)
{
    return chart_render(stem, paint_tornado, chart, err);
}

/* A bar's colour: the series' own, but never black, which would hide its
** black whisker. */
static int bar_colour(size_t series)
{
    int colour = chart_series[series % CHART_SERIES_STYLES].colour;
    return colour == COLOUR_BLACK ? COLOUR_GREEN : colour;
}

static void paint_bars(const void *chart_data)
{
    const cs_chart_bars *chart = chart_data;
    size_t series = chart->series ? chart->series : 1;
    chart_legend legend = {0};
    for (size_t s = 0; chart->series_names && s < chart->series; s++)
        legend_add_box(&legend, bar_colour(s), chart->series_names[s]);
    legend_add_line(&legend, COLOUR_BLACK, 1, "", "95% interval");

    chart_frame frame = {.x_min = chart->x_min, .x_max = chart->x_max};
    rows_begin(&frame, chart->title, &legend, chart->labels, chart->rows);
    double origin = frame.x_min <= 0 && frame.x_max >= 0 ? 0 : frame.x_min;
    double height = 0.8 / (double)series;
    for (size_t i = 0; i < chart->rows; i++) {
        double top = (double)(chart->rows - i) + 0.4;
        for (size_t s = 0; s < chart->series; s++) {
            size_t k = i * chart->series + s;
            double y0 = top - (double)(s + 1) * height, y1 = y0 + height * 0.9;
            double value = fmax(frame.x_min, fmin(frame.x_max, chart->value[k]));
            if (isfinite(chart->value[k])) draw_rectangle(origin, value, y0, y1, bar_colour(s));
            double lo = fmax(frame.x_min, chart->lo ? chart->lo[k] : NAN);
            double hi = fmin(frame.x_max, chart->hi ? chart->hi[k] : NAN);
            draw_whisker(lo, hi, (y0 + y1) / 2, whisker_cap(&frame, height * 0.25), COLOUR_BLACK, 1.5);
        }
    }
    frame_axes(&frame, "bcnst", "bc", chart->x_label, NULL);
}

int cs_chart_draw_bars(const cs_chart_bars *chart, const char *stem, cs_error *err)
{
    return chart_render(stem, paint_bars, chart, err);
}

/* ---- Curve ------------------------------------------------------------ */

static void paint_curve(const void *chart_data)
{
    const cs_chart_curve *chart = chart_data;
    chart_legend legend = {0};
    legend_add_box(&legend, COLOUR_BAND_OUTER, "95% interval");
    legend_add_line(&legend, COLOUR_BLUE, 1, "●", "estimate");
    references_legend(&legend, chart->levels, chart->level_labels);
    if (isfinite(chart->mark_x)) legend_add_line(&legend, COLOUR_BLACK, 3, "", chart->mark_label);

    chart_frame frame = {.x_min = INFINITY, .x_max = -INFINITY, .y_min = chart->y_min, .y_max = chart->y_max};
    extend_range(&frame.x_min, &frame.x_max, chart->x, chart->points, 1);
    extend_range(&frame.x_min, &frame.x_max, &chart->mark_x, 1, 1);
    pad_range(&frame.x_min, &frame.x_max, 0.02);
    if (!(frame.y_max > frame.y_min)) {
        frame.y_min = INFINITY, frame.y_max = -INFINITY;
        extend_range(&frame.y_min, &frame.y_max, chart->lo, chart->points, 1);
        extend_range(&frame.y_min, &frame.y_max, chart->hi, chart->points, 1);
        extend_range(&frame.y_min, &frame.y_max, chart->y, chart->points, 1);
        pad_range(&frame.y_min, &frame.y_max, 0.05);
    }
    frame_top(&frame, chart->title, &legend);
    frame_viewport(&frame, 8.0);
    frame_grid(&frame, "g", "g");
    if (chart->points == 0) frame_note(&frame, "no points");
    if (chart->lo && chart->hi) {
        PLFLT *xs = malloc(2 * chart->points * sizeof *xs), *ys = malloc(2 * chart->points * sizeof *ys);
        size_t n = 0;
        for (size_t i = 0; xs && ys && i < chart->points; i++)
            if (isfinite(chart->x[i]) && isfinite(chart->lo[i])) xs[n] = chart->x[i], ys[n++] = chart->lo[i];
        for (size_t i = chart->points; xs && ys && i-- > 0;)
            if (isfinite(chart->x[i]) && isfinite(chart->hi[i])) xs[n] = chart->x[i], ys[n++] = chart->hi[i];
        plcol0(COLOUR_BAND_OUTER);
        if (n >= 3) plfill((PLINT)n, xs, ys);
        free(xs);
        free(ys);
    }
    for (size_t l = 0; chart->level_at && l < chart->levels; l++) {
        const struct chart_series_style *style = &chart_references[l % CHART_REFERENCE_STYLES];
        draw_horizontal(&frame, chart->level_at[l], style->colour, style->line_style, chart_line_width);
    }
    draw_vertical(&frame, chart->mark_x, COLOUR_BLACK, 3, chart_line_width);
    plcol0(COLOUR_BLUE);
    plwidth(chart_thick_width);
    for (size_t i = 0; i + 1 < chart->points; i++)
        if (isfinite(chart->x[i]) && isfinite(chart->y[i]) && isfinite(chart->x[i + 1]) && isfinite(chart->y[i + 1]))
            pljoin(chart->x[i], chart->y[i], chart->x[i + 1], chart->y[i + 1]);
    for (size_t i = 0; chart->points <= 40 && i < chart->points; i++)
        draw_marker(chart->x[i], chart->y[i], COLOUR_BLUE, "●");
    frame_axes(&frame, "bcnst", "bcnstv", chart->x_label, chart->y_label);
}

int cs_chart_draw_curve(const cs_chart_curve *chart, const char *stem, cs_error *err)
{
    return chart_render(stem, paint_curve, chart, err);
}
