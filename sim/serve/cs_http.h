/*
** cs_http.h: the local HTTP server behind `cssim serve`, on libmicrohttpd,
** with its security model (as Jupyter's local servers do it):
**   - it binds 127.0.0.1 only; port 0 picks a free port;
**   - every request carries the server's token: `?token=` (the page's first
**     load, which sets an HttpOnly, SameSite=Strict cookie named for the
**     port), that cookie, or the header X-Cssim-Token; else 403;
**   - a Host header other than 127.0.0.1:PORT or localhost:PORT gets 403
**     (DNS rebinding);
**   - every response carries a strict Content-Security-Policy, nosniff,
**     no-referrer and no-store;
**   - a request body over CS_HTTP_BODY_MAX gets 413.
** The page's files are served from memory (embedded at build time); every
** other request (the API) goes to the caller's handler with its whole body.
** Ownership: cs_http_start fills a cs_http_server; cs_http_stop ends it.
*/
#ifndef CS_HTTP_H
#define CS_HTTP_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "cs_error.h"

#define CS_HTTP_BODY_MAX (1024 * 1024)
#define CS_HTTP_TOKEN_LENGTH 32

extern const char cs_http_csp[];

/* A file of the page, served on GET at PATH ("/" for the page itself). */
typedef struct cs_http_asset {
    const char *path;
    const char *content_type;
    const unsigned char *data;
    size_t length;
} cs_http_asset;

/* What a handler answers: STATUS, and BODY (malloc'd, taken by the server;
** NULL for none) of CONTENT_TYPE (default application/json), under CSP
** (NULL: cs_http_csp; a page the handler serves may need a stricter one). */
typedef struct cs_http_reply {
    unsigned status;
    const char *content_type;
    char *body;
    size_t length;
    const char *csp;
} cs_http_reply;

/* Answer one request that is not for a file of the page: /api/... and
** anything else (METHOD "GET" or "POST", URL without the query, BODY of
** LENGTH bytes, NUL-terminated).  Called on the server's threads, one per
** connection, so requests may overlap. */
typedef void (*cs_http_handler)(void *context, const char *method, const char *url, const char *body, size_t length,
                                cs_http_reply *reply);

typedef struct cs_http_config {
    unsigned short port;              /* 0: a free port */
    const cs_http_asset *assets;
    size_t n_assets;
    cs_http_handler api;
    void *context;
} cs_http_config;

typedef struct cs_http_server {
    struct MHD_Daemon *daemon;
    cs_http_config config;
    unsigned short port;                       /* the port bound */
    char token[CS_HTTP_TOKEN_LENGTH + 1];      /* URL-safe characters from getrandom */
    char cookie[48];                           /* the cookie's name, cssim_token_PORT */
    char hosts[2][48];                         /* 127.0.0.1:PORT, localhost:PORT */
} cs_http_server;

/* A fresh token: CS_HTTP_TOKEN_LENGTH URL-safe base64 characters of the OS's
** random source (getrandom). */
int cs_http_token(char token[CS_HTTP_TOKEN_LENGTH + 1], cs_error *err);

/* Start serving CONFIG on 127.0.0.1 with a new token. */
int cs_http_start(cs_http_server *server, const cs_http_config *config, cs_error *err);

/* Stop: waits for the requests being answered, closes the socket. */
void cs_http_stop(cs_http_server *server);

/* REPLY as JSON with STATUS: the tree printed (and deleted). */
void cs_http_reply_json(cs_http_reply *reply, unsigned status, cJSON *json);
/* REPLY as {"error": MESSAGE} with STATUS. */
void cs_http_reply_error(cs_http_reply *reply, unsigned status, const char *message);

#endif
