/* Fixture: alpha's private header. */
int alpha_one(void);
