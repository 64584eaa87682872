/* Fixture: calls two.c, which calls back. */
int alpha_two(void);

int alpha_one(void)
{
    return alpha_two() + 1; /* alpha_three() in a comment does not count */
}
