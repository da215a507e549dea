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
** One-thread figures are the thread's CPU time (clock_gettime), so that a
** shared machine's other work does not enter them; command figures give
** wall and CPU time.
**
** Usage: cssim-bench [--trials N] [--repeats R] [--quick] [--largest] [--before PATH]
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
#include <time.h>
#include <unistd.h>

#include "cs_engine.h"
#include "cs_philox.h"
#include "cs_progress.h"
#include "cs_rng.h"
#include "cs_run_record.h"
#include "cs_summary.h"
#include "serve_client.h"

typedef enum { WORK_ENGINE, WORK_RUN, WORK_FLOOR } work_kind;

/* The calling thread's CPU seconds.  A one-thread run works in the calling
** thread (num_threads(1)), so this is its time without what other programs
** on a shared machine take from it. */
static double thread_cpu_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
}

/* Seconds for one piece of work: CPU seconds on one thread, else wall. */
static double time_once(const cs_plan *plan, work_kind kind, size_t trials, int threads)
{
    cs_run_options options = {.trials = trials, .seed = 1, .threads = threads};
    cs_error err;
    double start = threads == 1 ? thread_cpu_seconds() : cs_clock_seconds();
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
    return (threads == 1 ? thread_cpu_seconds() : cs_clock_seconds()) - start;
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
        double start = thread_cpu_seconds();
        for (uint32_t round = 0; round < ROUNDS; round++) batch(key, round, 7, block, site, N, word);
        seconds[r] = thread_cpu_seconds() - start;
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

/* Run EXE with ARGS; returns wall seconds and, in *CPU (if not NULL), the
** child's user + system seconds, in *PEAK_KIB its peak RSS.  CPU time is the
** steadier figure on a shared machine. */
static double run_exe_cpu(const char *exe, char *const args[], long *peak_kib, double *cpu)
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
    if (cpu)
        *cpu = (double)usage.ru_utime.tv_sec + 1e-6 * (double)usage.ru_utime.tv_usec + (double)usage.ru_stime.tv_sec +
               1e-6 * (double)usage.ru_stime.tv_usec;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "cssim-bench: %s %s failed (status %d)\n", exe, args[1], status);
        exit(1);
    }
    return seconds;
}

static double run_exe(const char *exe, char *const args[], long *peak_kib)
{
    return run_exe_cpu(exe, args, peak_kib, NULL);
}

/* The median wall time of EXE ARGS over REPEATS runs, and in *CPU (if not
** NULL) the median CPU time. */
static double median_exe_cpu(const char *exe, char *const args[], int repeats, long *peak_kib, double *cpu)
{
    double seconds[32], cpus[32];
    for (int r = 0; r < repeats; r++) seconds[r] = run_exe_cpu(exe, args, peak_kib, &cpus[r]);
    if (cpu) *cpu = median_of(cpus, repeats);
    return median_of(seconds, repeats);
}

static double median_exe(const char *exe, char *const args[], int repeats, long *peak_kib)
{
    return median_exe_cpu(exe, args, repeats, peak_kib, NULL);
}

/* The command-level figures of one build; WORK is a scratch directory. */
typedef struct command_figures {
    double run_us, run_cpu_us, run_1m_seconds, batch_seconds, drivers_seconds, drivers_run_seconds, report_seconds;
    long run_1m_kib;
} command_figures;

