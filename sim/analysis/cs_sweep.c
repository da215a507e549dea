/*
** cs_sweep.c: running a plan across a parameter's values (see cs_sweep.h).
*/
#include "cs_sweep.h"

#include <stdlib.h>
#include <string.h>

#include "cs_format.h"
#include "cs_progress.h"

void cs_sweep_free(cs_sweep *sweep)
{
    free(sweep->points);
    memset(sweep, 0, sizeof *sweep);
}

int cs_sweep_run(cs_vary *vary, double from, double to, size_t steps, cs_sweep *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    if (!(from < to))
        return cs_error_input(err, NULL, "--from", "expected --from below --to, found %s and %s", CS_NUM(from),
                              CS_NUM(to));
    if (steps < 2 || steps > CS_SWEEP_MAX_STEPS)
        return cs_error_input(err, NULL, "--steps", "expected from 2 to %d steps, found %zu", CS_SWEEP_MAX_STEPS, steps);
    out->points = calloc(steps, sizeof *out->points);
    if (!out->points) return cs_error_fail(err, NULL, "out of memory");
    out->n = steps;
    for (size_t i = 0; i < steps; i++) {
        out->points[i].value = i + 1 == steps ? to : from + (to - from) * (double)i / (double)(steps - 1);
        cs_plan check; /* every value is checked before anything runs */
        int rc = cs_vary_plan(vary, out->points[i].value, &check, err);
        if (rc) {
            cs_sweep_free(out);
            return rc;
        }
        cs_plan_free(&check);
    }
    cs_progress progress;
    cs_progress_start(&progress, steps);
    progress.enabled &= !vary->options.quiet;
    int rc = CS_OK;
    for (size_t i = 0; i < steps && !rc; i++) {
        char label[160], name[120];
        cs_param_path_label(&vary->path, name, sizeof name);
        snprintf(label, sizeof label, "%s = %s", name, CS_UNIT(cs_param_path_unit(&vary->path), out->points[i].value));
        cs_progress_update(&progress, i, i * vary->options.trials, label);
        rc = cs_vary_outcome(vary, out->points[i].value, 0, &out->points[i].outcome, err);
    }
    cs_progress_update(&progress, steps, steps * vary->options.trials, "");
    cs_progress_finish(&progress);
    if (rc) cs_sweep_free(out);
    return rc;
}
