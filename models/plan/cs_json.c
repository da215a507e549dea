/*
** cs_json.c: JSON input helpers (file parsing, paths, key checks, typed reads).
*/
#include "cs_json.h"
#include "cs_number_read.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

char *cs_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy) memcpy(copy, s, n);
    return copy;
}

char *cs_read_file(const char *file, cs_error *err)
{
    FILE *in = fopen(file, "rb");
    if (!in) {
        cs_error_input(err, file, NULL, "cannot open file: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 14, used = 0;
    char *text = malloc(cap);
    while (text) {
        size_t got = fread(text + used, 1, cap - used - 1, in);
        used += got;
        if (used < cap - 1) break;
        char *bigger = realloc(text, cap * 2);
        if (!bigger) { free(text); text = NULL; break; }
        text = bigger;
        cap *= 2;
    }
    int read_failed = ferror(in);
    fclose(in);
    if (!text) {
        cs_error_fail(err, file, "out of memory reading the file");
        return NULL;
    }
    if (read_failed) {
        free(text);
        cs_error_input(err, file, NULL, "cannot read file");
        return NULL;
    }
    text[used] = '\0';
    return text;
}

/* The JSON path of the INDEX-th number (document order) below ITEM at
** PATH, counting from *SEEN, into FOUND; 1 when found. */
static int number_path(const cJSON *item, const char *path, long index, long *seen, char *found, size_t len)
{
    if (cJSON_IsNumber(item)) {
        if ((*seen)++ != index) return 0;
        snprintf(found, len, "%s", path[0] ? path : "(the top)");
        return 1;
    }
    size_t i = 0;
    for (const cJSON *child = item->child; child; child = child->next, i++) {
        char child_path[CS_PATH_MAX];
        if (cJSON_IsObject(item)) cs_path_key(child_path, sizeof child_path, path, child->string);
        else cs_path_index(child_path, sizeof child_path, path, i);
        if (number_path(child, child_path, index, seen, found, len)) return 1;
    }
    return 0;
}

int cs_json_parse_text(const char *text, const char *name, cJSON **out, cs_error *err)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
    if (!root) {
        if (!end) end = text;
        int line = 1, column = 1;
        for (const char *c = text; c < end && *c; c++) {
            if (*c == '\n') { line++; column = 1; } else column++;
        }
        if (!*end)
            return cs_error_input(err, name, NULL,
                                  "invalid JSON: unexpected end of file at line %d, column %d",
                                  line, column);
        return cs_error_input(err, name, NULL, "invalid JSON at line %d, column %d (near '%.12s')",
                              line, column, end);
    }
    char token[64];
    long underflow = cs_number_first_underflow(text, token, sizeof token);
    if (underflow >= 0) { /* cJSON would read it as 0 (or a denormal) without a word */
        char path[CS_PATH_MAX] = "";
        long seen = 0;
        number_path(root, "", underflow, &seen, path, sizeof path);
        cJSON_Delete(root);
        return cs_error_input(err, name, path[0] ? path : NULL, "%s %s", token,
                              cs_number_problem(CS_NUMBER_TOO_SMALL));
    }
    *out = root;
    return CS_OK;
}

int cs_json_parse_file(const char *file, cJSON **out, cs_error *err)
{
    char *text = cs_read_file(file, err);
    if (!text) return err ? err->code : CS_ERR_INPUT;
    int rc = cs_json_parse_text(text, file, out, err);
    free(text);
    return rc;
}

void cs_path_key(char *buf, size_t len, const char *parent, const char *key)
{
    if (parent && parent[0]) snprintf(buf, len, "%s.%s", parent, key);
    else snprintf(buf, len, "%s", key);
}

void cs_path_index(char *buf, size_t len, const char *parent, size_t index)
{
    snprintf(buf, len, "%s[%zu]", parent ? parent : "", index);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t above = row[j];
            size_t substitute = diagonal + (a[i - 1] != b[j - 1]);
            size_t best = above + 1 < row[j - 1] + 1 ? above + 1 : row[j - 1] + 1;
            row[j] = substitute < best ? substitute : best;
            diagonal = above;
        }
    }
    return row[lb];
}

const char *cs_closest_word(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_distance = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_distance) { best_distance = d; best = candidates[i]; }
    }
    size_t limit = strlen(word) / 3 + 1;
    if (limit < 2) limit = 2;
    return best_distance <= limit ? best : NULL;
}

const char *cs_json_type_name(const cJSON *item)
{
    if (!item) return "nothing";
    if (cJSON_IsNumber(item)) return "a number";
    if (cJSON_IsString(item)) return "a string";
    if (cJSON_IsArray(item)) return "an array";
    if (cJSON_IsObject(item)) return "an object";
    if (cJSON_IsBool(item)) return "a boolean";
    if (cJSON_IsNull(item)) return "null";
    return "an unknown value";
}

/* The first problem with key CHILD of an object (unknown, or repeated
** later), into err; CS_OK when it has none. */
static int check_one_key(const cJSON *child, const char *const *allowed, size_t n, const char *file,
                         const char *path, cs_error *err)
{
    char child_path[CS_PATH_MAX];
    cs_path_key(child_path, sizeof child_path, path, child->string);
    int known = 0;
    for (size_t i = 0; i < n && !known; i++) known = strcmp(child->string, allowed[i]) == 0;
    if (!known) {
        const char *hint = cs_closest_word(child->string, allowed, n);
        if (hint)
            return cs_error_input(err, file, child_path, "unknown key '%s' (did you mean '%s'?)", child->string,
                                  hint);
        return cs_error_input(err, file, child_path, "unknown key '%s'", child->string);
    }
    for (const cJSON *other = child->next; other; other = other->next)
        if (strcmp(other->string, child->string) == 0)
            return cs_error_input(err, file, child_path, "key '%s' appears more than once", child->string);
    return CS_OK;
}

