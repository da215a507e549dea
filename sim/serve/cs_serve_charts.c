/*
** cs_serve_charts.c: the live page's SVG charts (see cs_serve_charts.h).
*/
#include "cs_serve_charts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_chart.h"
#include "cs_json.h"

static const char reference_label[] = "unedited plan's median";

void cs_serve_reference_of(cs_serve_reference *reference, const cs_summary *summary, const double *reserve,
                           size_t trials, double *scratch)
{
    cs_fan_data fan;
    size_t years = (size_t)summary->years;
    cs_fan_from_stats(&fan, summary->year, summary->years, offsetof(cs_year_summary, turnover));
    memcpy(reference->turnover, fan.p50, sizeof fan.p50);
    cs_fan_from_stats(&fan, summary->year, summary->years, offsetof(cs_year_summary, margin));
    memcpy(reference->margin, fan.p50, sizeof fan.p50);
    cs_fan_of_reserve(&fan, reserve, trials, years, scratch);
    memcpy(reference->reserve, fan.p50, sizeof fan.p50);
}

/* Read DIR/NAME.svg into SVG under NAME. */
static int add_svg(cJSON *svg, const char *path, const char *name, cs_error *err)
{
    char *text = cs_read_file(path, err);
    if (!text) return err->code ? err->code : CS_ERR_FAIL;
    int ok = cJSON_AddStringToObject(svg, name, text) != NULL;
    free(text);
    return ok ? CS_OK : cs_error_fail(err, NULL, "out of memory");
}

int cs_serve_charts(const char *dir, const cs_serve_chart_input *input, cJSON *svg, cs_error *err)
{
    const cs_summary *summary = input->summary;
    const cs_plan *plan = input->plan;
    int years = summary->years < CS_FAN_MAX_YEARS ? summary->years : CS_FAN_MAX_YEARS;
    cs_year_labels labels;
    cs_year_labels_make(&labels, summary->start_year, years);
    const cs_serve_reference *reference = input->reference;
    struct {
        const char *name, *title;
        size_t offset;             /* of the stats in cs_year_summary; 0 for the reserve */
        const double *claims, *reference;
        int zero_line;
    } fans[] = {
        {"turnover", "Turnover by year", offsetof(cs_year_summary, turnover), plan->claim_turnover,
         reference ? reference->turnover : NULL, 0},
        {"margin", "Margin by year", offsetof(cs_year_summary, margin), plan->claim_margin,
         reference ? reference->margin : NULL, 1},
        {"reserve", "Reserve at the end of each year", 0, NULL, reference ? reference->reserve : NULL, 1},
    };
    char path[4096];
    int rc = CS_OK;
    for (size_t f = 0; f < sizeof fans / sizeof fans[0] && !rc; f++) {
        cs_fan_data fan;
        if (fans[f].offset) cs_fan_from_stats(&fan, summary->year, years, fans[f].offset);
        else cs_fan_of_reserve(&fan, input->reserve, input->data->trials, (size_t)years, input->scratch);
        for (int t = 0; t < years && fans[f].claims; t++) fan.claims[t] = fans[f].claims[t];
        cs_chart_fan chart = {fans[f].title, "£m", (size_t)years, labels.label, fan.p5, fan.p25, fan.p50,
                              fan.p75, fan.p95, fans[f].claims ? fan.claims : NULL, fans[f].zero_line,
                              fans[f].reference, reference_label};
        snprintf(path, sizeof path, "%s/%s.svg", dir, fans[f].name);
        rc = cs_chart_fan_svg(&chart, path, err);
        if (!rc) rc = add_svg(svg, path, fans[f].name, err);
    }
    /* The deficit limit at the median final turnover, as the report marks it. */
    double limit = -plan->criteria.max_deficit * summary->year[summary->years - 1].turnover.p50;
    if (!rc) {
        cs_chart_distribution chart = {"Final reserve over all trials", "final reserve, £m", input->data->trials,
                                       input->data->final_reserve, limit, "deficit limit"};
        snprintf(path, sizeof path, "%s/final_reserve.svg", dir);
        rc = cs_chart_histogram_svg(&chart, path, err);
        if (!rc) rc = add_svg(svg, path, "final_reserve", err);
    }
    return rc;
}
