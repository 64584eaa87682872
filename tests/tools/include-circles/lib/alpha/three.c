/*
 * Fixture: calls one.c one way; five.c calls it, and the names of
 * five.c's function below are a member, a string and this comment's
 * alpha_five(), none of which counts.
 */
struct s {
    int alpha_five;
};

int alpha_one(void);

static int helper(void)
{
    return alpha_one();
}

int alpha_three(const struct s *p, struct s q)
{
    const char *t = "alpha_five()";

    (void)t;
    return helper() + p->alpha_five + q.alpha_five;
}
