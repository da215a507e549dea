/*
** cs_report.h: a run's result as JSON (MODEL.md "Output", names unchanged),
** as a text report a finance director can read, and as CSV.  All three
** carry the same figures: the text rounds them for reading, and the CSV
** is the JSON flattened, one figure a row.
*/
#ifndef CS_REPORT_H
#define CS_REPORT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "cs_summary.h"

typedef enum { CS_FORMAT_TEXT, CS_FORMAT_JSON, CS_FORMAT_CSV } cs_format;

/* "text", "json" or "csv"; returns 0, or -1 for anything else. */
int cs_format_parse(const char *name, cs_format *format);

/* The result object; caller owns it. */
cJSON *cs_summary_json(const cs_summary *summary);

/* The text report. */
void cs_summary_text(FILE *out, const cs_summary *summary, const char *scenario_name);

/* CSV rows "plan,scenario,year,field,value" for a result object; with
** header, the column names first. */
void cs_summary_csv(FILE *out, const cJSON *result, int header);

/* Financial year label: 2013 -> "2013/14". */
void cs_year_label(int year, char *buf, size_t len);

/* TEXT padded with spaces to WIDTH visible characters (UTF-8 aware):
** right-aligned for WIDTH > 0, left-aligned for WIDTH < 0. */
void cs_print_padded(FILE *out, const char *text, int width);

/* A CSV field, quoted where it must be (libcsv). */
void cs_csv_field(FILE *out, const char *text);

#endif
