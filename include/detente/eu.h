/*
 * detente: inspection of the expected-utility model's last round (risk
 * phase and pairwise offer detail). Placeholder, being written.
 */
#ifndef DETENTE_EU_H
#define DETENTE_EU_H

#include "model.h"

#endif
