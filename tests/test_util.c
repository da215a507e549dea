/*
** test_util.c: helpers shared by the tests (see test_util.h).
*/
#define _GNU_SOURCE
#include "test_util.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_cli.h"
#include "cs_json.h"

char *test_temp_dir(void)
{
    char *path = strdup("/tmp/cssim-test-XXXXXX");
    cr_assert_not_null(mkdtemp(path), "cannot make a temporary directory");
    return path;
}

char *test_write_file(const char *dir, const char *name, const char *text)
{
    char *path;
    cr_assert(asprintf(&path, "%s/%s", dir, name) > 0);
    FILE *out = fopen(path, "w");
    cr_assert_not_null(out, "cannot write %s", path);
    fputs(text, out);
    fclose(out);
    return path;
}

char *test_path_in(const char *dir, const char *name)
{
    char *path;
    cr_assert(asprintf(&path, "%s/%s", dir, name) > 0);
    return path;
}

char *test_read_file(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in) return NULL;
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    size_t got = fread(text, 1, (size_t)size, in);
    text[got] = '\0';
    fclose(in);
    return text;
}

int test_cli(char **stderr_text, ...)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = "cssim";
    va_list ap;
    va_start(ap, stderr_text);
    for (char *arg; argc < 63 && (arg = va_arg(ap, char *));) argv[argc++] = arg;
    va_end(ap);
    argv[argc] = NULL;

    char capture[] = "/tmp/cssim-stderr-XXXXXX";
    int capture_fd = mkstemp(capture);
    int null_fd = open("/dev/null", O_WRONLY);
    fflush(stdout);
    fflush(stderr);
    int saved_err = dup(STDERR_FILENO), saved_out = dup(STDOUT_FILENO);
    dup2(capture_fd, STDERR_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    int status = cs_cli_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_err, STDERR_FILENO);
    dup2(saved_out, STDOUT_FILENO);
    close(saved_err);
    close(saved_out);
    close(null_fd);
    close(capture_fd);
    if (stderr_text) *stderr_text = test_read_file(capture);
    unlink(capture);
    return status;
}

const char *test_source_path(const char *relative_path)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", CSSIM_SOURCE_DIR, relative_path);
    return path;
}

void test_load_plan(cs_plan *plan, const char *relative_path)
{
    cs_error err;
    cs_error_clear(&err);
    int rc = cs_plan_load(plan, test_source_path(relative_path), &err);
    cr_assert_eq(rc, CS_OK, "loading %s: %s: %s", relative_path, err.path, err.message);
}

int test_plan_from_text(cs_plan *plan, const char *text, cs_error *err)
{
    cJSON *root = NULL;
    cs_error_clear(err);
    cs_plan_init(plan);
    int rc = cs_json_parse_text(text, "test.json", &root, err);
    if (rc) return rc;
    rc = cs_plan_from_json(plan, root, "test.json", err);
    cJSON_Delete(root);
    return rc;
}

static char *snapshot_text;
static size_t snapshot_len;

static int add_to_snapshot(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)ftw;
    char *content = flag == FTW_F ? test_read_file(path) : NULL;
    size_t add = strlen(path) + (content ? strlen(content) : 0) + 8;
    snapshot_text = realloc(snapshot_text, snapshot_len + add);
    snapshot_len += (size_t)snprintf(snapshot_text + snapshot_len, add, "%s%s\n%s\n", path, flag == FTW_F ? "" : "/",
                                     content ? content : "");
    free(content);
    return 0;
}

char *test_snapshot(const char *dir)
{
    snapshot_text = calloc(1, 1);
    snapshot_len = 0;
    nftw(dir, add_to_snapshot, 16, FTW_PHYS);
    return snapshot_text;
}

int test_count_leftovers(const char *dir)
{
    int found = 0;
    DIR *listing = opendir(dir);
    if (!listing) return 0;
    for (struct dirent *entry; (entry = readdir(listing));)
        found += strstr(entry->d_name, ".staging-") != NULL || strstr(entry->d_name, ".tmp-") != NULL;
    closedir(listing);
    return found;
}
