/*
** cs_manifest.h: .cssim-manifest, the list an output directory carries of
** the files cssim wrote into it (each with its SHA-256) and the run record
** that made them.  cssim replaces an existing output directory only when
** the manifest accounts for everything in it, unchanged: a file a user put
** there, or a file changed since, is never deleted.
*/
#ifndef CS_MANIFEST_H
#define CS_MANIFEST_H

#include <cjson/cJSON.h>

#include "cs_error.h"

#define CS_MANIFEST_NAME ".cssim-manifest"

/* Hash every file below DIR and write DIR/.cssim-manifest listing them,
** their directories and RECORD (a run record's JSON, copied; may be NULL). */
int cs_manifest_write(const char *dir, const cJSON *record, cs_error *err);

/* DIR (shown to the user as SHOWN) may be replaced: it is empty, or its
** manifest lists every file and directory in it, each file unchanged.
** Otherwise an input error naming the first foreign or changed entry
** ("SHOWN/notes.txt was not written by cssim: move it, or choose another
** OPTION"). */
int cs_manifest_check(const char *dir, const char *shown, const char *option, cs_error *err);

#endif
