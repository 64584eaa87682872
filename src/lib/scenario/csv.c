/* Placeholder: the CSV actor-table parser is being written. */
#include "scenario/scenario_int.h"

dt_status dt__scenario_parse_csv(dt_scenario *sc, const char *buf,
                                 size_t len, dt__diag *d)
{
    (void)sc;
    (void)buf;
    (void)len;
    return dt__diag_at(d, DT_ESCENARIO, 0, 0, "CSV not supported yet");
}
