/*
** cs_words.h: the vocabulary of every human-facing output (text, HTML,
** charts): verdicts, thresholds with their value, parameter paths, the
** stress test's moves and what-if overrides in plain words.  JSON and CSV
** keep the keys; these are for people.
*/
#ifndef CS_WORDS_H
#define CS_WORDS_H

#include <stddef.h>

#include "cs_goal.h"
#include "cs_model.h"
#include "cs_plan.h"

/* "proceed", "proceed under rigorous management" or "stop", with
** " (borderline)" when BORDERLINE. */
void cs_verdict_phrase(cs_verdict verdict, int borderline, char *buf, size_t len);

/* A real checkpoint 2 outcome as it was reported ("proceed", "rigorous
** management", "stopped"); "–" when unknown. */
const char *cs_real_outcome_words(const char *checkpoint2);

/* A criterion with its value: "rigorous-management threshold (50%)". */
void cs_threshold_words(const char *key, double value, char *buf, size_t len);

/* PATH_TEXT (a parameter path of PLAN) in plain words into BUF; returns
** its unit.  A text that is not a path is copied as it is (a number). */
cs_unit cs_path_words(const cs_plan *plan, const char *path_text, char *buf, size_t len);

/* How far a stress-test driver must move, signed: "+0.6 sd", "−7.3% of its
** value", "+£1.2m"; "–" when no level was found.  UP: the move that lifts
** the plan to its next verdict (move_up), else the fall (move). */
void cs_stress_move_words(const cs_stress_driver *driver, cs_unit unit, int up, char *buf, size_t len);

/* An override "PATH=VALUE" in plain words against PLAN (the plan before
** it): "churn (CCGs leaving each year), mean = 4.0% (plan: 2.0%)".  Returns
** 0, or -1 (BUF holds TEXT) when TEXT does not name a path of PLAN. */
int cs_override_words(const char *text, const cs_plan *plan, char *buf, size_t len);

#endif
