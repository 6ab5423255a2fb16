import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../../api/client';

/** GET /escalation-policy: the policy plus who saved it (the default until an admin saves one). */
export type PolicyResponse = Schemas['EscalationPolicy'];

export const policyKey = ['escalation-policy'] as const;

export function useEscalationPolicy() {
  return useQuery({
    queryKey: policyKey,
    queryFn: () => dataOf(api.GET('/escalation-policy')),
    select: (r) => r.policy,
  });
}

export function useSaveEscalationPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policy: Schemas['EscalationPolicyInput']) =>
      dataOf(api.PUT('/escalation-policy', { body: policy })),
    onSuccess: (saved) => queryClient.setQueryData(policyKey, saved),
  });
}
