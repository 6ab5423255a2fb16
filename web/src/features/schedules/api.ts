import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../api/client';

export type Schedule = Schemas['Schedule'];
export type ScheduleInput = Schemas['ScheduleInput'];
export type ScheduleDetail = Schemas['ScheduleDetail'];
export type ScheduleWeek = Schemas['ScheduleWeek'];
export type OnCall = Schemas['OnCall'];

export const scheduleKeys = {
  all: ['schedules'] as const,
  one: (id: string) => ['schedules', id] as const,
  week: (id: string, start: string) => ['schedules', id, 'week', start] as const,
  onCall: (id: string) => ['schedules', id, 'on-call'] as const,
};

/** Engineers, admins and owners may read schedules; callers pass whether to ask at all. */
export function useSchedules(enabled = true) {
  return useQuery({
    queryKey: scheduleKeys.all,
    queryFn: () => dataOf(api.GET('/schedules')),
    select: (r) => r.items,
    enabled,
  });
}

export function useSchedule(id: string | null) {
  return useQuery({
    queryKey: scheduleKeys.one(id ?? ''),
    queryFn: () => dataOf(api.GET('/schedules/{id}', { params: { path: { id: id! } } })),
    enabled: id !== null,
  });
}

export function useOnCall(id: string) {
  return useQuery({
    queryKey: scheduleKeys.onCall(id),
    queryFn: () => dataOf(api.GET('/schedules/{id}/on-call', { params: { path: { id } } })),
  });
}

/** `start` is the first local date of the week (YYYY-MM-DD), or '' for this week. */
export function useWeek(id: string, start: string) {
  return useQuery({
    queryKey: scheduleKeys.week(id, start),
    queryFn: () =>
      dataOf(api.GET('/schedules/{id}/week', { params: { path: { id }, query: start ? { start } : {} } })),
  });
}

function useInvalidating<A, R>(fn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scheduleKeys.all }),
  });
}

export const useCreateSchedule = () =>
  useInvalidating((body: ScheduleInput) => dataOf(api.POST('/schedules', { body })));

export const useUpdateSchedule = () =>
  useInvalidating(({ id, body }: { id: string; body: ScheduleInput }) =>
    dataOf(api.PUT('/schedules/{id}', { params: { path: { id } }, body })),
  );

export const useDeleteSchedule = () =>
  useInvalidating((id: string) => dataOf(api.DELETE('/schedules/{id}', { params: { path: { id } } })));

export const useAddOverride = () =>
  useInvalidating(({ id, body }: { id: string; body: Schemas['ScheduleOverrideInput'] }) =>
    dataOf(api.POST('/schedules/{id}/overrides', { params: { path: { id } }, body })),
  );

export const useDeleteOverride = () =>
  useInvalidating(({ id, overrideId }: { id: string; overrideId: string }) =>
    dataOf(
      api.DELETE('/schedules/{id}/overrides/{override_id}', {
        params: { path: { id, override_id: overrideId } },
      }),
    ),
  );

export const useRotateCalendarLink = () =>
  useInvalidating((id: string) =>
    dataOf(api.POST('/schedules/{id}/calendar-link', { params: { path: { id } } })),
  );
