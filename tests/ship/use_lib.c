/*
 * A program built against an installed libdetente through pkg-config
 * (tests/ship/install_check.sh, tools/deb-check): loads a scenario,
 * forecasts it with the mean model and prints what it found.
 */
#include <stdio.h>

#include <detente/detente.h>

int main(int argc, char **argv)
{
    dt_scenario *sc = NULL;
    dt_forecast *fc = NULL;
    dt_error err = {0};
    const char *models[] = {"mean"};
    size_t i;

    if (argc != 2)
        return 2;
    printf("libdetente %s (commit %s; built with: %s)\n", dt_version(),
           dt_build_commit(), dt_build_features());
    if (dt_scenario_load(argv[1], NULL, &sc, &err) != DT_OK ||
        dt_forecast_new(sc, models, 1, NULL, &fc, &err) != DT_OK) {
        fprintf(stderr, "use_lib: %s\n", err.msg);
        dt_scenario_free(sc);
        return 1;
    }
    for (i = 0; i < dt_forecast_n_issues(fc); i++)
        printf("issue %zu: mean %.2f\n", i,
               dt_forecast_result(fc, i, 0)->point);
    dt_forecast_free(fc);
    dt_scenario_free(sc);
    return 0;
}
