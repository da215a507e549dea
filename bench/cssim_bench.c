/*
** cssim_bench.c: the speed and memory figures of cssim, one per line.  Not
** a test: it prints figures and never fails on speed.
**
** For the example plan and the largest plan in plans/:
**   - the Philox path this CPU runs, its raw block rate, the blocks a trial
**     needs, and the random-number floor: the time to draw exactly a
**     trial's random inputs (the blocks, and the samplers on them), split
**     into the Philox part (rate x blocks) and the samplers' part;
**   - microseconds a trial on one thread for the engine (the trials) and
**     for a full run (the engine and the summary, as `cssim run` does), and
**     the full run's ratio to the floor;
**   - trials per second on every core, and the speed-up.
** Then, on the real executable: `cssim run` of the largest plan at 300000
** trials on one thread, its peak memory at 1,000,000 trials, the whole
** batch (25 plans x 3 scenarios x 100000 trials), `drivers` against `run`
** on the largest plan, and the stress test.  With --before PATH the same
** commands run with another build of cssim (an earlier commit) in the same
** session, side by side.  Last, a vectorised numpy version of the model as
** a peer (bench/numpy_ref.py), when python3 has numpy.
**
** Usage: cssim-bench [--trials N] [--repeats R] [--quick] [--before PATH]
*/
#define _GNU_SOURCE
#include <fcntl.h>
#include <getopt.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs_engine.h"
#include "cs_philox.h"
#include "cs_progress.h"
#include "cs_rng.h"
#include "cs_run_record.h"
#include "cs_summary.h"
#include "serve_client.h"

typedef enum { WORK_ENGINE, WORK_RUN, WORK_FLOOR } work_kind;

/* Seconds for one piece of work. */
static double time_once(const cs_plan *plan, work_kind kind, size_t trials, int threads)
{
    cs_run_options options = {.trials = trials, .seed = 1, .threads = threads};
    cs_error err;
    double start = cs_clock_seconds();
    if (kind == WORK_FLOOR) {
        volatile double checksum = cs_engine_draw_only(plan, &options);
        (void)checksum;
    } else {
        cs_run_data data;
        if (kind == WORK_RUN) {
            cs_summary summary;
            if (cs_run_and_summarise(plan, "none", &options, &data, &summary, &err)) exit(1);
            cs_summary_free(&summary);
        } else if (cs_engine_run(plan, &options, &data, &err)) exit(1);
        cs_run_data_free(&data);
    }
    return cs_clock_seconds() - start;
}

static double median_of(double *seconds, int repeats)
{
    gsl_sort(seconds, 1, (size_t)repeats);
    return gsl_stats_median_from_sorted_data(seconds, 1, (size_t)repeats);
}

static double median_seconds(const cs_plan *plan, work_kind kind, size_t trials, int threads, int repeats)
{
    double seconds[32];
    time_once(plan, kind, trials / 10 + 1, threads); /* warm up */
    for (int r = 0; r < repeats; r++) seconds[r] = time_once(plan, kind, trials, threads);
    return median_of(seconds, repeats);
}

/* Nanoseconds a block for the batched Philox of PATH (one thread). */
static double philox_ns_per_block(cs_simd_path path, int repeats)
{
    enum { N = 1 << 16, ROUNDS = 64 };
    uint32_t *block = calloc(N, sizeof *block), *site = malloc(N * sizeof *site), *words = malloc(4 * N * 4);
    uint32_t *word[4] = {words, words + N, words + 2 * N, words + 3 * N};
    for (size_t i = 0; i < N; i++) site[i] = (uint32_t)i;
    cs_philox_batch_fn batch = cs_philox_batch_for(path);
    philox4x32_key_t key = {{1, 0}};
    double seconds[32];
    for (int r = 0; r < repeats; r++) {
        double start = cs_clock_seconds();
        for (uint32_t round = 0; round < ROUNDS; round++) batch(key, round, 7, block, site, N, word);
        seconds[r] = cs_clock_seconds() - start;
    }
    volatile uint32_t sink = words[N / 2];
    (void)sink;
    free(block);
    free(site);
    free(words);
    return 1e9 * median_of(seconds, repeats) / ((double)N * ROUNDS);
}

static void load(const char *relative, cs_plan *plan)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", CSSIM_SOURCE_DIR, relative);
    cs_error err;
    if (cs_plan_load(plan, path, &err)) {
        cs_error_print(&err, stderr);
        exit(2);
    }
}

