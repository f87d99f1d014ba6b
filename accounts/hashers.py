"""The password hasher: Argon2id at OWASP's recommended minimum.

Django's Argon2 defaults (100 MiB, 2 passes, 8 lanes) cost about 220 ms of CPU per
login check on this machine's cores; at the Sunday rush one arrival in ten logs in
with a password, and sixteen concurrent logins would hold 1.6 GiB. OWASP's Password
Storage Cheat Sheet gives m=19 MiB, t=2, p=1 as a minimum configuration for
Argon2id: about 26 ms a check (BENCHMARKS.md, issue 15). The algorithm name stays
"argon2", so hashes made with Django's defaults still verify, and Django rewrites
them with these parameters at the person's next login (must_update)."""

from django.contrib.auth.hashers import Argon2PasswordHasher

# OWASP's minimum for Argon2id; lower any of them and a test fails.
OWASP_MEMORY_KIB = 19 * 1024
OWASP_TIME_COST = 2
OWASP_PARALLELISM = 1


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    memory_cost = OWASP_MEMORY_KIB
    time_cost = OWASP_TIME_COST
    parallelism = OWASP_PARALLELISM
