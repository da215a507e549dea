/*
** cs_serve_page.h: the live page's files (sim/serve/page/: index.html,
** app.js, app.css), embedded in the binary at build time by
** tools/embed.cmake into the generated cs_serve_page.c; served from memory.
*/
#ifndef CS_SERVE_PAGE_H
#define CS_SERVE_PAGE_H

#include "cs_http.h"

extern const cs_http_asset cs_serve_page_assets[];
extern const size_t cs_serve_page_n_assets;

#endif
