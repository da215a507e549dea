/*
** cs_trials_csv.c: the per-trial export (see cs_trials_csv.h).
*/
#include "cs_trials_csv.h"

#include "cs_inputs.h"
#include "cs_interrupt.h"

/* Append one block of rows. */
static int write_rows(void *context, const cs_trial_rows *rows, cs_error *err)
{
    cs_trials_csv *csv = context;
    FILE *stream = csv->output.stream;
    int start_year = csv->plan->start_year;
    for (size_t j = 0; j < rows->count; j++) {
        fprintf(stream, "%zu", rows->first + j);
        for (size_t k = 0; k < CS_N_INPUTS; k++) fprintf(stream, ",%.12g", rows->inputs[k * rows->stride + j]);
        fprintf(stream, ",%.12g,%d,", rows->final_reserve[j], rows->viable[j]);
        if (rows->first_failure[j] >= 0) {
            int year = start_year + rows->first_failure[j];
            fprintf(stream, "%d/%02d", year, (year + 1) % 100);
        }
        fputc('\n', stream);
    }
    const char *why = cs_output_failure(&csv->output);
    if (why && cs_interrupted()) return cs_error_interrupted(err);
    if (why) return cs_error_fail(err, csv->output.path, "could not write the trials: %s", why);
    return CS_OK;
}

int cs_trials_csv_open(cs_trials_csv *csv, const char *path, const cs_plan *plan, cs_error *err)
{
    csv->plan = plan;
    csv->sink = (cs_trial_sink){.write = write_rows, .context = csv};
    int rc = cs_output_open(&csv->output, path, err);
    if (rc) return rc;
    fputs("trial", csv->output.stream);
    for (size_t k = 0; k < CS_N_INPUTS; k++) fprintf(csv->output.stream, ",%s", cs_inputs[k].name);
    fputs(",final_reserve,viable,first_failing_year\n", csv->output.stream);
    return CS_OK;
}

int cs_trials_csv_commit(cs_trials_csv *csv, cs_error *err) { return cs_output_commit(&csv->output, err); }

void cs_trials_csv_discard(cs_trials_csv *csv) { cs_output_discard(&csv->output); }
