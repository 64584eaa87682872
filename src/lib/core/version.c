/*
 * What was built: the commit and the optional parts, fixed at configure
 * time (CMakeLists.txt, "Version and build features") so every front end
 * (the tool's --version, the Python package, the server) shows the same,
 * after curl's curl_version_info().
 */
#include "internal.h"

#ifndef DT_COMMIT
#define DT_COMMIT "unknown"
#endif
#ifndef DT_FEATURES
#define DT_FEATURES ""
#endif

const char *dt_build_commit(void)
{
    return DT_COMMIT;
}

const char *dt_build_features(void)
{
    return DT_FEATURES;
}
