import type { Weekday } from '../../../../shared/schedules';
import type { Schedule, ScheduleInput } from './api';

/**
 * Form state of one layer. The form edits one weekly restriction per layer; further restrictions
 * saved through the API are kept as they are (`extraRestrictions`).
 */
export type LayerDraft = {
  name: string;
  members: string[];
  kind: 'length' | 'rrule';
  /** Wall-clock time in the schedule's zone, as `<input type="datetime-local">` gives it. */
  start: string;
  lengthHours: string;
  rrule: string;
  restricted: boolean;
  days: Weekday[];
  from: string;
  to: string;
  extraRestrictions: ScheduleInput['layers'][number]['restrictions'];
};

export type ScheduleDraft = { name: string; timeZone: string; layers: LayerDraft[] };

const WEEKDAYS_ONLY: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Next Monday 09:00, local, as a datetime-local value. */
function nextMonday() {
  const d = new Date();
  d.setDate(d.getDate() + ((8 - d.getDay()) % 7 || 7));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`;
}

export const emptyLayer = (name = 'Primary'): LayerDraft => ({
  name,
  members: [],
  kind: 'length',
  start: nextMonday(),
  lengthHours: '168',
  rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0',
  restricted: false,
  days: WEEKDAYS_ONLY,
  from: '18:00',
  to: '08:00',
  extraRestrictions: [],
});

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const emptySchedule = (): ScheduleDraft => ({
  name: '',
  timeZone: browserTimeZone(),
  layers: [emptyLayer()],
});

/** A saved start (`2026-03-02T09:00`, or with seconds or an offset) as a datetime-local value. */
const localValue = (start: string) => start.slice(0, 16);

export function toDraft(s: Schedule): ScheduleDraft {
  return {
    name: s.name,
    timeZone: s.time_zone,
    layers: s.layers.map((l) => {
      const [first, ...rest] = l.restrictions;
      return {
        ...emptyLayer(l.name),
        members: [...l.members],
        kind: 'rrule' in l.rotation ? 'rrule' : 'length',
        start: localValue(l.rotation.start),
        lengthHours: 'length_hours' in l.rotation ? String(l.rotation.length_hours) : '168',
        rrule: 'rrule' in l.rotation ? l.rotation.rrule : emptyLayer().rrule,
        restricted: Boolean(first),
        days: first?.days ?? WEEKDAYS_ONLY,
        from: first?.start ?? '18:00',
        to: first?.end ?? '08:00',
        extraRestrictions: rest,
      };
    }),
  };
}

export function fromDraft(d: ScheduleDraft): ScheduleInput {
  return {
    name: d.name,
    time_zone: d.timeZone.trim(),
    layers: d.layers.map((l) => ({
      name: l.name,
      members: l.members,
      rotation:
        l.kind === 'rrule'
          ? { start: l.start, rrule: l.rrule.trim() }
          : { start: l.start, length_hours: Number(l.lengthHours) },
      restrictions: [
        ...(l.restricted ? [{ days: l.days, start: l.from, end: l.to }] : []),
        ...(l.extraRestrictions ?? []),
      ],
    })),
  };
}
