/*
** cs_output.c: output files and directories written whole or not at all
** (see cs_output.h for what each kind of target gets).
*/
#define _GNU_SOURCE /* renameat2, nftw */
#include "cs_output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs_interrupt.h"
#include "cs_json.h"
#include "cs_manifest.h"

/* How a file target is written. */
typedef enum { TARGET_STDOUT, TARGET_REPLACE, TARGET_THROUGH } target_kind;

typedef struct target {
    target_kind kind;
    char *path;      /* REPLACE: the regular file to replace; THROUGH: the node */
    mode_t mode;     /* REPLACE: permission bits of the result */
} target;

/* The directory part of PATH into buf ("." for a bare name). */
static void directory_of(const char *path, char *buf, size_t len)
{
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    snprintf(buf, len, "%s", dirname(copy));
}

/* The process's umask (reading it means setting it, so set it back). */
static mode_t current_umask(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return mask;
}

static mode_t new_file_mode(void) { return 0666 & ~current_umask(); }

/* A temporary file can be made in the directory holding FILE. */
static int check_directory_of(const char *shown, const char *file, cs_error *err)
{
    char dir[PATH_MAX];
    struct stat st;
    directory_of(file, dir, sizeof dir);
    if (stat(dir, &st) != 0)
        return cs_error_input(err, shown, NULL, "cannot write here: directory '%s' does not exist", dir);
    if (!S_ISDIR(st.st_mode)) return cs_error_input(err, shown, NULL, "cannot write here: '%s' is not a directory", dir);
    if (access(dir, W_OK | X_OK) != 0)
        return cs_error_input(err, shown, NULL, "cannot write here: directory '%s' is not writable", dir);
    return CS_OK;
}

static int resolve(const char *path, target *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    if (!path || strcmp(path, "-") == 0) {
        out->kind = TARGET_STDOUT;
        return CS_OK;
    }
    if (!path[0]) return cs_error_input(err, NULL, NULL, "an output path must not be empty");
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT) return cs_error_input(err, path, NULL, "cannot write here: %s", strerror(errno));
        struct stat link;
        if (lstat(path, &link) == 0 && S_ISLNK(link.st_mode))
            return cs_error_input(err, path, NULL, "is a symbolic link to a file that does not exist; "
                                                   "expected a file, a new path, a device or a FIFO");
        int rc = check_directory_of(path, path, err);
        if (rc) return rc;
        out->kind = TARGET_REPLACE;
        out->mode = new_file_mode();
        out->path = cs_strdup(path);
        return out->path ? CS_OK : cs_error_fail(err, path, "out of memory");
    }
    if (S_ISDIR(st.st_mode)) return cs_error_input(err, path, NULL, "is a directory; expected a file to write");
    if (access(path, W_OK) != 0) return cs_error_input(err, path, NULL, "is not writable");
    if (S_ISREG(st.st_mode)) {
        /* A link is followed: its regular target is replaced, the link kept. */
        char *real = realpath(path, NULL);
        if (!real) return cs_error_input(err, path, NULL, "cannot resolve the path: %s", strerror(errno));
        int rc = check_directory_of(path, real, err);
        if (rc) {
            free(real);
            return rc;
        }
        out->kind = TARGET_REPLACE;
        out->mode = st.st_mode & 07777;
        out->path = real;
        return CS_OK;
    }
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode)) {
        out->kind = TARGET_THROUGH;
        out->path = cs_strdup(path);
        return out->path ? CS_OK : cs_error_fail(err, path, "out of memory");
    }
    return cs_error_input(err, path, NULL, "is neither a file, a device nor a FIFO; cannot write output there");
}

int cs_output_check(const char *path, cs_error *err)
{
    target resolved;
    int rc = resolve(path, &resolved, err);
    free(resolved.path);
    return rc;
}

/* The stream under every output: write(2) on the descriptor, stopping at
** the first failure (its errno kept for the message) and at SIGINT or
** SIGTERM, even while a pipe, FIFO or terminal has no room: a descriptor
** that is not a regular file is polled for room in short waits and written
** at most PIPE_BUF bytes at a time (which then never blocks), so the flag
** is seen whichever thread the signal reached. */
#define SINK_POLL_MS 100

struct cs_output_sink {
    int fd;
    int polled; /* not a regular file: wait for room before each write */
    int error;  /* errno of the first failed write, or 0 */
};

/* Wait until SINK's descriptor has room, or the command is interrupted. */
static void wait_for_room(const struct cs_output_sink *sink)
{
    struct pollfd ready = {.fd = sink->fd, .events = POLLOUT};
    while (!cs_interrupted() && poll(&ready, 1, SINK_POLL_MS) == 0) continue;
}

