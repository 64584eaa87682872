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
#include "score.h"

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

#ifdef __cplusplus
}
#endif
#endif