static void bench_plan(const char *label, const char *relative, size_t trials, int repeats)
{
    cs_plan plan;
    load(relative, &plan);
    cs_draws draws;
    if (cs_draws_init(&draws, (size_t)plan.years, plan.n_ccgs) != CS_OK) exit(1);
    size_t blocks = draws.used_blocks;
    cs_draws_free(&draws);
    cs_simd_path path = cs_simd_select();
    double block_ns = philox_ns_per_block(path, repeats);
    int cores = omp_get_num_procs();
    double n = (double)trials;
    double floor1 = median_seconds(&plan, WORK_FLOOR, trials, 1, repeats) / n;
    double engine1 = median_seconds(&plan, WORK_ENGINE, trials, 1, repeats) / n;
    double run1 = median_seconds(&plan, WORK_RUN, trials, 1, repeats) / n;
    double engine_all = median_seconds(&plan, WORK_ENGINE, trials, cores, repeats) / n;
    double run_all = median_seconds(&plan, WORK_RUN, trials, cores, repeats) / n;
    double philox_us = block_ns * (double)blocks / 1e3;
    printf("%s: %s (%zu CCGs, %d years), %zu trials, median of %d\n", label, plan.id, plan.n_ccgs, plan.years, trials,
           repeats);
    printf("  Philox path %-7s %.2f ns a block x %zu blocks a trial = %.3f us\n", cs_simd_name(path), block_ns, blocks,
           philox_us);
    printf("  random-number floor, 1 thread:      %.3f us a trial (Philox %.3f + samplers %.3f)\n", 1e6 * floor1,
           philox_us, 1e6 * floor1 - philox_us);
    printf("  engine, 1 thread:                   %.3f us a trial (%.0f trials/s)\n", 1e6 * engine1, 1 / engine1);
    printf("  full run (engine + summary), 1 thread: %.3f us a trial (%.0f trials/s)\n", 1e6 * run1, 1 / run1);
    printf("  full run / floor:                   %.2f\n", run1 / floor1);
    printf("  %d threads: engine %.0f trials/s (speed-up %.2f), full run %.0f trials/s (speed-up %.2f)\n", cores,
           1 / engine_all, engine1 / engine_all, 1 / run_all, run1 / run_all);
    cs_plan_free(&plan);
}

/* Latin hypercube against plain sampling: the spread over SEEDS seeds of
** the mean final reserve and of P(viable) from TRIALS trials each (the
** standard error each method actually has), and the time a trial takes. */
static void bench_lhs(const char *relative, size_t trials, int seeds)
{
    cs_plan plan;
    load(relative, &plan);
    double *reserve = malloc(2 * (size_t)seeds * sizeof *reserve), *viable = malloc(2 * (size_t)seeds * sizeof *viable);
    double seconds[2] = {0, 0};
    for (int lhs = 0; lhs < 2; lhs++)
        for (int s = 0; s < seeds; s++) {
            cs_run_options options = {.trials = trials, .seed = 1000 + (uint64_t)s, .threads = 1, .lhs = lhs,
                                      .light = 1};
            cs_run_data data;
            cs_error err;
            double start = omp_get_wtime();
            if (cs_engine_run(&plan, &options, &data, &err)) exit(1);
            seconds[lhs] += omp_get_wtime() - start;
            reserve[lhs * seeds + s] = gsl_stats_mean(data.final_reserve, 1, trials);
            viable[lhs * seeds + s] = (double)data.viable_count / (double)trials;
            cs_run_data_free(&data);
        }
    double sd_reserve[2], sd_viable[2];
    for (int lhs = 0; lhs < 2; lhs++) {
        sd_reserve[lhs] = gsl_stats_sd(reserve + lhs * seeds, 1, (size_t)seeds);
        sd_viable[lhs] = gsl_stats_sd(viable + lhs * seeds, 1, (size_t)seeds);
    }
    double per_trial = 1e6 / ((double)trials * seeds);
    printf("Latin hypercube vs plain: %s, %zu trials, sd over %d seeds\n", plan.id, trials, seeds);
    printf("  mean final reserve: SE plain %.4f m, LHS %.4f m (ratio %.2f, as many trials as %.1fx plain)\n",
           sd_reserve[0] / 1e6, sd_reserve[1] / 1e6, sd_reserve[1] / sd_reserve[0],
           (sd_reserve[0] / sd_reserve[1]) * (sd_reserve[0] / sd_reserve[1]));
    printf("  P(viable):          SE plain %.5f, LHS %.5f (ratio %.2f)\n", sd_viable[0], sd_viable[1],
           sd_viable[1] / sd_viable[0]);
    printf("  engine, 1 thread:   plain %.3f us a trial, LHS %.3f us\n", seconds[0] * per_trial, seconds[1] * per_trial);
    free(reserve);
    free(viable);
    cs_plan_free(&plan);
}

