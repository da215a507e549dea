/*
** cs_output.c: atomic output files (temporary file, then rename).
*/
#define _POSIX_C_SOURCE 200809L
#include "cs_output.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs_json.h"

int cs_output_open(cs_output *out, const char *path, cs_error *err)
{
    memset(out, 0, sizeof *out);
    if (!path || strcmp(path, "-") == 0) {
        out->stream = stdout;
        return CS_OK;
    }
    size_t size = strlen(path) + 16;
    out->path = cs_strdup(path);
    out->temp_path = malloc(size);
    if (!out->path || !out->temp_path) {
        cs_output_discard(out);
        return cs_error_fail(err, path, "out of memory");
    }
    snprintf(out->temp_path, size, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(out->temp_path);
    if (fd < 0) {
        int code = errno;
        free(out->temp_path);
        out->temp_path = NULL;
        cs_output_discard(out);
        return cs_error_fail(err, path, "cannot create the output file: %s", strerror(code));
    }
    fchmod(fd, 0644);
    out->stream = fdopen(fd, "w");
    if (!out->stream) {
        close(fd);
        cs_output_discard(out);
        return cs_error_fail(err, path, "cannot open the output file");
    }
    return CS_OK;
}

void cs_output_discard(cs_output *out)
{
    if (out->stream && out->stream != stdout) fclose(out->stream);
    if (out->temp_path) unlink(out->temp_path);
    free(out->path);
    free(out->temp_path);
    memset(out, 0, sizeof *out);
}

int cs_output_commit(cs_output *out, cs_error *err)
{
    if (out->stream == stdout) {
        int failed = fflush(stdout) != 0;
        memset(out, 0, sizeof *out);
        return failed ? cs_error_fail(err, "standard output", "write failed") : CS_OK;
    }
    int failed = ferror(out->stream) | (fclose(out->stream) != 0);
    out->stream = NULL;
    if (failed || rename(out->temp_path, out->path) != 0) {
        int code = errno;
        char path[512];
        snprintf(path, sizeof path, "%s", out->path);
        cs_output_discard(out);
        return cs_error_fail(err, path, "cannot write the output file: %s", strerror(code));
    }
    free(out->path);
    free(out->temp_path);
    memset(out, 0, sizeof *out);
    return CS_OK;
}

int cs_output_write(const char *path, void (*write)(FILE *stream, const void *context), const void *context,
                    cs_error *err)
{
    cs_output out;
    int rc = cs_output_open(&out, path, err);
    if (rc) return rc;
    write(out.stream, context);
    return cs_output_commit(&out, err);
}

void cs_output_print_json(FILE *stream, const cJSON *json)
{
    char *text = cJSON_Print(json);
    if (text) fprintf(stream, "%s\n", text);
    cJSON_free(text);
}

static void write_json(FILE *stream, const void *json) { cs_output_print_json(stream, json); }

int cs_output_json(const char *path, const cJSON *json, cs_error *err)
{
    return cs_output_write(path, write_json, json, err);
}

int cs_output_mkdir(const char *dir, cs_error *err)
{
    char partial[1024];
    size_t len = strlen(dir);
    if (len == 0 || len >= sizeof partial) return cs_error_input(err, dir, NULL, "invalid directory name");
    for (size_t i = 1; i <= len; i++) {
        if (dir[i] != '/' && dir[i] != '\0') continue;
        memcpy(partial, dir, i);
        partial[i] = '\0';
        if (mkdir(partial, 0755) != 0 && errno != EEXIST)
            return cs_error_fail(err, partial, "cannot create directory: %s", strerror(errno));
    }
    return CS_OK;
}

void cs_output_number(FILE *out, double value)
{
    char text[32];
    if (!isfinite(value)) {
        fputs("null", out);
        return;
    }
    snprintf(text, sizeof text, "%1.15g", value);
    if (strtod(text, NULL) != value) snprintf(text, sizeof text, "%1.17g", value);
    fputs(text, out);
}
