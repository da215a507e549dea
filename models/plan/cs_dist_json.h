/*
** cs_dist_json.h: a (U) parameter's distribution in a plan or scenario
** file: a plain number (fixed) or an object {"dist": NAME, fields...}.
*/
#ifndef CS_DIST_JSON_H
#define CS_DIST_JSON_H

#include <cjson/cJSON.h>

#include "cs_dist.h"
#include "cs_error.h"

/* Read a (U) parameter at PATH: a plain number (fixed) or a distribution
** object {"dist": ..., fields}.  Errors name FILE and the field's path. */
int cs_dist_from_json(cs_dist *d, const cJSON *item, const char *file, const char *path,
                      cs_error *err);

/* The JSON form: a plain number for fixed, else an object.  Caller owns it. */
cJSON *cs_dist_to_json(const cs_dist *d);

#endif
