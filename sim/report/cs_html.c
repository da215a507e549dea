/*
** cs_html.c: self-contained HTML pages (see cs_html.h).
*/
#include "cs_html.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "cs_escape.h"
#include "cs_run_record.h"

static const char page_style[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111;"
    "line-height:1.45}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #999}"
    "table{border-collapse:collapse;margin:1em 0;font-size:.92em}"
    "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:right}td{white-space:nowrap}td.text{white-space:normal}table.wide{font-size:.82em}"
    "th:first-child,td:first-child,.text{text-align:left}th{background:#eee}"
    "figure{margin:1.5em 0;page-break-inside:avoid}figure img{width:100%;height:auto;border:1px solid #ddd}"
    "figcaption{font-size:.9em;color:#333}.answer{font-size:1.1em;background:#f4f4f4;padding:.8em 1em;"
    "border-left:.4em solid #0072B2}.note{font-size:.9em;color:#333}code{font-size:.9em;word-break:break-all}"
    ".what-if{background:#fff4e0;border-left:.4em solid #E69F00;padding:.6em 1em}.nav{font-size:.9em}"
    /* Printing: A4 pages; a heading never ends a page, a figure, a table row or a heading's section is never
    ** split, and a table's header row repeats on every page it runs over. */
    "@page{size:A4;margin:16mm 14mm}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}h1,h2,h3{break-after:avoid;page-break-after:avoid}"
    "figure,tr,.answer,.what-if,section.keep{break-inside:avoid;page-break-inside:avoid}"
    "thead{display:table-header-group}.nav{display:none}figure img{max-height:110mm;object-fit:contain}}";

void cs_html_begin(FILE *out, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
          "style-src 'unsafe-inline'\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    cs_html_escape(out, title);
    fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", page_style);
}

void cs_html_end(FILE *out) { fputs("</body>\n</html>\n", out); }

void cs_html_element(FILE *out, const char *tag, const char *text)
{
    fprintf(out, "<%s>", tag);
    cs_html_escape(out, text);
    fprintf(out, "</%s>\n", tag);
}

/* The whole file at PATH, malloc'd, its size in *size. */
static unsigned char *read_whole(const char *path, size_t *size)
{
    FILE *in = fopen(path, "rb");
    if (!in) return NULL;
    unsigned char *data = NULL;
    long length = fseek(in, 0, SEEK_END) == 0 ? ftell(in) : -1;
    if (length >= 0 && fseek(in, 0, SEEK_SET) == 0 && (data = malloc((size_t)length + 1))) {
        if (fread(data, 1, (size_t)length, in) != (size_t)length) {
            free(data);
            data = NULL;
        }
    }
    fclose(in);
    *size = length > 0 ? (size_t)length : 0;
    return data;
}

int cs_html_figure(FILE *out, const char *dir, const char *stem, const char *alt, const char *caption, cs_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.svg", dir, stem);
    size_t size;
    unsigned char *svg = read_whole(path, &size);
    if (!svg) return cs_error_fail(err, path, "could not read the chart");
    unsigned char *encoded = malloc(4 * ((size + 2) / 3) + 1); /* base64, OpenSSL's EVP_EncodeBlock */
    if (!encoded) {
        free(svg);
        return cs_error_fail(err, path, "out of memory");
    }
    EVP_EncodeBlock(encoded, svg, (int)size);
    fputs("<figure>\n<img src=\"data:image/svg+xml;base64,", out);
    fputs((const char *)encoded, out);
    fputs("\" alt=\"", out);
    cs_html_escape(out, alt);
    fputs("\">\n<figcaption>", out);
    cs_html_escape(out, caption);
    fprintf(out, " <a href=\"%s.png\">PNG</a> · <a href=\"%s.svg\">SVG</a></figcaption>\n</figure>\n", stem, stem);
    free(encoded);
    free(svg);
    return CS_OK;
}

void cs_html_run_record(FILE *out, const cs_run_record *record, const char *heading)
{
    fputs("<section class=\"keep\">\n", out);
    cs_html_element(out, "h2", heading);
    fputs("<table>\n<tr><th>cssim</th><td class=\"text\">", out);
    cs_html_escape(out, cs_version());
    fprintf(out, "</td></tr>\n<tr><th>seed</th><td class=\"text\">%llu</td></tr>\n<tr><th>trials</th>"
                 "<td class=\"text\">%zu</td></tr>\n",
            (unsigned long long)record->seed, record->trials);
    for (size_t i = 0; i < record->n_inputs; i++) {
        const cs_run_input *input = &record->inputs[i];
        fputs("<tr><th>", out);
        cs_html_escape(out, input->kind);
        fputs("</th><td class=\"text\">", out);
        cs_html_escape(out, input->file);
        fputs(" <code>sha256:", out);
        cs_html_escape(out, input->sha256);
        fputs("</code></td></tr>\n", out);
    }
    for (size_t i = 0; i < record->n_overrides; i++) {
        fputs("<tr><th>override</th><td class=\"text\"><code>", out);
        cs_html_escape(out, record->overrides[i]);
        fputs("</code></td></tr>\n", out);
    }
    fputs("</table>\n</section>\n<p>To make it again (the same figures for any thread count):</p>\n<p><code>", out);
    cs_html_escape(out, record->command);
    fputs("</code></p>\n", out);
}

