/*
 * Shared pieces of the analyze and compare commands: words for red lines
 * and verdicts (every verdict names the inputs that drive it), and the
 * text and JSON writers of one analysis.
 */
#ifndef DT_CLI_ANALYSIS_OUT_H
#define DT_CLI_ANALYSIS_OUT_H

#include <stdio.h>

#include <jansson.h>

#include "cli.h"

/* Describe red line k of run r into buf: "usa's red line on scope". */
void an_limit_name(const dt_scenario *sc, const dt_analysis_run *r, size_t k,
                   char *buf, size_t n);
/* Its bounds: "x >= 50", "sanctions_relief - 0.3 scope <= 0". */
void an_limit_bounds(const dt_scenario *sc, const dt_analysis_run *r, size_t k,
                     char *buf, size_t n);
/*
 * The verdict on agreement, naming the actors and red lines that drive
 * it, e.g. "no agreement: usa's red line on sanctions_relief and dprk's
 * no-deal utility cannot both hold".
 */
void an_verdict(const dt_scenario *sc, const dt_analysis_run *r, char *buf,
                size_t n);
/* Ids of lever effect e: "aid_freeze" or "aid_freeze+tariffs". */
void an_effect_name(const dt_scenario *sc, const dt_lever_effect *e, char *buf,
                    size_t n);
/* One sentence on what lever effect e does. */
void an_effect_summary(const dt_scenario *sc, const dt_lever_effect *e,
                       char *buf, size_t n);

/* Print "cannot analyse FILE: ..." and return the exit code for rc. */
int cli_analysis_error(const char *file, dt_status rc, const dt_error *err);

/* Writers; return 0 on success. */
int an_write_text(FILE *f, const dt_scenario *sc, const dt_analysis *an);
json_t *an_json(const dt_scenario *sc, const dt_analysis *an);

#endif
