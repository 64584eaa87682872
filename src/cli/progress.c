/*
 * The progress line on stderr of commands that may run long (forecast,
 * analyze): drawn from the library's progress callback (dt_progress_fn),
 * only when stderr is a terminal and the run has taken 2 s, or from the
 * start with --progress; never with --quiet; redrawn at most four times a
 * second; erased when the run ends, so that nothing of it is left.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define PROGRESS_DELAY  2.0  /* seconds before the line appears */
#define PROGRESS_PERIOD 0.25 /* seconds between two drawings */
#define PROGRESS_WIDTH  78   /* columns the line may take */

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void cli_progress_init(cli_progress *p, const char *what, int forced, int quiet)
{
    memset(p, 0, sizeof *p);
    p->what = what;
    p->forced = forced;
    p->on = !quiet && (forced || isatty(STDERR_FILENO));
    p->t0 = now();
    p->last = -1.0;
}

/* Draw text (cut to the width) over the line drawn before. */
static void draw(cli_progress *p, const char *text)
{
    size_t n = strlen(text), k;

    if (n > PROGRESS_WIDTH)
        n = PROGRESS_WIDTH;
    fputc('\r', stderr);
    fwrite(text, 1, n, stderr);
    for (k = n; k < p->width; k++) /* what the longer line left */
        fputc(' ', stderr);
    if (p->width > n)
        fprintf(stderr, "\r%.*s", (int)n, text);
    fflush(stderr);
    p->width = n;
}

/* Whether to draw now: shown at all, after the delay, at the rate. */
static int due(cli_progress *p, double t)
{
    if (!p->on || (!p->forced && t - p->t0 < PROGRESS_DELAY))
        return 0;
    return p->last < 0.0 || t - p->last >= PROGRESS_PERIOD;
}

int cli_progress_forecast(void *ud, double done, const char *stage)
{
    cli_progress *p = ud;
    double t = now(), el;
    char bar[21], line[256];
    size_t k, fill;

    if (!due(p, t) || done >= 1.0)
        return 0;
    el = t - p->t0;
    fill = (size_t)(done * 20.0);
    for (k = 0; k < 20; k++)
        bar[k] = k < fill ? '#' : '.';
    bar[20] = '\0';
    snprintf(line, sizeof line, "%s [%s] %3.0f%% %d:%02d %s", p->what, bar,
             floor(100.0 * done), (int)(el / 60.0), (int)fmod(el, 60.0), stage);
    draw(p, line);
    p->last = t;
    return 0;
}

int cli_progress_runs(void *ud, double done, const char *stage)
{
    cli_progress *p = ud;
    double t = now(), el;
    char line[256];

    if (done >= 1.0)
        p->runs++;
    if (!due(p, t))
        return 0;
    el = t - p->t0;
    snprintf(line, sizeof line,
             "%s: %zu %s forecasts of one issue done, %d:%02d", p->what,
             p->runs, stage, (int)(el / 60.0), (int)fmod(el, 60.0));
    draw(p, line);
    p->last = t;
    return 0;
}

void cli_progress_end(cli_progress *p)
{
    size_t k;

    if (!p->width)
        return;
    fputc('\r', stderr);
    for (k = 0; k < p->width; k++)
        fputc(' ', stderr);
    fputc('\r', stderr);
    fflush(stderr);
    p->width = 0;
}
