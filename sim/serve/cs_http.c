/*
** cs_http.c: the local HTTP server and its security checks (see cs_http.h).
*/
#define _GNU_SOURCE
#include "cs_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cs_output.h"

const char cs_http_csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/* A body declared larger than this is refused at once rather than read and dropped. */
#define BODY_DISCARD_MAX (64u * 1024 * 1024)

int cs_http_token(char token[CS_HTTP_TOKEN_LENGTH + 1], cs_error *err)
{
    unsigned char random[CS_HTTP_TOKEN_LENGTH * 3 / 4];
    size_t got = 0;
    while (got < sizeof random) {
        ssize_t n = getrandom(random + got, sizeof random - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return cs_error_fail(err, NULL, "no random token: getrandom: %s", strerror(errno));
        got += (size_t)n;
    }
    unsigned char encoded[CS_HTTP_TOKEN_LENGTH + 1];
    EVP_EncodeBlock(encoded, random, sizeof random); /* 24 bytes: 32 characters, no padding */
    for (size_t i = 0; i < CS_HTTP_TOKEN_LENGTH; i++)
        token[i] = encoded[i] == '+' ? '-' : encoded[i] == '/' ? '_' : (char)encoded[i];
    token[CS_HTTP_TOKEN_LENGTH] = '\0';
    OPENSSL_cleanse(random, sizeof random);
    return CS_OK;
}

void cs_http_reply_json(cs_http_reply *reply, unsigned status, cJSON *json)
{
    reply->status = status;
    reply->content_type = "application/json";
    reply->body = json ? cJSON_Print(json) : NULL;
    reply->length = reply->body ? strlen(reply->body) : 0;
    cJSON_Delete(json);
    if (!reply->body) reply->status = 500;
}

void cs_http_reply_error(cs_http_reply *reply, unsigned status, const char *message)
{
    cJSON *json = cJSON_CreateObject();
    if (json) cJSON_AddStringToObject(json, "error", message);
    cs_http_reply_json(reply, status, json);
}

/* One request's state across the calls of its connection. */
typedef struct request {
    char *body;
    size_t length, capacity;
    int too_large;
    unsigned refused;  /* a status decided from the headers (403), or 0 */
} request;

static int token_equal(const char *given, const char *token)
{
    return given && strlen(given) == CS_HTTP_TOKEN_LENGTH && CRYPTO_memcmp(given, token, CS_HTTP_TOKEN_LENGTH) == 0;
}

/* The request carries the token (query, cookie or header); *FROM_QUERY when by the query. */
static int has_token(const cs_http_server *server, struct MHD_Connection *connection, int *from_query)
{
    *from_query = token_equal(MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, "token"),
                              server->token);
    return *from_query ||
           token_equal(MHD_lookup_connection_value(connection, MHD_COOKIE_KIND, server->cookie), server->token) ||
           token_equal(MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "X-Cssim-Token"), server->token);
}

static int host_allowed(const cs_http_server *server, struct MHD_Connection *connection)
{
    const char *host = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    return host && (strcmp(host, server->hosts[0]) == 0 || strcmp(host, server->hosts[1]) == 0);
}

static enum MHD_Result send_reply(const cs_http_server *server, struct MHD_Connection *connection,
                                  cs_http_reply *reply, int set_cookie, int static_data)
{
    struct MHD_Response *response;
    if (static_data)
        response = MHD_create_response_from_buffer(reply->length, reply->body, MHD_RESPMEM_PERSISTENT);
    else
        response = MHD_create_response_from_buffer(reply->length, reply->body ? reply->body : (char *)"",
                                                   reply->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!response) {
        if (!static_data) free(reply->body);
        return MHD_NO;
    }
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
                            reply->content_type ? reply->content_type : "application/json");
    MHD_add_response_header(response, "Content-Security-Policy", reply->csp ? reply->csp : cs_http_csp);
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(response, "Cache-Control", "no-store");
    if (set_cookie) {
        char cookie[128];
        snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict", server->cookie, server->token);
        MHD_add_response_header(response, MHD_HTTP_HEADER_SET_COOKIE, cookie);
    }
    enum MHD_Result queued = MHD_queue_response(connection, reply->status, response);
    MHD_destroy_response(response);
    return queued;
}

