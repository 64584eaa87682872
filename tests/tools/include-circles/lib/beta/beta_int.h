/* Fixture: beta's private header. */
int beta(void);
