/**
 * Checks of a schedule's input that zod shapes cannot express: a real IANA zone, a rotation start
 * that exists in it, and an RRULE the recurrence library accepts. Each returns a reason, or null.
 */
import { RRuleTemporal } from 'rrule-temporal';
import { zonedStart, type Rotation } from './rotation';

const IANA_NAME = /^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+)+)$/;
let zones: Set<string> | undefined;

/** An IANA zone name (Europe/London, America/New_York, UTC); abbreviations and offsets are refused. */
export function timeZoneProblem(tz: string): string | null {
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (!IANA_NAME.test(tz)) return 'an IANA time zone such as Europe/London';
  if (zones.has(tz)) return null;
  // Older aliases (Europe/Kiev) are not listed but still work.
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return null;
  } catch {
    return 'unknown time zone (use an IANA name such as Europe/London)';
  }
}

const ALLOWED_FREQ = /(^|;)FREQ=(YEARLY|MONTHLY|WEEKLY|DAILY|HOURLY)(;|$)/i;

export function rotationProblem(timeZone: string, rotation: Rotation): string | null {
  let start;
  try {
    start = zonedStart(timeZone, rotation.start);
  } catch {
    return 'start is not a valid date-time';
  }
  if (!('rrule' in rotation)) return null;
  const rrule = rotation.rrule.replace(/^RRULE:/i, '');
  if (/DTSTART|[\r\n]/i.test(rrule)) return 'give the rule without DTSTART: start is the rotation’s start';
  if (!ALLOWED_FREQ.test(rrule))
    return 'rrule needs FREQ=YEARLY, MONTHLY, WEEKLY, DAILY or HOURLY (shifts shorter than an hour make no sense)';
  try {
    const rule = new RRuleTemporal({ rruleString: rrule, dtstart: start });
    if (!rule.next(new Date(start.epochMilliseconds), true)) return 'rrule has no occurrence after start';
    return null;
  } catch (err) {
    return `rrule is not valid: ${(err as Error).message}`.slice(0, 200);
  }
}
