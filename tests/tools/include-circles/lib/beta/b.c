/* Fixture: includes its own private header and, wrongly, alpha's. */
#include "alpha/alpha_int.h"
#include "beta_int.h"

int beta(void)
{
    return alpha_one();
}