static enum MHD_Result send_error(const cs_http_server *server, struct MHD_Connection *connection, unsigned status,
                                  const char *message)
{
    cs_http_reply reply = {0};
    cs_http_reply_error(&reply, status, message);
    return send_reply(server, connection, &reply, 0, 0);
}

static int append_body(request *state, const char *data, size_t size)
{
    if (state->too_large || state->length + size > CS_HTTP_BODY_MAX) {
        state->too_large = 1; /* read and dropped, so the client reads the 413 */
        return 0;
    }
    if (state->length + size + 1 > state->capacity) {
        size_t capacity = state->capacity ? state->capacity : 4096;
        while (capacity < state->length + size + 1) capacity *= 2;
        char *grown = realloc(state->body, capacity);
        if (!grown) return -1;
        state->body = grown;
        state->capacity = capacity;
    }
    memcpy(state->body + state->length, data, size);
    state->length += size;
    state->body[state->length] = '\0';
    return 0;
}

static enum MHD_Result answer(void *context, struct MHD_Connection *connection, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size,
                              void **connection_state)
{
    (void)version;
    cs_http_server *server = context;
    request *state = *connection_state;
    if (!state) { /* the headers: decide what can be decided now */
        if (!(state = calloc(1, sizeof *state))) return MHD_NO;
        *connection_state = state;
        int from_query;
        if (!host_allowed(server, connection)) state->refused = 403;
        else if (!has_token(server, connection, &from_query)) state->refused = 403;
        const char *declared = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (declared && strtoull(declared, NULL, 10) > BODY_DISCARD_MAX)
            return send_error(server, connection, 413, "the request body is over 1 MiB");
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (append_body(state, upload_data, *upload_data_size) != 0) return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (state->refused == 403 && !host_allowed(server, connection))
        return send_error(server, connection, 403, "this server answers only to Host 127.0.0.1:PORT or localhost:PORT");
    if (state->refused == 403) return send_error(server, connection, 403, "a missing or wrong token");
    if (state->too_large) return send_error(server, connection, 413, "the request body is over 1 MiB");

    int from_query;
    has_token(server, connection, &from_query);
    for (size_t i = 0; i < server->config.n_assets; i++) {
        const cs_http_asset *asset = &server->config.assets[i];
        if (strcmp(url, asset->path) != 0) continue;
        if (strcmp(method, "GET") != 0) return send_error(server, connection, 405, "only GET");
        cs_http_reply reply = {200, asset->content_type, (char *)asset->data, asset->length, NULL};
        return send_reply(server, connection, &reply, from_query, 1);
    }
    cs_http_reply reply = {0};
    server->config.api(server->config.context, method, url, state->body ? state->body : "", state->length, &reply);
    return send_reply(server, connection, &reply, from_query, 0);
}

static void request_done(void *context, struct MHD_Connection *connection, void **connection_state,
                         enum MHD_RequestTerminationCode code)
{
    (void)context, (void)connection, (void)code;
    request *state = *connection_state;
    if (state) free(state->body);
    free(state);
    *connection_state = NULL;
}

int cs_http_start(cs_http_server *server, const cs_http_config *config, cs_error *err)
{
    memset(server, 0, sizeof *server);
    server->config = *config;
    int rc = cs_http_token(server->token, err);
    if (rc) return rc;
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(config->port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    server->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_AUTO,
                                      0, NULL, NULL, answer, server, MHD_OPTION_SOCK_ADDR, &address,
                                      MHD_OPTION_NOTIFY_COMPLETED, request_done, server,
                                      MHD_OPTION_CONNECTION_LIMIT, 64u, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
                                      MHD_OPTION_END);
    if (!server->daemon)
        return cs_error_fail(err, NULL, "cannot listen on 127.0.0.1:%u (in use, or not allowed)", config->port);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(server->daemon, MHD_DAEMON_INFO_BIND_PORT);
    server->port = info ? info->port : config->port;
    snprintf(server->cookie, sizeof server->cookie, "cssim_token_%u", server->port);
    snprintf(server->hosts[0], sizeof server->hosts[0], "127.0.0.1:%u", server->port);
    snprintf(server->hosts[1], sizeof server->hosts[1], "localhost:%u", server->port);
    return CS_OK;
}

void cs_http_stop(cs_http_server *server)
{
    if (server->daemon) MHD_stop_daemon(server->daemon);
    OPENSSL_cleanse(server->token, sizeof server->token);
    server->daemon = NULL;
}
