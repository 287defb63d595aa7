import { usePasswordCost } from '../api/session/passwords';

// Unit tests hash many passwords: a cheap scrypt cost keeps them fast. The real cost
// (OWASP's, passwords.ts) is restored by the tests that check it.
usePasswordCost({ N: 2 ** 10, r: 8, p: 1 });
