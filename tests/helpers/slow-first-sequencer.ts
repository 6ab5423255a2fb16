import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, slowest first. Vitest orders a project's files by the durations it
 * cached on the last run, or by file size without a cache (a clean clone in CI). Neither serves the
 * PostgreSQL pass: it shares project names with the embedded pass, whose cached durations say that
 * its PostgreSQL-only files (skipped there) are instant, so one of them ran last and alone. Started
 * first, a long file overlaps the many short ones on the other worker instead of trailing them.
 */
const SLOW_FIRST = [
  'tests/integration/security/fuzz.test.ts',
  'tests/integration/backup.test.ts',
  'tests/integration/pooled-postgres.test.ts',
  'tests/integration/security/permissions.test.ts',
  'tests/integration/stream-access.test.ts',
  'tests/integration/cli.test.ts',
  'tests/integration/config-and-startup.test.ts',
  'tests/integration/security/cross-tenant.test.ts',
  'tests/integration/psa-providers.test.ts',
  'tests/integration/delivery-crash.test.ts',
  'tests/integration/psa-history-import.test.ts',
];

const rank = (spec: TestSpecification) => {
  const i = SLOW_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
  return i === -1 ? SLOW_FIRST.length : i;
};

/** Vitest's order (projects one after another), with each project's known slow files moved first. */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort(
        (a, b) =>
          (a.spec.project.name === b.spec.project.name ? rank(a.spec) - rank(b.spec) : 0) ||
          a.index - b.index,
      )
      .map(({ spec }) => spec);
  }
}
