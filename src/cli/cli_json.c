/* Shared jansson helpers of the CLI's JSON writers: see cli_json.h. */
#include <math.h>

#include "cli_json.h"

void cli_json_set(json_t *obj, const char *key, json_t *val)
{
    if (obj && val)
        json_object_set_new(obj, key, val);
    else
        json_decref(val);
}

json_t *cli_json_num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

json_t *cli_json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}
