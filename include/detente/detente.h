/*
 * detente: umbrella header of libdetente, a library that models
 * multi-party negotiations. Include this for everything but the charts
 * and reports, which live in libdetente-report (cairo, pango): include
 * <detente/chart.h> and <detente/report.h> for those and link both
 * libraries.
 */
#ifndef DETENTE_H
#define DETENTE_H

#include "error.h"
#include "rng.h"
#include "scenario.h"
#include "model.h"
#include "eu.h"
#include "exchange.h"
#include "deu.h"
#include "backtest.h"
#include "analysis.h"
#include "smp.h"
#include "forecast.h"
#include "doc.h"
#include "game.h"
#include "games.h"
#include "sweep.h"
#include "vary.h"
#include "diff.h"
#include "score.h"
#include "estimates.h"
#include "scoring.h"
#include "seal.h"
#include "sobol.h"
#include "cases.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * libdetente uses GSL (nbs, the Nash deal) and GLPK (the zone). It checks
 * inputs before calling them, but GSL's default error handler aborts the
 * process on any error it reports: a host program that prefers status
 * codes calls gsl_set_error_handler_off() once at start-up, as the
 * detente tool does. The library never changes that process-wide setting
 * itself.
 */

/* Library version, "MAJOR.MINOR.PATCH". */
DT_API const char *dt_version(void);

/*
 * The commit the build came from (git's abbreviated hash, with "-dirty"
 * when the tree had uncommitted changes), or "unknown" when it was built
 * from outside a git checkout (a release tarball records its commit).
 */
DT_API const char *dt_build_commit(void);

/*
 * The optional parts this build of detente includes, space-separated in
 * this order, each present or not: "mpi" (detente sweep --mpi),
 * "report" (libdetente-report: charts, HTML, PDF), "serve" (the
 * workbench, detente serve). An empty string when none.
 */
DT_API const char *dt_build_features(void);

#ifdef __cplusplus
}
#endif
#endif
