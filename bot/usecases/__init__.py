"""Use cases: one function per thing a user does; they own transactions and raise typed errors."""
