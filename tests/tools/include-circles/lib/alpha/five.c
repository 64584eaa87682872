/* Fixture: calls three.c one way. */
struct s;
int alpha_three(const struct s *p);

int alpha_five(const struct s *p)
{
    return alpha_three(p);
}