/* Run EXE with ARGS; returns wall seconds and, in *peak_kib, peak RSS. */
/* What the cache of quantile tables saves: RUNS runs of TRIALS trials under
** LHS (every beta drawn through a table), as a sweep or drivers does them,
** each building its tables against one cache for them all. */
static void bench_tables(const char *relative, size_t trials, int runs)
{
    cs_plan plan;
    load(relative, &plan);
    cs_dist_table_cache tables;
    cs_dist_table_cache_init(&tables);
    double seconds[2] = {0, 0};
    for (int cached = 0; cached < 2; cached++)
        for (int r = 0; r < runs; r++) {
            cs_run_options options = {.trials = trials, .seed = 1, .threads = 1, .lhs = 1, .light = 1,
                                      .tables = cached ? &tables : NULL};
            cs_run_data data;
            cs_error err;
            double start = omp_get_wtime();
            if (cs_engine_run(&plan, &options, &data, &err)) exit(1);
            seconds[cached] += omp_get_wtime() - start;
            cs_run_data_free(&data);
        }
    printf("Quantile tables (beta and PERT, inverse draws): %s, %d LHS runs of %zu trials, 1 thread\n", plan.id,
           runs, trials);
    printf("  each run building its own: %.3f s; one cache for all: %.3f s (%lu tables built, %.1f ms each)\n",
           seconds[0], seconds[1], tables.built, 1e3 * (seconds[0] - seconds[1]) / ((double)runs - 1) /
           (double)(tables.built ? tables.built : 1));
    cs_dist_table_cache_free(&tables);
    cs_plan_free(&plan);
}

static double run_exe(const char *exe, char *const args[], long *peak_kib)
{
    double start = cs_clock_seconds();
    pid_t pid = fork();
    if (pid == 0) {
        int null_fd = open("/dev/null", O_WRONLY);
        dup2(null_fd, STDOUT_FILENO);
        dup2(null_fd, STDERR_FILENO);
        execv(exe, args);
        _exit(127);
    }
    int status;
    struct rusage usage;
    wait4(pid, &status, 0, &usage);
    double seconds = cs_clock_seconds() - start;
    if (peak_kib) *peak_kib = usage.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "cssim-bench: %s %s failed (status %d)\n", exe, args[1], status);
        exit(1);
    }
    return seconds;
}

/* The median wall time of EXE ARGS over REPEATS runs. */
static double median_exe(const char *exe, char *const args[], int repeats, long *peak_kib)
{
    double seconds[32];
    for (int r = 0; r < repeats; r++) seconds[r] = run_exe(exe, args, peak_kib);
    return median_of(seconds, repeats);
}

/* The command-level figures of one build; WORK is a scratch directory. */
typedef struct command_figures {
    double run_us, run_1m_seconds, batch_seconds;
    long run_1m_kib;
} command_figures;

static command_figures bench_commands(const char *exe, const char *work, int repeats)
{
    command_figures figures;
    char plan[1024], plans[1024], scenarios[1024], json[1100], batch_out[1100];
    snprintf(plan, sizeof plan, "%s/plans/greater-east-midlands.json", CSSIM_SOURCE_DIR);
    snprintf(plans, sizeof plans, "%s/plans", CSSIM_SOURCE_DIR);
    snprintf(scenarios, sizeof scenarios, "%s/scenarios", CSSIM_SOURCE_DIR);
    snprintf(json, sizeof json, "%s/run.json", work); /* a file of its own: never a device */
    char *run_args[] = {"cssim", "run", plan, "--trials", "300000", "--threads", "1", "--format", "json", "--out",
                        json, NULL};
    figures.run_us = 1e6 * median_exe(exe, run_args, repeats, NULL) / 300000;
    char *big_args[] = {"cssim", "run", plan, "--trials", "1000000", "--format", "json", "--out", json, NULL};
    figures.run_1m_seconds = run_exe(exe, big_args, &figures.run_1m_kib);
    snprintf(batch_out, sizeof batch_out, "%s/batch-%d", work, (int)getpid()); /* new: batch replaces only its own */
    char *batch_args[] = {"cssim", "batch", plans, "--scenarios", scenarios, "--out", batch_out, NULL};
    figures.batch_seconds = median_exe(exe, batch_args, repeats > 3 ? 3 : repeats, NULL);
    return figures;
}

