/*
** cssim_bench.c: the speed and memory figures of cssim, one per line.
**
** For the example plan and the largest plan in plans/: trials per second on
** one thread (median of several repetitions), the random-number floor (the
** same draws with no model arithmetic) and the ratio of the run to it, and
** trials per second on every core with the speed-up.  Then the peak
** resident memory of `cssim run` at 1,000,000 trials and the wall time of
** the whole batch, both measured on the real executable.
**
** Usage: cssim-bench [--trials N] [--repeats R] [--quick]
*/
#define _GNU_SOURCE
#include <getopt.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "cs_engine.h"
#include "cs_progress.h"
#include "cs_run_record.h"
#include "cs_summary.h"

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

static double median_seconds(const cs_plan *plan, work_kind kind, size_t trials, int threads, int repeats)
{
    double seconds[32];
    time_once(plan, kind, trials / 10 + 1, threads); /* warm up */
    for (int r = 0; r < repeats; r++) seconds[r] = time_once(plan, kind, trials, threads);
    gsl_sort(seconds, 1, (size_t)repeats);
    return gsl_stats_median_from_sorted_data(seconds, 1, (size_t)repeats);
}

static void bench_plan(const char *label, const char *relative, size_t trials, int repeats)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", CSSIM_SOURCE_DIR, relative);
    cs_plan plan;
    cs_error err;
    if (cs_plan_load(&plan, path, &err)) {
        cs_error_print(&err, stderr);
        exit(2);
    }
    int cores = omp_get_num_procs();
    double engine1 = median_seconds(&plan, WORK_ENGINE, trials, 1, repeats);
    double run1 = median_seconds(&plan, WORK_RUN, trials, 1, repeats);
    double floor1 = median_seconds(&plan, WORK_FLOOR, trials, 1, repeats);
    double engine_all = median_seconds(&plan, WORK_ENGINE, trials, cores, repeats);
    double run_all = median_seconds(&plan, WORK_RUN, trials, cores, repeats);
    double n = (double)trials;
    printf("%s: %s (%zu CCGs, %d years), %zu trials, median of %d\n", label, plan.id, plan.n_ccgs, plan.years,
           trials, repeats);
    printf("  trials/s, 1 thread, engine:                 %.0f\n", n / engine1);
    printf("  trials/s, 1 thread, engine + summary:       %.0f\n", n / run1);
    printf("  random-number floor, 1 thread, trials/s:    %.0f\n", n / floor1);
    printf("  engine / floor:                             %.2f\n", engine1 / floor1);
    printf("  engine + summary / floor:                   %.2f\n", run1 / floor1);
    printf("  trials/s, %d threads, engine:                %.0f (speed-up %.2f)\n", cores, n / engine_all,
           engine1 / engine_all);
    printf("  trials/s, %d threads, engine + summary:      %.0f (speed-up %.2f)\n", cores, n / run_all,
           run1 / run_all);
    cs_plan_free(&plan);
}

/* Run the cssim executable with ARGS; returns wall seconds and peak RSS (KiB). */
static double run_exe(char *const args[], long *peak_kib)
{
    double start = cs_clock_seconds();
    pid_t pid = fork();
    if (pid == 0) {
        int null_fd = open("/dev/null", 1);
        dup2(null_fd, STDOUT_FILENO);
        dup2(null_fd, STDERR_FILENO);
        execv(CSSIM_EXE, args);
        _exit(127);
    }
    int status;
    struct rusage usage;
    wait4(pid, &status, 0, &usage);
    double seconds = cs_clock_seconds() - start;
    if (peak_kib) *peak_kib = usage.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "cssim-bench: %s %s failed (status %d)\n", args[0], args[1], status);
        exit(1);
    }
    return seconds;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"trials", required_argument, NULL, 'n'},
        {"repeats", required_argument, NULL, 'r'},
        {"quick", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    size_t trials = 200000;
    int repeats = 5, quick = 0;
    for (int option; (option = getopt_long(argc, argv, "n:r:qh", options, NULL)) != -1;) {
        switch (option) {
        case 'n': trials = strtoul(optarg, NULL, 10); break;
        case 'r': repeats = atoi(optarg); break;
        case 'q': quick = 1; break;
        default:
            printf("Usage: cssim-bench [--trials N (200000)] [--repeats R (5, at most 31)] [--quick]\n"
                   "Prints cssim's speed and memory figures; --quick skips the 1,000,000-trial run and the batch.\n");
            return option == 'h' ? 0 : 2;
        }
    }
    if (repeats < 1 || repeats > 31 || trials < 10) {
        fprintf(stderr, "cssim-bench: --repeats 1..31, --trials >= 10\n");
        return 2;
    }
    printf("cssim %s benchmark; %d cores; generator Philox4x32-10 (Random123) behind gsl_rng\n", cs_version(),
           omp_get_num_procs());
    bench_plan("example plan", "plans/west-yorkshire.json", trials, repeats);
    bench_plan("largest plan", "plans/greater-east-midlands.json", trials, repeats);
    if (quick) return 0;

    char plan[1024], out[64] = "/tmp/cssim-bench-XXXXXX";
    snprintf(plan, sizeof plan, "%s/plans/greater-east-midlands.json", CSSIM_SOURCE_DIR);
    if (!mkdtemp(out)) return 1;
    char report[128];
    snprintf(report, sizeof report, "%s/run.json", out);
    long peak;
    char *run_args[] = {"cssim", "run", plan, "--trials", "1000000", "--format", "json", "--out", report, NULL};
    double run_seconds = run_exe(run_args, &peak);
    printf("cssim run, largest plan, 1000000 trials: %.2f s wall, peak RSS %.1f MB\n", run_seconds, peak / 1024.0);

    char plans[1024], scenarios[1024];
    snprintf(plans, sizeof plans, "%s/plans", CSSIM_SOURCE_DIR);
    snprintf(scenarios, sizeof scenarios, "%s/scenarios", CSSIM_SOURCE_DIR);
    char batch_out[128];
    snprintf(batch_out, sizeof batch_out, "%s/batch", out); /* a new directory: batch replaces only its own */
    char *batch_args[] = {"cssim", "batch", plans, "--scenarios", scenarios, "--out", batch_out, NULL};
    double batch_seconds = run_exe(batch_args, &peak);
    printf("cssim batch, 25 plans x 3 scenarios x 100000 trials: %.2f s wall, peak RSS %.1f MB\n", batch_seconds,
           peak / 1024.0);
    return 0;
}