static ssize_t sink_write(void *cookie, const char *data, size_t size)
{
    struct cs_output_sink *sink = cookie;
    size_t done = 0;
    while (done < size) {
        if (sink->error) break;
        if (cs_interrupted()) {
            sink->error = EINTR;
            break;
        }
        size_t chunk = size - done;
        if (sink->polled) {
            wait_for_room(sink);
            if (cs_interrupted()) continue;
            if (chunk > PIPE_BUF) chunk = PIPE_BUF;
        }
        ssize_t wrote = write(sink->fd, data + done, chunk);
        if (wrote < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue; /* flag or room */
        if (wrote <= 0) {
            sink->error = wrote < 0 ? errno : EIO;
            break;
        }
        done += (size_t)wrote;
    }
    if (done == 0 && size > 0) {
        errno = sink->error;
        return -1;
    }
    return (ssize_t)done;
}

static int sink_close(void *cookie)
{
    struct cs_output_sink *sink = cookie;
    int rc = close(sink->fd);
    if (rc != 0 && !sink->error) sink->error = errno;
    return rc;
}

/* A stream over FD that keeps the first write error in *SINK; NULL (FD
** closed) on failure. */
static FILE *sink_stream(struct cs_output_sink **sink, int fd)
{
    *sink = calloc(1, sizeof **sink);
    if (!*sink) {
        close(fd);
        return NULL;
    }
    (*sink)->fd = fd;
    struct stat st;
    (*sink)->polled = fstat(fd, &st) != 0 || !S_ISREG(st.st_mode);
    cookie_io_functions_t functions = {.write = sink_write, .close = sink_close};
    FILE *stream = fopencookie(*sink, "w", functions);
    if (!stream) {
        close(fd);
        free(*sink);
        *sink = NULL;
    }
    return stream;
}

/* Open a device or FIFO without blocking: a FIFO with no reader is refused
** at once (ENXIO), never waited on.  It stays non-blocking: sink_write waits
** for room in short polls and stops at SIGINT or SIGTERM, whichever thread
** the signal reached. */
static int open_through(const char *path, int *fd, cs_error *err)
{
    *fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (*fd < 0) {
        if (errno == ENXIO) return cs_error_input(err, path, NULL, "no reader on FIFO %s: start the reader first", path);
        return cs_error_fail(err, path, "cannot open for writing: %s", strerror(errno));
    }
    return CS_OK;
}

int cs_output_open(cs_output *out, const char *path, cs_error *err)
{
    memset(out, 0, sizeof *out);
    target resolved;
    int rc = resolve(path, &resolved, err);
    if (rc) return rc;
    int fd;
    if (resolved.kind == TARGET_STDOUT) {
        /* Its own stream on a copy of the descriptor, after what stdout holds. */
        out->to_stdout = 1;
        if (fflush(stdout) != 0 || (fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)) < 0)
            return cs_error_fail(err, "standard output", "cannot write: %s", strerror(errno));
    } else if (resolved.kind == TARGET_THROUGH) {
        out->path = resolved.path;
        if ((rc = open_through(out->path, &fd, err))) {
            cs_output_discard(out);
            return rc;
        }
    } else {
        out->path = resolved.path;
        size_t size = strlen(out->path) + 16;
        out->temp_path = malloc(size);
        if (!out->temp_path) {
            cs_output_discard(out);
            return cs_error_fail(err, path, "out of memory");
        }
        snprintf(out->temp_path, size, "%s.tmp-XXXXXX", out->path);
        fd = mkostemp(out->temp_path, O_CLOEXEC);
        if (fd < 0) {
            int code = errno;
            free(out->temp_path);
            out->temp_path = NULL;
            cs_output_discard(out);
            return cs_error_fail(err, path, "cannot create the output file: %s", strerror(code));
        }
        fchmod(fd, resolved.mode);
    }
    out->stream = sink_stream(&out->sink, fd);
    if (!out->stream) {
        int code = errno;
        cs_output_discard(out);
        return cs_error_fail(err, path, "cannot open the output file: %s", strerror(code));
    }
    return CS_OK;
}

const char *cs_output_failure(const cs_output *out)
{
    if (out->sink && out->sink->error) return strerror(out->sink->error);
    if (out->stream && ferror(out->stream)) return strerror(errno ? errno : EIO);
    return NULL;
}

void cs_output_discard(cs_output *out)
{
    if (out->stream) fclose(out->stream);
    if (out->temp_path) unlink(out->temp_path);
    free(out->path);
    free(out->temp_path);
    free(out->sink);
    memset(out, 0, sizeof *out);
}

