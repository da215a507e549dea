/*
** serve_client.c: a `cssim serve` child and an HTTP client (see serve_client.h).
*/
#define _GNU_SOURCE
#include "serve_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int serve_child_start(serve_child *child, const char *exe, const char *cwd, const char *tmpdir, char *const args[],
                      char line[256])
{
    char *argv[64] = {"cssim", "serve"};
    size_t n = 2;
    for (size_t i = 0; args[i] && n < 63; i++) argv[n++] = args[i];
    argv[n] = NULL;
    int out[2];
    if (pipe(out) != 0) return -1;
    child->pid = fork();
    if (child->pid < 0) return -1;
    if (child->pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        if (cwd && chdir(cwd) != 0) _exit(127);
        if (tmpdir) setenv("TMPDIR", tmpdir, 1);
        execv(exe, argv);
        _exit(127);
    }
    close(out[1]);
    FILE *lines = fdopen(out[0], "r");
    char first[256] = "";
    int ok = lines && fgets(first, sizeof first, lines) != NULL;
    if (lines) fclose(lines);
    if (line) snprintf(line, 256, "%s", first);
    if (ok && sscanf(first, "cssim serve: http://127.0.0.1:%u/?token=%63s", &child->port, child->token) == 2) return 0;
    serve_child_stop(child);
    return -1;
}

int serve_child_stop(serve_child *child)
{
    kill(child->pid, SIGTERM);
    int status = 0;
    waitpid(child->pid, &status, 0);
    return status;
}

void serve_response_free(serve_response *response)
{
    free(response->head);
    free(response->body);
    memset(response, 0, sizeof *response);
}

int serve_request(const serve_child *child, const char *method, const char *path, const char *headers,
                  const char *body, size_t length, serve_response *out)
{
    memset(out, 0, sizeof *out);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)child->port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        if (fd >= 0) close(fd);
        return -1;
    }
    char *head = NULL;
    int head_length = asprintf(&head, "%s %s HTTP/1.1\r\n%s%s%u\r\nConnection: close\r\nContent-Length: %zu\r\n\r\n",
                               method, path, headers, strstr(headers, "Host:") ? "X-Port: " : "Host: 127.0.0.1:",
                               child->port, body ? length : 0);
    if (head_length < 0) {
        close(fd);
        return -1;
    }
    ssize_t sent_head = send(fd, head, (size_t)head_length, MSG_NOSIGNAL);
    free(head);
    for (size_t sent = 0; sent_head > 0 && body && sent < length;) {
        ssize_t n = send(fd, body + sent, length - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += (size_t)n;
    }
    size_t used = 0, capacity = 1 << 16;
    char *text = malloc(capacity);
    for (ssize_t n; text && (n = recv(fd, text + used, capacity - used - 1, 0)) > 0;) {
        used += (size_t)n;
        if (capacity - used < 4096) {
            char *grown = realloc(text, capacity *= 2);
            if (!grown) free(text);
            text = grown;
        }
    }
    close(fd);
    if (!text) return -1;
    text[used] = '\0';
    char *split = strstr(text, "\r\n\r\n");
    if (sscanf(text, "HTTP/1.1 %d", &out->status) != 1 || !split) {
        free(text);
        return -1;
    }
    *split = '\0';
    out->head = strdup(text);
    out->body = strdup(split + 4);
    free(text);
    return 0;
}

const char *serve_header(const char *head, const char *name, char *buf, size_t len)
{
    size_t n = strlen(name);
    for (const char *line = strstr(head, "\r\n"); line; line = strstr(line + 2, "\r\n"))
        if (strncasecmp(line + 2, name, n) == 0 && line[2 + n] == ':') {
            const char *start = line + 3 + n;
            while (*start == ' ') start++;
            snprintf(buf, len, "%.*s", (int)strcspn(start, "\r"), start);
            return buf;
        }
    return NULL;
}
