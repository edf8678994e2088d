import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** What an agent should do next after an error of this kind, for one action. */
export interface AgentHints {
  /** After a 404: where to find what exists. */
  notFound?: string;
  /** After a refused permission: what the permission allows. */
  notAllowed?: string;
  /** After a conflict. */
  conflict?: string;
  /** After invalid input. */
  input?: string;
}

const ERRORS = {
  InputError,
  NotFoundError,
  NotAllowedError,
  ConflictError,
  ServiceUnavailableError,
  AuthenticationError,
} as const;

const DEFAULT_HINTS: Required<AgentHints> = {
  notFound:
    'Call kratix.list-promises to see the platforms and Promises there are, and check the names.',
  notAllowed:
    "Backstage's permission policy decides this for the signed-in user: ask a Backstage admin to allow it, or act on a request the policy allows you.",
  conflict: 'Read the current state with kratix.get-request-status first.',
  input:
    'Call kratix.describe-promise-api for the fields the Promise takes, then kratix.validate-request before creating.',
};

function withStop(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * The error as an agent should read it: the same kind (an MCP client sees
 * `NotAllowedError: ...`), what was wrong (the message, and the cluster's own message,
 * which Backstage errors keep in `cause`), and what to do next.
 */
export function forAgent(
  error: unknown,
  actor: string,
  hints: AgentHints = {},
): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const name = error.name as keyof typeof ERRORS;
  const Kind = ERRORS[name];
  if (!Kind) return error;
  const cause =
    error.cause instanceof Error && error.cause.message !== error.message
      ? ` Cause: ${withStop(error.cause.message)}`
      : '';
  let next: string;
  switch (name) {
    case 'NotFoundError':
      next = hints.notFound ?? DEFAULT_HINTS.notFound;
      break;
    case 'NotAllowedError':
      next = `You act as ${actor}. ${
        hints.notAllowed ?? DEFAULT_HINTS.notAllowed
      }`;
      // A refusal of the platform's Kubernetes RBAC, not of Backstage's policy.
      if (/Kratix platform '.*' failed \(forbidden\)/.test(error.message)) {
        next = `The platform's Kubernetes API server refused it (RBAC), not Backstage's permission policy. You act as ${actor}; ask the platform team for the Kubernetes rights.`;
      }
      break;
    case 'ConflictError':
      next = hints.conflict ?? DEFAULT_HINTS.conflict;
      break;
    case 'InputError':
      next = hints.input ?? DEFAULT_HINTS.input;
      break;
    case 'ServiceUnavailableError':
      next =
        'The Kratix platform did not answer as expected (unreachable, timed out or refused the credentials of Backstage); try again later, or tell the platform team.';
      break;
    default:
      next = 'Sign in to Backstage again and retry.';
  }
  // The message says it all: a cause would be appended to it again.
  return new Kind(`${withStop(error.message)}${cause} ${next}`);
}

/** Runs an action's body, turning its errors into {@link forAgent}'s. */
export async function asAgent<T>(
  actor: string,
  hints: AgentHints,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw forAgent(error, actor, hints);
  }
}
