/*
** cs_manifest.c: an output directory's list of what cssim wrote into it
** (see cs_manifest.h).
*/
#define _GNU_SOURCE /* scandir, alphasort */
#include "cs_manifest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cs_json.h"
#include "cs_run_record.h"

#define MANIFEST_PATH_MAX 4096

static int skip_entry(const struct dirent *entry)
{
    return strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0;
}

/* What one entry below the directory is: a file (with its hash), a
** directory, or something cssim never writes. */
typedef enum { ENTRY_FILE, ENTRY_DIR, ENTRY_OTHER } entry_kind;

/* Called for each entry below ROOT in sorted order, RELATIVE its path from
** ROOT; a non-zero return stops the walk and is returned. */
typedef int (*entry_visit)(void *context, const char *relative, entry_kind kind, const char *full);

static int walk(const char *root, const char *relative, entry_visit visit, void *context)
{
    char here[MANIFEST_PATH_MAX];
    snprintf(here, sizeof here, "%s%s%s", root, relative[0] ? "/" : "", relative);
    struct dirent **names = NULL;
    int n = scandir(here, &names, skip_entry, alphasort);
    if (n < 0) return -1;
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char child[MANIFEST_PATH_MAX], full[2 * MANIFEST_PATH_MAX + 2];
        snprintf(child, sizeof child, "%s%s%s", relative, relative[0] ? "/" : "", names[i]->d_name);
        snprintf(full, sizeof full, "%s/%s", root, child);
        struct stat st;
        entry_kind kind = ENTRY_OTHER;
        if (lstat(full, &st) == 0) kind = S_ISREG(st.st_mode) ? ENTRY_FILE : S_ISDIR(st.st_mode) ? ENTRY_DIR : ENTRY_OTHER;
        if (!rc) rc = visit(context, child, kind, full);
        if (!rc && kind == ENTRY_DIR) rc = walk(root, child, visit, context);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* --- writing ------------------------------------------------------------ */

typedef struct listing {
    cJSON *files, *dirs;
    cs_error *err;
} listing;

static int list_entry(void *context, const char *relative, entry_kind kind, const char *full)
{
    listing *list = context;
    if (strcmp(relative, CS_MANIFEST_NAME) == 0) return 0;
    if (kind == ENTRY_DIR) {
        cJSON_AddItemToArray(list->dirs, cJSON_CreateString(relative));
        return 0;
    }
    if (kind != ENTRY_FILE) return cs_error_fail(list->err, full, "is neither a file nor a directory");
    char hex[65];
    int rc = cs_sha256_file(full, hex, list->err);
    if (rc) return rc;
    cJSON *item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "path", relative);
    cJSON_AddStringToObject(item, "sha256", hex);
    cJSON_AddItemToArray(list->files, item);
    return 0;
}

/* ROOT into DIR/.cssim-manifest.  DIR is a staging directory nobody reads
** yet, so the file is written in place; a failure says why. */
static int write_manifest(const char *dir, const cJSON *root, cs_error *err)
{
    char path[MANIFEST_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, CS_MANIFEST_NAME);
    char *text = cJSON_Print(root);
    if (!text) return cs_error_fail(err, path, "out of memory");
    FILE *file = fopen(path, "w");
    int failed = !file || fprintf(file, "%s\n", text) < 0;
    int code = errno;
    if (file && fclose(file) != 0 && !failed) {
        failed = 1;
        code = errno;
    }
    cJSON_free(text);
    return failed ? cs_error_fail(err, path, "cannot write the manifest: %s", strerror(code)) : CS_OK;
}

int cs_manifest_write(const char *dir, const cJSON *record, cs_error *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "written_by", "cssim");
    cJSON_AddStringToObject(root, "about", "the files cssim wrote here; cssim replaces this directory only while "
                                           "every file in it is listed here unchanged");
    listing list = {cJSON_AddArrayToObject(root, "files"), cJSON_AddArrayToObject(root, "directories"), err};
    if (record) cJSON_AddItemToObject(root, "run_record", cJSON_Duplicate(record, 1));
    int rc = walk(dir, "", list_entry, &list);
    if (rc < 0) rc = cs_error_fail(err, dir, "cannot list the directory: %s", strerror(errno));
    if (!rc) rc = write_manifest(dir, root, err);
    cJSON_Delete(root);
    return rc;
}

/* --- checking ----------------------------------------------------------- */

typedef struct checking {
    const cJSON *files, *dirs;
    const char *shown, *option;
    cs_error *err;
} checking;

static const cJSON *listed_file(const cJSON *files, const char *relative)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, files) {
        const cJSON *path = cJSON_GetObjectItemCaseSensitive(item, "path");
        if (cJSON_IsString(path) && strcmp(path->valuestring, relative) == 0) return item;
    }
    return NULL;
}

static int listed_dir(const cJSON *dirs, const char *relative)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, dirs) if (cJSON_IsString(item) && strcmp(item->valuestring, relative) == 0) return 1;
    return 0;
}

static int foreign(const checking *check, const char *relative, const char *why)
{
    return cs_error_input(check->err, NULL, NULL, "%s/%s %s: move it, or choose another %s", check->shown, relative,
                          why, check->option);
}

static int check_entry(void *context, const char *relative, entry_kind kind, const char *full)
{
    const checking *check = context;
    if (strcmp(relative, CS_MANIFEST_NAME) == 0 && kind == ENTRY_FILE) return 0;
    if (kind == ENTRY_DIR) return listed_dir(check->dirs, relative) ? 0 : foreign(check, relative, "was not written by cssim");
    const cJSON *item = kind == ENTRY_FILE ? listed_file(check->files, relative) : NULL;
    if (!item) return foreign(check, relative, "was not written by cssim");
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(item, "sha256");
    char hex[65];
    cs_error ignored;
    if (cs_sha256_file(full, hex, &ignored) != CS_OK || !cJSON_IsString(sha) || strcmp(sha->valuestring, hex) != 0)
        return foreign(check, relative, "was changed since cssim wrote it");
    return 0;
}

/* The first entry of DIR, or NULL when it is empty. */
static int first_entry(void *context, const char *relative, entry_kind kind, const char *full)
{
    (void)kind; (void)full;
    snprintf(context, MANIFEST_PATH_MAX, "%s", relative);
    return 1;
}

int cs_manifest_check(const char *dir, const char *shown, const char *option, cs_error *err)
{
    char path[MANIFEST_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, CS_MANIFEST_NAME);
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        char first[MANIFEST_PATH_MAX] = "";
        int rc = walk(dir, "", first_entry, first);
        if (rc < 0) return cs_error_input(err, shown, NULL, "cannot list the directory: %s", strerror(errno));
        if (!first[0]) return CS_OK; /* empty */
        checking check = {NULL, NULL, shown, option, err};
        return foreign(&check, first, "was not written by cssim");
    }
    cJSON *manifest = NULL;
    cs_error why;
    if (cs_json_parse_file(path, &manifest, &why) != CS_OK)
        return cs_error_input(err, NULL, NULL, "%s/%s is not a manifest cssim can read: move the directory, or "
                                               "choose another %s", shown, CS_MANIFEST_NAME, option);
    checking check = {cJSON_GetObjectItemCaseSensitive(manifest, "files"),
                      cJSON_GetObjectItemCaseSensitive(manifest, "directories"), shown, option, err};
    int rc = walk(dir, "", check_entry, &check);
    cJSON_Delete(manifest);
    if (rc < 0) return cs_error_input(err, shown, NULL, "cannot list the directory: %s", strerror(errno));
    return rc;
}
