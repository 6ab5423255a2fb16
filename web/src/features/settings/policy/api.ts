import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { EscalationPolicy } from '../../../../../shared/escalation-policy';

/** GET /escalation-policy: the policy plus who saved it (the default until an admin saves one). */
export type PolicyResponse = {
  policy: EscalationPolicy & {
    is_default: boolean;
    updated_at: string | null;
    updated_by: { id: string; name: string } | null;
  };
};

export const policyKey = ['escalation-policy'] as const;

export function useEscalationPolicy() {
  return useQuery({
    queryKey: policyKey,
    queryFn: () => api.get<PolicyResponse>('/escalation-policy'),
    select: (r) => r.policy,
  });
}

export function useSaveEscalationPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policy: EscalationPolicy) => api.put<PolicyResponse>('/escalation-policy', policy),
    onSuccess: (saved) => queryClient.setQueryData(policyKey, saved),
  });
}