/* The CPU seconds (user + system) process PID has used, from /proc. */
static double process_cpu_seconds(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *stat = fopen(path, "r");
    unsigned long user = 0, system_time = 0;
    if (stat) {
        if (fscanf(stat, "%*d (%*[^)]) %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &user, &system_time) != 2)
            user = system_time = 0;
        fclose(stat);
    }
    return (double)(user + system_time) / (double)sysconf(_SC_CLK_TCK);
}

/* cssim serve on the largest plan: the latency of /api/run updates of 100000
** and 10000 trials (each request moves churn.mean, as a drag does), median
** and P95 over 20 requests, on 1 and 2 threads. */
static void bench_serve(void)
{
    enum { REQUESTS = 20 };
    char plan[1024];
    snprintf(plan, sizeof plan, "%s/plans/greater-east-midlands.json", CSSIM_SOURCE_DIR);
    printf("cssim serve, largest plan: /api/run latency over %d requests (charts included)\n", REQUESTS);
    for (int threads = 1; threads <= 2; threads++) {
        char thread_text[8];
        snprintf(thread_text, sizeof thread_text, "%d", threads);
        char *args[] = {plan, "--threads", thread_text, "--trials", "100000", "--port", "0", NULL};
        serve_child child;
        if (serve_child_start(&child, CSSIM_EXE, NULL, NULL, args, NULL) != 0) {
            printf("  the server did not start\n");
            return;
        }
        char headers[128];
        snprintf(headers, sizeof headers, "X-Cssim-Token: %s\r\n", child.token);
        const size_t trials[] = {100000, 10000};
        for (size_t k = 0; k < 2; k++) {
            double seconds[REQUESTS], cpu_before = process_cpu_seconds(child.pid);
            for (int r = 0; r < REQUESTS; r++) {
                char body[128];
                snprintf(body, sizeof body, "{\"set\": {\"churn.mean\": %.4f}, \"trials\": %zu}", 0.02 + 0.001 * r,
                         trials[k]);
                serve_response response;
                double start = cs_clock_seconds();
                int failed = serve_request(&child, "POST", "/api/run", headers, body, strlen(body), &response);
                seconds[r] = cs_clock_seconds() - start;
                if (failed || response.status != 200) printf("  request failed (%d)\n", response.status);
                serve_response_free(&response);
            }
            double median = median_of(seconds, REQUESTS); /* sorts them */
            double p95 = gsl_stats_quantile_from_sorted_data(seconds, 1, REQUESTS, 0.95);
            double cpu = (process_cpu_seconds(child.pid) - cpu_before) / REQUESTS;
            printf("  %d thread%s, %6zu trials: median %.3f s, P95 %.3f s (server CPU %.3f s a request)\n", threads,
                   threads > 1 ? "s" : " ", trials[k], median, p95, cpu);
        }
        serve_child_stop(&child);
    }
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"trials", required_argument, NULL, 'n'}, {"repeats", required_argument, NULL, 'r'},
        {"quick", no_argument, NULL, 'q'},       {"before", required_argument, NULL, 'b'},
        {"serve", no_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},        {0, 0, 0, 0},
    };
    size_t trials = 300000;
    int repeats = 5, quick = 0, serve_only = 0;
    const char *before = NULL;
    for (int option; (option = getopt_long(argc, argv, "n:r:qb:Sh", options, NULL)) != -1;) {
        switch (option) {
        case 'n': trials = strtoul(optarg, NULL, 10); break;
        case 'r': repeats = atoi(optarg); break;
        case 'q': quick = 1; break;
        case 'b': before = optarg; break;
        case 'S': serve_only = 1; break;
        default:
            printf("Usage: cssim-bench [--trials N (300000)] [--repeats R (5, at most 31)] [--quick] [--before PATH]\n"
                   "                  [--serve]\n"
                   "Prints cssim's speed and memory figures; --quick skips the commands; --before PATH also times\n"
                   "another build of cssim (e.g. an earlier commit) on the same commands, side by side; --serve\n"
                   "prints only the live page's update latency (cssim serve).\n");
            return option == 'h' ? 0 : 2;
        }
    }
    if (repeats < 1 || repeats > 31 || trials < 10) {
        fprintf(stderr, "cssim-bench: --repeats 1..31, --trials >= 10\n");
        return 2;
    }
    printf("cssim %s benchmark; %d cores; Philox4x32-10, batched (%s), GSL's samplers inline\n", cs_version(),
           omp_get_num_procs(), cs_simd_name(cs_simd_select()));
    if (serve_only) {
        bench_serve();
        return 0;
    }
    bench_plan("example plan", "plans/west-yorkshire.json", trials, repeats);
    bench_plan("largest plan", "plans/greater-east-midlands.json", trials, repeats);
    bench_lhs("plans/west-yorkshire.json", 10000, 50);
    bench_lhs("plans/greater-east-midlands.json", 10000, 50);
    bench_tables("plans/west-yorkshire.json", 2000, 21);
    if (quick) return 0;

    char work[] = "/tmp/cssim-bench-XXXXXX";
    if (!mkdtemp(work)) return 1;
    command_figures now = bench_commands(CSSIM_EXE, work, repeats), then = {0};
    if (before) then = bench_commands(before, work, repeats);
    printf("commands (median of %d)%s\n", repeats, before ? "             this build   --before" : "");
    printf("  run, largest plan, 300000 trials, 1 thread: %8.3f us a trial", now.run_us);
    if (before) printf("   %8.3f  (%.2fx faster)", then.run_us, then.run_us / now.run_us);
    printf("\n  run, largest plan, 1000000 trials: wall    %8.2f s", now.run_1m_seconds);
    if (before) printf("          %8.2f s", then.run_1m_seconds);
    printf("\n  run, largest plan, 1000000 trials: peak RSS %7.1f MB", now.run_1m_kib / 1024.0);
    if (before) printf("         %8.1f MB", then.run_1m_kib / 1024.0);
    printf("\n  batch, 25 plans x 3 scenarios x 100000:    %8.2f s", now.batch_seconds);
    if (before) printf("          %8.2f s (%.2fx faster)", then.batch_seconds, then.batch_seconds / now.batch_seconds);
    printf("\n");

    char plan[1024], json[1100];
    snprintf(plan, sizeof plan, "%s/plans/greater-east-midlands.json", CSSIM_SOURCE_DIR);
    snprintf(json, sizeof json, "%s/out.json", work);
    char *run_args[] = {"cssim", "run", plan, "--format", "json", "--out", json, NULL};
    char *drivers_args[] = {"cssim", "drivers", plan, "--format", "json", "--out", json, NULL};
    char *stress_args[] = {"cssim", "solve", plan, "--stress", "--format", "json", "--out", json, NULL};
    double run_seconds = median_exe(CSSIM_EXE, run_args, repeats, NULL);
    double drivers_seconds = median_exe(CSSIM_EXE, drivers_args, repeats > 3 ? 3 : repeats, NULL);
    double stress_seconds = run_exe(CSSIM_EXE, stress_args, NULL);
    printf("  drivers, largest plan, 100000 trials: %.2f s = %.1f x run (%.3f s); it takes 39 runs (30 before the "
           "Shapley chain of issue 19)\n",
           drivers_seconds,
           drivers_seconds / run_seconds, run_seconds);
    printf("  solve --stress, largest plan, 100000 trials: %.1f s (the limit is 60)\n", stress_seconds);
    char report_dir[1100], scenarios[1100];
    snprintf(report_dir, sizeof report_dir, "%s/report", work);
    snprintf(scenarios, sizeof scenarios, "%s/scenarios", CSSIM_SOURCE_DIR);
    char *report_args[] = {"cssim", "report", plan, "--scenarios", scenarios, "--out", report_dir, NULL};
    double report_seconds = median_exe(CSSIM_EXE, report_args, repeats > 3 ? 3 : repeats, NULL);
    printf("  report, largest plan, 3 scenarios x 100000 trials, charts included: %.2f s (the limit is 3)\n",
           report_seconds);

    bench_serve();

    char command[2048];
    snprintf(command, sizeof command,
             "/usr/bin/python3 -c 'import numpy' 2>/dev/null && /usr/bin/python3 %s/bench/numpy_ref.py %s %zu",
             CSSIM_SOURCE_DIR, plan, trials);
    printf("  numpy peer, largest plan (bench/numpy_ref.py, no summary): ");
    fflush(stdout);
    if (system(command) != 0) printf("python3-numpy not installed; skipped\n");
    char remove_work[1100];
    snprintf(remove_work, sizeof remove_work, "rm -rf %s", work);
    return system(remove_work) == 0 ? 0 : 1;
}
