/*
** cs_cli_paths.c: no output replaces an input or another output (see
** cs_cli_paths.h).
*/
#define _GNU_SOURCE /* realpath */
#include "cs_cli_paths.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Where a path leads: an existing node, or a name in an existing directory. */
typedef struct identity {
    int known;             /* 0: neither the path nor its directory exists */
    int exists;
    dev_t dev;
    ino_t ino;             /* the node's, or (when !exists) its directory's */
    char name[NAME_MAX + 1]; /* when !exists: the last component */
} identity;

static identity identify(const char *path)
{
    identity id;
    memset(&id, 0, sizeof id);
    struct stat st;
    if (stat(path, &st) == 0) {
        id.known = id.exists = 1;
        id.dev = st.st_dev;
        id.ino = st.st_ino;
        return id;
    }
    char dir_copy[PATH_MAX], base_copy[PATH_MAX];
    snprintf(dir_copy, sizeof dir_copy, "%s", path);
    snprintf(base_copy, sizeof base_copy, "%s", path);
    if (stat(dirname(dir_copy), &st) != 0) return id;
    id.known = 1;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    snprintf(id.name, sizeof id.name, "%s", basename(base_copy));
    return id;
}

static int same(const identity *a, const identity *b)
{
    return a->known && b->known && a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
           (a->exists || strcmp(a->name, b->name) == 0);
}

/* INNER lies at or below the directory OUTER (both resolved). */
static int inside(const char *inner, const char *outer)
{
    char *a = realpath(inner, NULL), *b = realpath(outer, NULL);
    int found = 0;
    if (a && b) {
        size_t len = strlen(b);
        found = strncmp(a, b, len) == 0 && (a[len] == '/' || a[len] == '\0' || (len == 1 && b[0] == '/'));
    }
    free(a);
    free(b);
    return found;
}

void cs_cli_paths_init(cs_cli_paths *paths) { memset(paths, 0, sizeof *paths); }

static void add(cs_cli_paths *paths, const char *path, const char *role, int output, int directory)
{
    if (!path || !path[0] || strcmp(path, "-") == 0 || paths->n == CS_CLI_MAX_PATHS) return;
    paths->item[paths->n++] = (cs_cli_path){path, role, output, directory};
}

void cs_cli_paths_input(cs_cli_paths *paths, const char *path, const char *role) { add(paths, path, role, 0, 0); }
void cs_cli_paths_input_dir(cs_cli_paths *paths, const char *dir, const char *role) { add(paths, dir, role, 0, 1); }
void cs_cli_paths_output(cs_cli_paths *paths, const char *path, const char *role) { add(paths, path, role, 1, 0); }
void cs_cli_paths_output_dir(cs_cli_paths *paths, const char *dir, const char *role) { add(paths, dir, role, 1, 1); }

int cs_cli_paths_check(const char *command, const cs_cli_paths *paths)
{
    for (size_t i = 0; i < paths->n; i++) {
        const cs_cli_path *out = &paths->item[i];
        if (!out->output) continue;
        identity out_id = identify(out->path);
        for (size_t j = 0; j < paths->n; j++) {
            const cs_cli_path *other = &paths->item[j];
            if (j == i || (other->output && j < i)) continue; /* each pair of outputs once */
            identity other_id = identify(other->path);
            int clash = same(&out_id, &other_id) || (out->directory && inside(other->path, out->path));
            if (!clash) continue;
            if (out->directory && !same(&out_id, &other_id))
                fprintf(stderr, "cssim %s: %s %s holds %s %s; cssim never overwrites an input: choose another %s\n",
                        command, out->role, out->path, other->role, other->path, out->role);
            else if (other->output)
                fprintf(stderr, "cssim %s: %s %s and %s %s are the same file; give them different files\n", command,
                        out->role, out->path, other->role, other->path);
            else
                fprintf(stderr, "cssim %s: %s %s is the same file as %s %s; cssim never overwrites an input: "
                                "choose another %s\n",
                        command, out->role, out->path, other->role, other->path, out->role);
            return 2;
        }
    }
    return 0;
}

int cs_cli_paths_check_plan(const char *command, const char *plan, const char *scenario, const char *out,
                            const char *trials_out)
{
    cs_cli_paths paths;
    cs_cli_paths_init(&paths);
    cs_cli_paths_input(&paths, plan, "the plan");
    cs_cli_paths_input(&paths, scenario, "--scenario");
    cs_cli_paths_output(&paths, out, "--out");
    cs_cli_paths_output(&paths, trials_out, "--trials-out");
    return cs_cli_paths_check(command, &paths);
}
