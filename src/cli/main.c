/* Placeholder CLI. */
#include <stdio.h>

#include <detente/detente.h>

int main(void)
{
    printf("detente %s\n", dt_version());
    return 0;
}