int cs_output_commit(cs_output *out, cs_error *err)
{
    if (cs_interrupted()) {
        cs_output_discard(out);
        return cs_error_interrupted(err);
    }
    int failed = ferror(out->stream) | (fclose(out->stream) != 0);
    int code = out->sink->error ? out->sink->error : errno;
    out->stream = NULL;
    if (cs_interrupted()) {
        cs_output_discard(out);
        return cs_error_interrupted(err);
    }
    if (!failed && out->temp_path && rename(out->temp_path, out->path) != 0) {
        failed = 1;
        code = errno;
    }
    if (failed) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s", out->to_stdout ? "standard output" : out->path);
        cs_output_discard(out);
        return cs_error_fail(err, path, "cannot write the output file: %s", strerror(code ? code : EIO));
    }
    free(out->path);
    free(out->temp_path);
    free(out->sink);
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
    char partial[PATH_MAX];
    size_t len = strlen(dir);
    if (len == 0 || len >= sizeof partial) return cs_error_input(err, dir, NULL, "invalid directory name");
    for (size_t i = 1; i <= len; i++) {
        if (dir[i] != '/' && dir[i] != '\0') continue;
        memcpy(partial, dir, i);
        partial[i] = '\0';
        if (mkdir(partial, 0777) != 0 && errno != EEXIST)
            return cs_error_input(err, partial, NULL, "cannot create directory: %s", strerror(errno));
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return cs_error_input(err, dir, NULL, "exists and is not a directory");
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

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

int cs_output_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#define STAGING_INFIX ".staging-"
/* Every staging directory holds this file (with the pid that made it):
** only such a directory is ever removed as stale. */
#define STAGING_MARKER ".cssim-staging"

/* TARGET without trailing slashes, malloc'd. */
static char *strip_slashes(const char *target)
{
    char *copy = cs_strdup(target);
    if (!copy) return NULL;
    size_t len = strlen(copy);
    while (len > 1 && copy[len - 1] == '/') copy[--len] = '\0';
    return copy;
}

/* Put the marker into STAGING; 0 or -1. */
static int mark_staging(const char *staging)
{
    char marker[PATH_MAX + 32];
    snprintf(marker, sizeof marker, "%s/" STAGING_MARKER, staging);
    FILE *file = fopen(marker, "w");
    if (!file) return -1;
    int failed = fprintf(file, "%ld\n", (long)getpid()) < 0;
    failed |= fclose(file) != 0;
    return failed ? -1 : 0;
}

/* NAME (in DIR) is a staging directory of ours: NAME is
** "<base>.staging-<pid>-<random>", a real directory holding the marker
** with that pid.  Its pid into *pid. */
static int is_staging(const char *dir, const char *name, size_t prefix_len, long *pid)
{
    const char *rest = name + prefix_len;
    char *end;
    *pid = strtol(rest, &end, 10);
    if (end == rest || *pid <= 0 || *end != '-' || !end[1]) return 0;
    char path[PATH_MAX + 256], marker[PATH_MAX + 300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(marker, sizeof marker, "%s/" STAGING_MARKER, path);
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode)) return 0;
    if (lstat(marker, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    FILE *file = fopen(marker, "r");
    long recorded = -1;
    if (file) {
        if (fscanf(file, "%ld", &recorded) != 1) recorded = -1;
        fclose(file);
    }
    return recorded == *pid;
}

/* Remove DIR/NAME.staging-PID-* directories that carry the marker and whose
** process is gone; anything else with a similar name is left alone. */
static void remove_stale_staging(const char *target)
{
    char dir[PATH_MAX], base_copy[PATH_MAX], prefix[PATH_MAX];
    directory_of(target, dir, sizeof dir);
    snprintf(base_copy, sizeof base_copy, "%s", target);
    snprintf(prefix, sizeof prefix, "%s" STAGING_INFIX, basename(base_copy));
    DIR *listing = opendir(dir);
    if (!listing) return;
    size_t prefix_len = strlen(prefix);
    for (struct dirent *entry; (entry = readdir(listing));) {
        long pid;
        if (strncmp(entry->d_name, prefix, prefix_len) != 0 || !is_staging(dir, entry->d_name, prefix_len, &pid))
            continue;
        if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            char stale[PATH_MAX + 256];
            snprintf(stale, sizeof stale, "%s/%s", dir, entry->d_name);
            cs_output_remove_tree(stale);
        }
    }
    closedir(listing);
}

/* TARGET (named by the user as SHOWN) may be replaced: see cs_manifest.h. */
static int check_replaceable(const char *target, const char *shown, const char *option, cs_error *err)
{
    struct stat st;
    if (stat(target, &st) != 0) return CS_OK;
    if (!S_ISDIR(st.st_mode))
        return cs_error_input(err, shown, NULL, "exists and is not a directory; expected an output directory");
    return cs_manifest_check(target, shown, option, err);
}

int cs_output_dir_open(cs_output_dir *dir, const char *target, const char *option, cs_error *err)
{
    memset(dir, 0, sizeof *dir);
    dir->target = strip_slashes(target);
    dir->option = option;
    if (!dir->target) return cs_error_fail(err, target, "out of memory");
    struct stat st;
    int rc = check_replaceable(dir->target, dir->target, option, err);
    if (!rc && stat(dir->target, &st) != 0) {
        char parent[PATH_MAX];
        directory_of(dir->target, parent, sizeof parent);
        rc = cs_output_mkdir(parent, err);
    }
    if (rc) {
        cs_output_dir_discard(dir);
        return rc;
    }
    remove_stale_staging(dir->target);
    size_t size = strlen(dir->target) + 64;
    dir->staging = malloc(size);
    if (!dir->staging) {
        cs_output_dir_discard(dir);
        return cs_error_fail(err, target, "out of memory");
    }
    snprintf(dir->staging, size, "%s" STAGING_INFIX "%ld-XXXXXX", dir->target, (long)getpid());
    if (!mkdtemp(dir->staging)) {
        int code = errno;
        free(dir->staging);
        dir->staging = NULL;
        cs_output_dir_discard(dir);
        return cs_error_input(err, target, NULL, "cannot create a staging directory beside it: %s", strerror(code));
    }
    chmod(dir->staging, 0777 & ~current_umask()); /* mkdtemp made it 0700 */
    if (mark_staging(dir->staging) != 0) {
        int code = errno;
        cs_output_dir_discard(dir);
        return cs_error_fail(err, target, "cannot mark the staging directory beside it: %s", strerror(code));
    }
    return CS_OK;
}

/* Remove STAGING's marker (it is about to become the output) and write the
** manifest of what it holds. */
static int seal_staging(const char *staging, const cJSON *record, cs_error *err)
{
    char marker[PATH_MAX + 32];
    snprintf(marker, sizeof marker, "%s/" STAGING_MARKER, staging);
    if (unlink(marker) != 0) return cs_error_fail(err, marker, "cannot remove the staging marker: %s", strerror(errno));
    return cs_manifest_write(staging, record, err);
}

int cs_output_dir_commit(cs_output_dir *dir, const cJSON *record, cs_error *err)
{
    if (cs_interrupted()) {
        cs_output_dir_discard(dir);
        return cs_error_interrupted(err);
    }
    /* Checked again: the directory may have changed while this ran. */
    int sealed = check_replaceable(dir->target, dir->target, dir->option, err);
    if (!sealed) sealed = seal_staging(dir->staging, record, err);
    if (sealed) {
        cs_output_dir_discard(dir);
        return sealed;
    }
    struct stat st;
    int exists = stat(dir->target, &st) == 0;
    int rc = 0;
    if (!exists) rc = rename(dir->staging, dir->target);
    else {
        /* One atomic swap: the target holds the old or the new set, never a mix. */
        rc = renameat2(AT_FDCWD, dir->staging, AT_FDCWD, dir->target, RENAME_EXCHANGE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
            /* A file system without RENAME_EXCHANGE: move the old set aside first. */
            char aside[PATH_MAX];
            snprintf(aside, sizeof aside, "%s.old-%ld", dir->target, (long)getpid());
            cs_output_remove_tree(aside);
            rc = rename(dir->target, aside);
            if (rc == 0 && (rc = rename(dir->staging, dir->target)) != 0) rename(aside, dir->target);
            if (rc == 0) cs_output_remove_tree(aside);
            else cs_output_remove_tree(dir->staging);
        } else if (rc == 0) {
            mark_staging(dir->staging); /* now the old set: marked, so a crash here leaves nothing unmarked */
            cs_output_remove_tree(dir->staging);
        }
    }
    int code = errno;
    if (rc != 0) {
        char target[PATH_MAX];
        snprintf(target, sizeof target, "%s", dir->target);
        cs_output_dir_discard(dir);
        return cs_error_fail(err, target, "cannot put the new output in place: %s", strerror(code));
    }
    free(dir->target);
    free(dir->staging);
    memset(dir, 0, sizeof *dir);
    return CS_OK;
}

void cs_output_dir_discard(cs_output_dir *dir)
{
    if (dir->staging) cs_output_remove_tree(dir->staging);
    free(dir->target);
    free(dir->staging);
    memset(dir, 0, sizeof *dir);
}
