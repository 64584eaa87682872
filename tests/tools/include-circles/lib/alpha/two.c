/* Fixture: calls one.c, which calls back. */
int alpha_one(void);

int alpha_two(void)
{
    return alpha_one() - 1;
}
