import { useCheapPasswordHashingForTests } from '../../server/modules/auth/passwords';

// Setup file of the database projects (vitest.config.ts): the accounts the tests create in this process
// are hashed at the lowest argon2id cost instead of about 20 ms of CPU each. Server processes the tests
// start keep the production parameters, and server/modules/auth/passwords.test.ts checks those.
useCheapPasswordHashingForTests();