int cs_json_check_keys_all(const cJSON *obj, const char *const *allowed, size_t n, const char *file,
                           const char *path, cs_error_list *list, cs_error *err)
{
    if (!cJSON_IsObject(obj))
        return cs_error_input(err, file, path, "expected an object, found %s", cs_json_type_name(obj));
    int rc = CS_OK;
    for (const cJSON *child = obj->child; child; child = child->next) {
        if (check_one_key(child, allowed, n, file, path, err) == CS_OK) continue;
        rc = CS_ERR_INPUT;
        if (!list) return rc;
        if (cs_error_list_add(list, err) != CS_OK) return cs_error_fail(err, file, "out of memory");
    }
    if (rc && list) cs_error_clear(err);
    return rc;
}

int cs_json_check_keys(const cJSON *obj, const char *const *allowed, size_t n,
                       const char *file, const char *path, cs_error *err)
{
    return cs_json_check_keys_all(obj, allowed, n, file, path, NULL, err);
}

int cs_json_number(const cJSON *item, const char *file, const char *path, double *out, cs_error *err)
{
    if (!cJSON_IsNumber(item))
        return cs_error_input(err, file, path, "expected a number, found %s", cs_json_type_name(item));
    if (!isfinite(item->valuedouble))
        return cs_error_input(err, file, path, "expected a finite number, found %s", CS_NUM(item->valuedouble));
    *out = item->valuedouble;
    return CS_OK;
}

int cs_json_int(const cJSON *item, const char *file, const char *path, int lo, int hi, int *out, cs_error *err)
{
    double value = 0;
    int rc = cs_json_number(item, file, path, &value, err);
    if (rc) return rc;
    if (value != floor(value))
        return cs_error_input(err, file, path, "expected a whole number, found %s", CS_NUM(value));
    if (value < lo || value > hi)
        return cs_error_input(err, file, path, "expected a whole number from %d to %d, found %s", lo, hi,
                              CS_NUM(value));
    *out = (int)value;
    return CS_OK;
}

int cs_json_string(const cJSON *item, const char *file, const char *path, char **out, cs_error *err)
{
    if (!cJSON_IsString(item))
        return cs_error_input(err, file, path, "expected a string, found %s", cs_json_type_name(item));
    char *copy = cs_strdup(item->valuestring);
    if (!copy) return cs_error_fail(err, file, "out of memory");
    free(*out);
    *out = copy;
    return CS_OK;
}

int cs_json_numbers(const cJSON *item, int allow_scalar, const char *file, const char *path,
                             double **out, size_t *count, cs_error *err)
{
    if (allow_scalar && cJSON_IsNumber(item)) {
        double *one = malloc(sizeof *one);
        if (!one) return cs_error_fail(err, file, "out of memory");
        int rc = cs_json_number(item, file, path, one, err);
        if (rc) { free(one); return rc; }
        free(*out);
        *out = one;
        *count = 1;
        return CS_OK;
    }
    if (!cJSON_IsArray(item))
        return cs_error_input(err, file, path, "expected %s, found %s",
                              allow_scalar ? "a number or an array of numbers" : "an array of numbers",
                              cs_json_type_name(item));
    size_t n = (size_t)cJSON_GetArraySize(item);
    if (n == 0) return cs_error_input(err, file, path, "expected a non-empty array");
    double *values = malloc(n * sizeof *values);
    if (!values) return cs_error_fail(err, file, "out of memory");
    size_t i = 0;
    for (const cJSON *element = item->child; element; element = element->next, i++) {
        char element_path[CS_PATH_MAX];
        cs_path_index(element_path, sizeof element_path, path, i);
        int rc = cs_json_number(element, file, element_path, &values[i], err);
        if (rc) { free(values); return rc; }
    }
    free(*out);
    *out = values;
    *count = n;
    return CS_OK;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cs_list_json_files(const char *dir, char ***files, size_t *count, cs_error *err)
{
    *files = NULL;
    *count = 0;
    DIR *handle = opendir(dir);
    if (!handle) return cs_error_input(err, dir, NULL, "cannot open directory: %s", strerror(errno));
    size_t cap = 0, n = 0;
    char **list = NULL;
    int rc = CS_OK;
    for (struct dirent *entry; (entry = readdir(handle)) && !rc;) {
        size_t len = strlen(entry->d_name);
        if (len < 6 || strcmp(entry->d_name + len - 5, ".json") != 0 || entry->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **bigger = realloc(list, cap * sizeof *list);
            if (!bigger) { rc = cs_error_fail(err, dir, "out of memory"); break; }
            list = bigger;
        }
        size_t size = strlen(dir) + len + 2;
        list[n] = malloc(size);
        if (!list[n]) { rc = cs_error_fail(err, dir, "out of memory"); break; }
        snprintf(list[n], size, "%s/%s", dir, entry->d_name);
        n++;
    }
    closedir(handle);
    if (rc) {
        for (size_t i = 0; i < n; i++) free(list[i]);
        free(list);
        return rc;
    }
    if (n) qsort(list, n, sizeof *list, compare_strings);
    *files = list;
    *count = n;
    return CS_OK;
}
