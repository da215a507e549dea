/*
** cs_trials_csv.h: `cssim run --trials-out FILE.csv`, one row per trial.
**
** Columns: trial (its index in the seed's stream), each input's value in the
** trial (cs_inputs.h, named as the inputs are; the population-weighted mean
** over CCGs for in_house_share, the mean over the years drawn for a yearly
** input, the share of years with a failure for leadership, the mean leave
** draw for leave), final_reserve (pounds), viable (1 or 0) and
** first_failing_year ("2016/17", empty for a viable trial).  Rows stream to
** the file block by block as the engine hands them over (cs_trial_sink), so
** the writer holds no more than one block; the file appears whole when the
** run ends, or not at all.
** Ownership: cs_trials_csv_open, then exactly one of _commit or _discard.
*/
#ifndef CS_TRIALS_CSV_H
#define CS_TRIALS_CSV_H

#include "cs_engine.h"
#include "cs_output.h"

typedef struct cs_trials_csv {
    cs_output output;
    const cs_plan *plan;
    cs_trial_sink sink;           /* for cs_run_options.sink */
} cs_trials_csv;

int cs_trials_csv_open(cs_trials_csv *csv, const char *path, const cs_plan *plan, cs_error *err);
int cs_trials_csv_commit(cs_trials_csv *csv, cs_error *err);
void cs_trials_csv_discard(cs_trials_csv *csv);

#endif
