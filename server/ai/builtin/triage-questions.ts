import type { KnowledgeDomain } from '../../../shared/knowledge';
import type { StepDraft } from '../types';

/** The domain each answer to "Which system is involved?" puts the problem in. */
export const TRIAGE_DOMAINS: Record<string, KnowledgeDomain> = {
  'email outlook mailbox': 'email',
  'sign in password mfa account': 'identity',
  'network vpn wifi internet connection': 'network',
  'print printer scan': 'printing',
  'windows computer': 'endpoint',
  'server file share drive': 'server',
  'backup job': 'backup',
  'security alert suspicious phishing': 'security',
  'application app software': 'lob_apps',
};

/**
 * Questions the engine asks when no runbook or past session fits the intake yet. Each answer is
 * added to what the engine searches with, so the next retrieval has more to go on.
 */
const TRIAGE_QUESTIONS: StepDraft[] = [
  {
    kind: 'question',
    content: {
      text: 'Which system is involved?',
      options: [
        { label: 'Email or Outlook', value: 'email outlook mailbox' },
        { label: 'Sign-in, password or MFA', value: 'sign in password mfa account' },
        { label: 'Network, VPN, Wi-Fi or internet', value: 'network vpn wifi internet connection' },
        { label: 'Printing or scanning', value: 'print printer scan' },
        { label: 'A Windows PC or laptop', value: 'windows computer' },
        { label: 'A server or shared drive', value: 'server file share drive' },
        { label: 'Backup', value: 'backup job' },
        { label: 'A security alert or suspicious email', value: 'security alert suspicious phishing' },
        { label: 'A business application', value: 'application app software' },
      ],
      rationale: 'Nothing in the runbook library or past sessions matches the description closely yet.',
      sources: [],
    },
  },
  {
    kind: 'question',
    content: {
      text: 'What exactly does the user see? Paste the exact error message or code if there is one.',
      options: [{ label: 'There is no error message', value: 'no error' }],
      rationale: 'An exact error text or code is the strongest signal the engine can match on.',
      sources: [],
    },
  },
  {
    kind: 'question',
    content: {
      text: 'Who is affected?',
      options: [
        { label: 'Only this user', value: 'single user' },
        { label: 'Several users', value: 'several users' },
        { label: 'A whole site or office', value: 'whole site office outage' },
        { label: 'Not sure yet', value: 'unknown scope' },
      ],
      sources: [],
    },
  },
  {
    kind: 'question',
    content: {
      text: 'Did anything change just before it started (updates, new hardware, a password change, a move)?',
      options: [
        { label: 'Yes — describe it', value: 'recent change update' },
        { label: 'Nothing we know of', value: 'no change' },
      ],
      sources: [],
    },
  },
  {
    kind: 'question',
    content: {
      text: 'What has already been tried, and what happened?',
      options: [{ label: 'Nothing yet', value: 'nothing tried yet' }],
      sources: [],
    },
  },
];

/**
 * Asked last, and only when nothing matches: an intake can already say everything the questions above
 * ask (the product, a pasted code, who, since when, what was tried) and still match nothing. The tech
 * is told so and asked for what the library could still match on, instead of getting no step at all.
 */
const NO_MATCH_DETAIL_QUESTION: StepDraft = {
  kind: 'question',
  content: {
    text: "Where exactly does it fail? Paste the product's own log line, or name the screen, step or component where it stops.",
    options: [{ label: 'Nothing more to add', value: 'no more detail' }],
    sources: [],
  },
};

const NO_MATCH_TRIAGE: readonly StepDraft[] = [...TRIAGE_QUESTIONS, NO_MATCH_DETAIL_QUESTION];

/** The triage questions in the order they are asked: the last one only when nothing matches. */
export const triageQuestions = (noMatch: boolean): readonly StepDraft[] =>
  noMatch ? NO_MATCH_TRIAGE : TRIAGE_QUESTIONS;
