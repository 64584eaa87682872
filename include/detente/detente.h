/*
 * detente: umbrella header of libdetente, a library that models
 * multi-party negotiations. Include this and nothing else.
 */
#ifndef DETENTE_H
#define DETENTE_H

#include "error.h"
#include "rng.h"
#include "scenario.h"
#include "model.h"
#include "eu.h"
#include "exchange.h"
#include "backtest.h"
#include "analysis.h"
#include "smp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Library version, "MAJOR.MINOR.PATCH". */
DT_API const char *dt_version(void);

#ifdef __cplusplus
}
#endif
#endif
