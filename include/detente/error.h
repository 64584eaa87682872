/*
 * detente: status codes and error detail.
 *
 * Every fallible library call returns a dt_status (DT_OK == 0) and, on
 * failure only, fills the optional dt_error it was given.
 */
#ifndef DETENTE_ERROR_H
#define DETENTE_ERROR_H

#include <stddef.h>

#if defined(DT_BUILDING_LIB)
#define DT_API __attribute__((visibility("default")))
#else
#define DT_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * X(name, value, description). One table generates the enum and
 * dt_status_str(). DT_NOT_CONVERGED is indicative, not an error: the
 * computation finished but did not meet its stopping rule.
 */
#define DT_STATUS_MAP(X)                                                       \
    X(OK, 0, "ok")                                                             \
    X(NOT_CONVERGED, 1, "not converged")                                       \
    X(EINVAL, 2, "invalid argument")                                           \
    X(ESCENARIO, 3, "invalid scenario")                                        \
    X(EIO, 4, "input/output error")                                            \
    X(ENOMEM, 5, "out of memory")                                              \
    X(ERANGE, 6, "value out of range")                                         \
    X(EINTERNAL, 7, "internal error")                                          \
    X(ECANCELED, 8, "canceled by the caller")

typedef enum dt_status {
#define DT__STATUS_ENUM(name, value, desc) DT_##name = value,
    DT_STATUS_MAP(DT__STATUS_ENUM)
#undef DT__STATUS_ENUM
} dt_status;

/*
 * Detail of one failure. `file` is the scenario or data file concerned
 * (empty when none), `line` and `col` are 1-based (0 when unknown). `msg`
 * never repeats the location; dt_error_format() joins them.
 */
typedef struct dt_error {
    dt_status code; /* the status that was returned */
    char msg[256];  /* what went wrong, lowercase, no final full stop */
    char file[256]; /* file concerned, or "" */
    unsigned line;  /* 1-based line, 0 if unknown */
    unsigned col;   /* 1-based column, 0 if unknown */
} dt_error;

/* Static description of a status code; never NULL. Thread-safe. */
DT_API const char *dt_status_str(dt_status s);

/*
 * Write "file:line:col: msg" (omitting the parts that are unknown) into
 * buf, truncating to n bytes including the terminating NUL. Returns the
 * length the full text would have had, like snprintf.
 */
DT_API int dt_error_format(const dt_error *e, char *buf, size_t n);

/*
 * Progress of a long call (dt_model_solve, dt_forecast_new and the calls
 * that forecast through them), after curl's CURLOPT_XFERINFOFUNCTION:
 * `done` is the fraction done, in [0, 1], never decreasing within one
 * call and 1 when the call finishes; `stage` says what is running (e.g.
 * "eu on issue 'i3'", borrowed for the call). Called between steps (a
 * round of a model) on the thread that runs the model: the calling
 * thread for dt_model_solve, dt_forecast_new and dt_analyze (whose
 * model_opts it may be set in); a sweep or backtest given it in their
 * model_opts would call it from their worker threads, so leave it NULL
 * there (their front ends report draws and folds themselves). How often
 * it comes depends on the work, so a front end that draws should limit
 * its own rate. Return 0 to go on, nonzero to cancel: the
 * call then stops at once and returns DT_ECANCELED. The library never
 * prints progress: this is the only way it reports it.
 */
typedef int (*dt_progress_fn)(void *ud, double done, const char *stage);

/*
 * Callback receiving every error found by a validating call (one call per
 * error, in file order). `e` is borrowed for the duration of the call.
 */
typedef void (*dt_diag_fn)(void *ud, const dt_error *e);

/*
 * Allocator hook, after Lua's lua_Alloc: realloc(ud, p, old, new) with
 * new == 0 meaning free. Returns NULL on failure (for new > 0). A NULL
 * dt_allocator pointer anywhere in the API means the C library's.
 */
typedef struct dt_allocator {
    void *(*realloc)(void *ud, void *p, size_t old_size, size_t new_size);
    void *ud; /* passed through to realloc */
} dt_allocator;

/*
 * Output callback, after Lua's lua_Writer: write the n bytes at p
 * (borrowed for the call). Returns DT_OK, or a status that stops the
 * writer and is returned by it. Every writer of the library (documents,
 * JSON, charts, reports) writes through one; the library never opens a
 * file.
 */
typedef dt_status (*dt_write_fn)(void *ud, const void *p, size_t n);

#ifdef __cplusplus
}
#endif
#endif
