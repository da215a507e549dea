/*
** cs_run_record.c: the run record (see cs_run_record.h).
*/
#include "cs_run_record.h"

#include <errno.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "cs_escape.h"
#include "cs_json.h"
#include "cs_version.h"

const char *cs_version(void) { return CSSIM_VERSION; }

cJSON *cs_json_uint64(uint64_t value)
{
    char text[24];
    snprintf(text, sizeof text, "%" PRIu64, value);
    return cJSON_CreateRaw(text);
}

int cs_run_record_init(cs_run_record *record, const char *command, uint64_t seed, size_t trials)
{
    memset(record, 0, sizeof *record);
    record->seed = seed;
    record->trials = trials;
    record->command = cs_strdup("cssim");
    if (!record->command || cs_run_record_arg(record, command) != CS_OK) {
        cs_run_record_free(record);
        return CS_ERR_FAIL;
    }
    return CS_OK;
}

void cs_run_record_free(cs_run_record *record)
{
    free(record->command);
    for (size_t i = 0; i < record->n_inputs; i++) {
        free(record->inputs[i].kind);
        free(record->inputs[i].id);
        free(record->inputs[i].file);
    }
    free(record->inputs);
    for (size_t i = 0; i < record->n_overrides; i++) {
        free(record->overrides[i]);
        if (record->what_if) free(record->what_if[i]);
    }
    free(record->overrides);
    free(record->what_if);
    memset(record, 0, sizeof *record);
}

int cs_run_record_arg(cs_run_record *record, const char *word)
{
    char *quoted = cs_shell_quote(word);
    if (!quoted) return CS_ERR_FAIL;
    size_t size = strlen(record->command) + strlen(quoted) + 2;
    char *longer = realloc(record->command, size);
    if (!longer) {
        free(quoted);
        return CS_ERR_FAIL;
    }
    strcat(longer, " ");
    strcat(longer, quoted);
    free(quoted);
    record->command = longer;
    return CS_OK;
}

int cs_sha256_file(const char *file, char hex[65], cs_error *err)
{
    FILE *in = fopen(file, "rb");
    if (!in) return cs_error_input(err, file, NULL, "cannot open file: %s", strerror(errno));
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    int ok = context && EVP_DigestInit_ex(context, EVP_sha256(), NULL);
    unsigned char buffer[1 << 14];
    for (size_t got; ok && (got = fread(buffer, 1, sizeof buffer, in)) > 0;) ok = EVP_DigestUpdate(context, buffer, got);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    ok = ok && !ferror(in) && EVP_DigestFinal_ex(context, digest, &length) && length == 32;
    EVP_MD_CTX_free(context);
    fclose(in);
    if (!ok) return cs_error_fail(err, file, "cannot compute the file's SHA-256");
    for (unsigned int i = 0; i < length; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return CS_OK;
}

int cs_run_record_input(cs_run_record *record, const char *kind, const char *id, const char *file, cs_error *err)
{
    for (size_t i = 0; i < record->n_inputs; i++)
        if (strcmp(record->inputs[i].file, file) == 0) return CS_OK;
    cs_run_input *bigger = realloc(record->inputs, (record->n_inputs + 1) * sizeof *bigger);
    if (!bigger) return cs_error_fail(err, file, "out of memory");
    record->inputs = bigger;
    cs_run_input *input = &record->inputs[record->n_inputs];
    memset(input, 0, sizeof *input);
    int rc = cs_sha256_file(file, input->sha256, err);
    if (rc) return rc;
    input->kind = cs_strdup(kind);
    input->id = cs_strdup(id);
    input->file = cs_strdup(file);
    record->n_inputs++;
    if (!input->kind || !input->id || !input->file) return cs_error_fail(err, file, "out of memory");
    return CS_OK;
}

int cs_run_record_override(cs_run_record *record, const char *text)
{
    char **bigger = realloc(record->overrides, (record->n_overrides + 1) * sizeof *bigger);
    if (!bigger) return CS_ERR_FAIL;
    record->overrides = bigger;
    record->overrides[record->n_overrides] = cs_strdup(text);
    if (!record->overrides[record->n_overrides]) return CS_ERR_FAIL;
    record->n_overrides++;
    return CS_OK;
}

int cs_run_record_what_if(cs_run_record *record, size_t i, const char *words)
{
    if (i >= record->n_overrides) return CS_ERR_FAIL;
    if (!record->what_if && !(record->what_if = calloc(record->n_overrides, sizeof *record->what_if)))
        return CS_ERR_FAIL;
    free(record->what_if[i]);
    record->what_if[i] = cs_strdup(words);
    return record->what_if[i] ? CS_OK : CS_ERR_FAIL;
}

void cs_run_record_what_if_text(FILE *out, const cs_run_record *record)
{
    if (!record || !record->n_overrides) return;
    fputs("What-if:", out);
    for (size_t i = 0; i < record->n_overrides; i++)
        fprintf(out, "%s %s", i ? ";" : "",
                record->what_if && record->what_if[i] ? record->what_if[i] : record->overrides[i]);
    fputs("\n", out);
}

cJSON *cs_run_record_json(const cs_run_record *record)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "cssim_version", cs_version());
    cJSON_AddStringToObject(root, "command", record->command);
    cJSON_AddItemToObject(root, "seed", cs_json_uint64(record->seed));
    cJSON_AddItemToObject(root, "trials", cs_json_uint64(record->trials));
    cJSON *overrides = cJSON_AddArrayToObject(root, "overrides");
    for (size_t i = 0; i < record->n_overrides; i++)
        cJSON_AddItemToArray(overrides, cJSON_CreateString(record->overrides[i]));
    cJSON *inputs = cJSON_AddArrayToObject(root, "inputs");
    for (size_t i = 0; i < record->n_inputs; i++) {
        const cs_run_input *input = &record->inputs[i];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "kind", input->kind);
        cJSON_AddStringToObject(item, "id", input->id);
        cJSON_AddStringToObject(item, "file", input->file);
        cJSON_AddStringToObject(item, "sha256", input->sha256);
        cJSON_AddItemToArray(inputs, item);
    }
    return root;
}

void cs_run_record_markdown(FILE *out, const cs_run_record *record)
{
    fputs("## How this was made\n\n", out);
    fputs("- cssim version: ", out);
    cs_markdown_escape(out, cs_version());
    fprintf(out, "\n- seed %" PRIu64 ", %zu trials per plan and scenario\n", record->seed, record->trials);
    fputs("- reproduce with: `", out);
    cs_markdown_code(out, record->command);
    fputs("`\n", out);
    for (size_t i = 0; i < record->n_overrides; i++) {
        fputs("- override: `", out);
        cs_markdown_code(out, record->overrides[i]);
        fputs("`\n", out);
    }
    fputs("\n| input | id | file | SHA-256 |\n|---|---|---|---|\n", out);
    for (size_t i = 0; i < record->n_inputs; i++) {
        const cs_run_input *input = &record->inputs[i];
        fprintf(out, "| %s | ", input->kind);
        cs_markdown_escape(out, input->id);
        fputs(" | ", out);
        cs_markdown_escape(out, input->file);
        fprintf(out, " | `%s` |\n", input->sha256);
    }
    fputc('\n', out);
}