static command_figures bench_commands(const char *exe, const char *work, int repeats)
{
    command_figures figures;
    char plan[1024], plans[1024], scenarios[1024], json[1100], batch_out[1100], report_dir[1100];
    snprintf(plan, sizeof plan, "%s/plans/greater-east-midlands.json", CSSIM_SOURCE_DIR);
    snprintf(plans, sizeof plans, "%s/plans", CSSIM_SOURCE_DIR);
    snprintf(scenarios, sizeof scenarios, "%s/scenarios", CSSIM_SOURCE_DIR);
    snprintf(json, sizeof json, "%s/run.json", work); /* a file of its own: never a device */
    char *run_args[] = {"cssim", "run", plan, "--trials", "300000", "--threads", "1", "--format", "json", "--out",
                        json, NULL};
    double cpu;
    figures.run_us = 1e6 * median_exe_cpu(exe, run_args, repeats, NULL, &cpu) / 300000;
    figures.run_cpu_us = 1e6 * cpu / 300000;
    char *big_args[] = {"cssim", "run", plan, "--trials", "1000000", "--format", "json", "--out", json, NULL};
    figures.run_1m_seconds = run_exe(exe, big_args, &figures.run_1m_kib);
    snprintf(batch_out, sizeof batch_out, "%s/batch-%d", work, (int)getpid()); /* new: batch replaces only its own */
    char *batch_args[] = {"cssim", "batch", plans, "--scenarios", scenarios, "--out", batch_out, NULL};
    int few = repeats > 3 ? 3 : repeats;
    figures.batch_seconds = median_exe(exe, batch_args, few, NULL);
    char *plain_args[] = {"cssim", "run", plan, "--format", "json", "--out", json, NULL};
    char *drivers_args[] = {"cssim", "drivers", plan, "--format", "json", "--out", json, NULL};
    figures.drivers_run_seconds = median_exe(exe, plain_args, repeats, NULL);
    figures.drivers_seconds = median_exe(exe, drivers_args, few, NULL);
    snprintf(report_dir, sizeof report_dir, "%s/report", work);
    char *report_args[] = {"cssim", "report", plan, "--scenarios", scenarios, "--out", report_dir, NULL};
    figures.report_seconds = median_exe(exe, report_args, few, NULL);
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

/* The largest plan's in-process figures (floor, full run) of another
** build, from its own cssim-bench beside it (PATH/../bench/cssim-bench),
** when it has one: *FLOOR and *RUN in us a trial, or 0. */
static void before_in_process(const char *exe, size_t trials, int repeats, double *floor, double *run)
{
    *floor = *run = 0;
    char bench[1100], command[1300], line[512];
    snprintf(bench, sizeof bench, "%s", exe);
    char *slash = strrchr(bench, '/');
    if (!slash) return;
    snprintf(slash + 1, sizeof bench - (size_t)(slash + 1 - bench), "bench/cssim-bench");
    if (access(bench, X_OK) != 0) return;
    snprintf(command, sizeof command, "%s --largest --trials %zu --repeats %d 2>/dev/null", bench, trials, repeats);
    FILE *out = popen(command, "r");
    if (!out) return;
    int largest = 0;
    while (fgets(line, sizeof line, out)) {
        if (strncmp(line, "largest plan", 12) == 0) largest = 1;
        else if (line[0] != ' ') largest = 0;
        char *colon = strchr(line, ':');
        if (!largest || !colon) continue;
        if (strstr(line, "random-number floor")) *floor = strtod(colon + 1, NULL);
        if (strstr(line, "full run (engine + summary)")) *run = strtod(colon + 1, NULL);
    }
    pclose(out);
}

/* The numpy peer on the largest plan: us a trial, wall and CPU (0 when
** python3-numpy is missing). */
static void numpy_peer(size_t trials, double *wall_us, double *cpu_us)
{
    char command[2048], line[512];
    *wall_us = *cpu_us = 0;
    snprintf(command, sizeof command,
             "/usr/bin/python3 -c 'import numpy' 2>/dev/null && /usr/bin/python3 %s/bench/numpy_ref.py "
             "%s/plans/greater-east-midlands.json %zu",
             CSSIM_SOURCE_DIR, CSSIM_SOURCE_DIR, trials);
    FILE *out = popen(command, "r");
    if (!out) return;
    while (fgets(line, sizeof line, out)) {
        char *comma = strstr(line, " s, "), *cpu = strstr(line, "(cpu ");
        if (comma) *wall_us = strtod(comma + 4, NULL);
        if (cpu) *cpu_us = strtod(cpu + 5, NULL);
    }
    pclose(out);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"trials", required_argument, NULL, 'n'}, {"repeats", required_argument, NULL, 'r'},
        {"quick", no_argument, NULL, 'q'},       {"before", required_argument, NULL, 'b'},
        {"serve", no_argument, NULL, 'S'},       {"largest", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},        {0, 0, 0, 0},
    };
    size_t trials = 300000;
    int repeats = 5, quick = 0, serve_only = 0, largest_only = 0;
    const char *before = NULL;
    for (int option; (option = getopt_long(argc, argv, "n:r:qb:Shl", options, NULL)) != -1;) {
        switch (option) {
        case 'n': trials = strtoul(optarg, NULL, 10); break;
        case 'r': repeats = atoi(optarg); break;
        case 'q': quick = 1; break;
        case 'b': before = optarg; break;
        case 'S': serve_only = 1; break;
        case 'l': largest_only = 1; break;
        default:
            printf("Usage: cssim-bench [--trials N (300000)] [--repeats R (5, at most 31)] [--quick] [--largest]\n"
                   "                   [--before PATH] [--serve]\n"
                   "Prints cssim's speed and memory figures; --quick skips the commands; --largest prints only the\n"
                   "largest plan's in-process figures; --before PATH also times another build of cssim (e.g. an\n"
                   "earlier commit) on the same commands, side by side, and its in-process figures when its\n"
                   "bench/cssim-bench (built from this file) is beside it; --serve prints only the live page's\n"
                   "update latency (cssim serve).\n");
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
    if (largest_only) { /* what --before reads from an earlier build's bench */
        bench_plan("largest plan", "plans/greater-east-midlands.json", trials, repeats);
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
    double then_floor = 0, then_run = 0;
    if (before) {
        then = bench_commands(before, work, repeats);
        before_in_process(before, trials, repeats, &then_floor, &then_run);
    }
    cs_plan largest;
    load("plans/greater-east-midlands.json", &largest);
    double now_floor = 1e6 * median_seconds(&largest, WORK_FLOOR, trials, 1, repeats) / (double)trials;
    double now_run = 1e6 * median_seconds(&largest, WORK_RUN, trials, 1, repeats) / (double)trials;
    cs_plan_free(&largest);
    double numpy_us, numpy_cpu_us;
    numpy_peer(trials, &numpy_us, &numpy_cpu_us);

    printf("side by side (median of %d; wall time unless marked cpu; a shared machine: read the ratios)\n", repeats);
    printf("  %-62s %12s %12s\n", "", "this build", before ? "--before" : "");
    printf("  %-62s %12.3f", "largest plan, full run, 1 thread, in process (us a trial)", now_run);
    if (then_run > 0) printf(" %12.3f  (%.2fx faster)", then_run, then_run / now_run);
    printf("\n  %-62s %12.3f", "largest plan, random-number floor (us a trial)", now_floor);
    if (then_floor > 0) printf(" %12.3f", then_floor);
    printf("\n  %-62s %12.3f", "cssim run, largest plan, 300000 trials, 1 thread (us a trial)", now.run_us);
    if (before) printf(" %12.3f  (%.2fx faster)", then.run_us, then.run_us / now.run_us);
    printf("\n  %-62s %12.3f", "  the same, cpu (us a trial; issue 23's target: 0.8)", now.run_cpu_us);
    if (before) printf(" %12.3f  (%.2fx faster)", then.run_cpu_us, then.run_cpu_us / now.run_cpu_us);
    if (numpy_us > 0) {
        printf("\n  %-62s %12.2f", "numpy peer / cssim run, 1 thread, 300000 trials (wall)", numpy_us / now.run_us);
        if (before) printf(" %12.2f", numpy_us / then.run_us);
        printf("\n  %-62s %12.2f", "numpy peer / cssim run (cpu; issue 23's target: 6)", numpy_cpu_us / now.run_cpu_us);
        if (before) printf(" %12.2f", numpy_cpu_us / then.run_cpu_us);
        printf("\n  %-62s %12.3f", "  numpy peer itself (us a trial, cpu)", numpy_cpu_us);
    } else {
        printf("\n  numpy peer: python3-numpy not installed; skipped");
    }
    printf("\n  %-62s %12.2f", "cssim run, largest plan, 1000000 trials: wall (s)", now.run_1m_seconds);
    if (before) printf(" %12.2f", then.run_1m_seconds);
    printf("\n  %-62s %12.1f", "cssim run, largest plan, 1000000 trials: peak RSS (MB)", now.run_1m_kib / 1024.0);
    if (before) printf(" %12.1f", then.run_1m_kib / 1024.0);
    printf("\n  %-62s %12.2f", "batch, 25 plans x 3 scenarios x 100000 (s)", now.batch_seconds);
    if (before) printf(" %12.2f  (%.2fx faster)", then.batch_seconds, then.batch_seconds / now.batch_seconds);
    printf("\n  %-62s %12.2f", "drivers, largest plan, 100000 trials (s)", now.drivers_seconds);
    if (before) printf(" %12.2f  (%.2fx faster)", then.drivers_seconds, then.drivers_seconds / now.drivers_seconds);
    printf("\n  %-62s %12.1f", "  drivers / run (it takes 39 runs)", now.drivers_seconds / now.drivers_run_seconds);
    if (before) printf(" %12.1f", then.drivers_seconds / then.drivers_run_seconds);
    printf("\n  %-62s %12.2f", "report, largest plan, 3 scenarios x 100000, charts (s; limit 3)", now.report_seconds);
    if (before) printf(" %12.2f  (%.2fx faster)", then.report_seconds, then.report_seconds / now.report_seconds);
    printf("\n");

    char plan[1024], json[1100];
    snprintf(plan, sizeof plan, "%s/plans/greater-east-midlands.json", CSSIM_SOURCE_DIR);
    snprintf(json, sizeof json, "%s/out.json", work);
    char *stress_args[] = {"cssim", "solve", plan, "--stress", "--format", "json", "--out", json, NULL};
    double stress_seconds = run_exe(CSSIM_EXE, stress_args, NULL);
    printf("  solve --stress, largest plan, 100000 trials: %.1f s (the limit is 60)\n", stress_seconds);

    bench_serve();

    char remove_work[1100];
    snprintf(remove_work, sizeof remove_work, "rm -rf %s", work);
    return system(remove_work) == 0 ? 0 : 1;
}
