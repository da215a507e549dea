/*
** cs_fan.c: the quantiles behind a fan chart (see cs_fan.h).
*/
#include "cs_fan.h"

#include <math.h>
#include <string.h>

#include "cs_quantile.h"
#include "cs_report.h"

void cs_year_labels_make(cs_year_labels *labels, int start_year, int years)
{
    for (int t = 0; t < years && t < CS_FAN_MAX_YEARS; t++) {
        cs_year_label(start_year + t, labels->text[t], sizeof labels->text[t]);
        labels->label[t] = labels->text[t];
    }
}

void cs_fan_from_stats(cs_fan_data *fan, const cs_year_summary *years, int n, size_t offset)
{
    for (int t = 0; t < n && t < CS_FAN_MAX_YEARS; t++) {
        const cs_stats *stats = (const cs_stats *)((const char *)&years[t] + offset);
        fan->p5[t] = stats->p5;
        fan->p25[t] = stats->p25;
        fan->p50[t] = stats->p50;
        fan->p75[t] = stats->p75;
        fan->p95[t] = stats->p95;
        fan->claims[t] = NAN;
    }
}

void cs_fan_of_reserve(cs_fan_data *fan, const double *reserve, size_t trials, size_t years, double *scratch)
{
    static const double probs[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
    for (size_t t = 0; t < years && t < CS_FAN_MAX_YEARS; t++) {
        double quantiles[5];
        memcpy(scratch, reserve + t * trials, trials * sizeof *scratch);
        cs_quantiles(scratch, trials, probs, 5, 0, quantiles); /* GSL's quantiles by selection, no sort */
        fan->p5[t] = quantiles[0];
        fan->p25[t] = quantiles[1];
        fan->p50[t] = quantiles[2];
        fan->p75[t] = quantiles[3];
        fan->p95[t] = quantiles[4];
        fan->claims[t] = NAN;
    }
}
