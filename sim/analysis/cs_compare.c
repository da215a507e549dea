/*
** cs_compare.c: scenarios side by side with paired differences (the
** writers are in report/cs_report_compare.c).
*/
#include "cs_compare.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


cs_difference cs_paired_difference(const double *a, const double *b, size_t n, double *scratch)
{
    for (size_t i = 0; i < n; i++) scratch[i] = b[i] - a[i];
    double mean = gsl_stats_mean(scratch, 1, n);
    double sd = n > 1 ? gsl_stats_sd_m(scratch, 1, n, mean) : 0.0;
    double half = gsl_cdf_ugaussian_Pinv(0.975) * sd / sqrt((double)n);
    return (cs_difference){.mean = mean, .lo = mean - half, .hi = mean + half};
}

void cs_comparison_free(cs_comparison *comparison)
{
    for (size_t i = 0; i < comparison->n; i++) cs_summary_free(&comparison->entry[i].summary);
    free(comparison->entry);
    memset(comparison, 0, sizeof *comparison);
}

/* The per-trial outcomes a difference is taken of. */
typedef struct paired_outcomes {
    double *viable;
    double *reserve;
} paired_outcomes;

static void keep_outcomes(const cs_run_data *data, paired_outcomes *kept)
{
    for (size_t i = 0; i < data->trials; i++) {
        kept->viable[i] = data->viable[i];
        kept->reserve[i] = data->final_reserve[i];
    }
}

int cs_compare_run(const cs_plan *plan, const cs_scenario *scenarios, size_t n_scenarios,
                   const cs_run_options *options, cs_comparison *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = options->trials;
    out->entry = calloc(n_scenarios, sizeof *out->entry);
    double *buffers = malloc(5 * n * sizeof *buffers);
    if (!out->entry || !buffers) {
        free(buffers);
        cs_comparison_free(out);
        return cs_error_fail(err, plan->file, "out of memory");
    }
    paired_outcomes base = {buffers, buffers + n}, other = {buffers + 2 * n, buffers + 3 * n};
    double *scratch = buffers + 4 * n;
    int rc = CS_OK;
    for (size_t s = 0; s < n_scenarios && !rc; s++) {
        cs_plan adjusted;
        cs_run_data data;
        cs_compare_entry *entry = &out->entry[s];
        entry->scenario = &scenarios[s];
        rc = cs_scenario_apply(&scenarios[s], plan, &adjusted, err);
        if (rc) break;
        rc = cs_run_and_summarise(&adjusted, scenarios[s].id, options, &data, &entry->summary, err);
        cs_plan_free(&adjusted);
        if (rc) break;
        out->n = s + 1;
        keep_outcomes(&data, s == 0 ? &base : &other);
        cs_run_data_free(&data);
        if (s == 0) continue;
        entry->p_viable = cs_paired_difference(base.viable, other.viable, n, scratch);
        entry->final_reserve = cs_paired_difference(base.reserve, other.reserve, n, scratch);
    }
    free(buffers);
    if (rc) cs_comparison_free(out);
    return rc;
}

double cs_summary_freestanding_deficit(const cs_summary *summary)
{
    if (summary->fs < 0 || summary->fs >= summary->years) return NAN;
    return summary->year[summary->fs].p_deficit;
}
