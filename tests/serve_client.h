/*
** serve_client.h: a `cssim serve` child process and a minimal HTTP/1.1
** client over a real socket, shared by tests/test_serve.c and the benchmark
** (bench/cssim_bench.c).
*/
#ifndef SERVE_CLIENT_H
#define SERVE_CLIENT_H

#include <stddef.h>
#include <sys/types.h>

typedef struct serve_child {
    pid_t pid;
    unsigned port;
    char token[64];
} serve_child;

/* Start `EXE serve ARGS...` (ARGS NULL-terminated, after "serve") in CWD
** (NULL: this directory) with TMPDIR (NULL: unchanged), and read the URL it
** prints first.  0, or -1 with *LINE (when not NULL) holding what it printed. */
int serve_child_start(serve_child *child, const char *exe, const char *cwd, const char *tmpdir, char *const args[],
                      char line[256]);

/* SIGTERM, then wait: the wait status. */
int serve_child_stop(serve_child *child);

typedef struct serve_response {
    int status;
    char *head;   /* status line and headers */
    char *body;
} serve_response;

/* METHOD PATH over a fresh connection with HEADERS (lines ending "\r\n", may
** be ""; "Host: 127.0.0.1:PORT" is added unless they name a Host) and BODY
** of LENGTH bytes (NULL: none).  0, or -1 when no HTTP answer came. */
int serve_request(const serve_child *child, const char *method, const char *path, const char *headers,
                  const char *body, size_t length, serve_response *out);
void serve_response_free(serve_response *response);

/* The value of header NAME in HEAD into BUF, or NULL. */
const char *serve_header(const char *head, const char *name, char *buf, size_t len);

#endif
