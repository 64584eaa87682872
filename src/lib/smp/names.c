/*
 * KTAB's names for the SMP parameter values. KTAB's C++ enums and its XML
 * schema spell some of them differently (Proportional / Prop,
 * ConditionalPCM / Conditional, DeterminsticSTM with its typo, NoRA /
 * None): every spelling is accepted, case-insensitively.
 */
#include <stddef.h>

#include "internal.h"

typedef struct alias {
    const char *name;
    int value;
} alias;

static int lookup(const alias *t, const char *s, int *out)
{
    if (!s)
        return 0;
    for (; t->name; t++)
        if (dt__ieq(t->name, s)) {
            *out = t->value;
            return 1;
        }
    return 0;
}

#define DEFINE_PARSE(fn, type, ...)                                            \
    int fn(const char *s, type *out)                                           \
    {                                                                          \
        static const alias t[] = {__VA_ARGS__, {NULL, 0}};                     \
        int v;                                                                 \
                                                                               \
        if (!lookup(t, s, &v))                                                 \
            return 0;                                                          \
        *out = (type)v;                                                        \
        return 1;                                                              \
    }

DEFINE_PARSE(dt_smp_vote_parse, dt_smp_vote, {"Binary", DT_SMP_VOTE_BINARY},
             {"PropBin", DT_SMP_VOTE_PROP_BIN}, {"Prop", DT_SMP_VOTE_PROP},
             {"Proportional", DT_SMP_VOTE_PROP},
             {"PropCbc", DT_SMP_VOTE_PROP_CBC}, {"Cubic", DT_SMP_VOTE_CUBIC},
             {"ASymProsp", DT_SMP_VOTE_ASYM_PROSP})

DEFINE_PARSE(dt_smp_vpm_parse, dt_smp_vpm, {"Linear", DT_SMP_VPM_LINEAR},
             {"Square", DT_SMP_VPM_SQUARE}, {"Quartic", DT_SMP_VPM_QUARTIC},
             {"Octic", DT_SMP_VPM_OCTIC}, {"Binary", DT_SMP_VPM_BINARY})

DEFINE_PARSE(dt_smp_pce_parse, dt_smp_pce,
             {"Conditional", DT_SMP_PCE_CONDITIONAL},
             {"ConditionalPCM", DT_SMP_PCE_CONDITIONAL},
             {"MarkovUniform", DT_SMP_PCE_MARKOV_UNIFORM},
             {"MarkovUPCM", DT_SMP_PCE_MARKOV_UNIFORM},
             {"MarkovIncentive", DT_SMP_PCE_MARKOV_INCENTIVE},
             {"MarkovIPCM", DT_SMP_PCE_MARKOV_INCENTIVE})

DEFINE_PARSE(dt_smp_trans_parse, dt_smp_trans,
             {"Deterministic", DT_SMP_TRANS_DETERMINISTIC},
             {"DeterministicSTM", DT_SMP_TRANS_DETERMINISTIC},
             {"DeterminsticSTM", DT_SMP_TRANS_DETERMINISTIC},
             {"Stochastic", DT_SMP_TRANS_STOCHASTIC},
             {"StochasticSTM", DT_SMP_TRANS_STOCHASTIC})

DEFINE_PARSE(dt_smp_rrange_parse, dt_smp_rrange, {"Min", DT_SMP_RRANGE_MIN},
             {"Mid", DT_SMP_RRANGE_MID}, {"Max", DT_SMP_RRANGE_MAX})

DEFINE_PARSE(dt_smp_radjust_parse, dt_smp_radjust,
             {"None", DT_SMP_RADJUST_NONE}, {"NoRA", DT_SMP_RADJUST_NONE},
             {"OneThird", DT_SMP_RADJUST_ONE_THIRD},
             {"OneThirdRA", DT_SMP_RADJUST_ONE_THIRD},
             {"Half", DT_SMP_RADJUST_HALF}, {"HalfRA", DT_SMP_RADJUST_HALF},
             {"TwoThirds", DT_SMP_RADJUST_TWO_THIRDS},
             {"TwoThirdsRA", DT_SMP_RADJUST_TWO_THIRDS},
             {"Full", DT_SMP_RADJUST_FULL}, {"FullRA", DT_SMP_RADJUST_FULL})

DEFINE_PARSE(dt_smp_commit_parse, dt_smp_commit, {"NoCommit", DT_SMP_COMMIT_NO},
             {"No", DT_SMP_COMMIT_NO}, {"SemiCommit", DT_SMP_COMMIT_SEMI},
             {"Semi", DT_SMP_COMMIT_SEMI}, {"FullCommit", DT_SMP_COMMIT_FULL},
             {"Full", DT_SMP_COMMIT_FULL})

DEFINE_PARSE(dt_smp_interp_parse, dt_smp_interp, {"S1P1", DT_SMP_INTERP_S1P1},
             {"S2P2", DT_SMP_INTERP_S2P2})

DEFINE_PARSE(dt_smp_bargain_parse, dt_smp_bargain,
             {"InitOnlyInterp", DT_SMP_BARGAIN_INIT_ONLY},
             {"InitOnly", DT_SMP_BARGAIN_INIT_ONLY},
             {"InitRcvrInterp", DT_SMP_BARGAIN_INIT_RCVR},
             {"InitRcvr", DT_SMP_BARGAIN_INIT_RCVR})
