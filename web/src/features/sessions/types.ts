// What the sessions pages work with beyond the wire shapes (those are `Schemas[...]` from api/client).
import type { paths } from '../../api/schema.gen';
import type { Schemas } from '../../api/client';

type Answer = Schemas['Answer'];

/** One way of answering a step; the server takes exactly one of them (an action takes an outcome). */
export type AnswerInput =
  | Required<Pick<Answer, 'option'>>
  | Required<Pick<Answer, 'text'>>
  | { skipped: true }
  | (Required<Pick<Answer, 'outcome'>> & Pick<Answer, 'note'>);

/** The session list's scope: the caller's own sessions, or the account's. */
export type SessionScope = NonNullable<
  NonNullable<paths['/sessions']['get']['parameters']['query']>['scope']
>;

/** The status changes a session's menu offers, each its own route (`POST /sessions/{id}/<name>`). */
export type TransitionName = 'pause' | 'resume' | 'abandon';
