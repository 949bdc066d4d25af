// What went wrong with central, in words an administrator can act on, for the
// status panel and the connection form.

export type LinkErrorCode = 'CENTRAL_UNREACHABLE' | 'CENTRAL_UNAUTHORIZED' | 'CENTRAL_HUB_UNKNOWN' | 'CENTRAL_REFUSED' | 'BUDGET_REACHED';

export class LinkError extends Error {
  constructor(
    readonly code: LinkErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Turns a failed request or replication into a LinkError. */
export function explainLinkFailure(error: unknown, centralUrl: string): LinkError {
  if (error instanceof LinkError) return error;
  const e = error as { status?: number; name?: string; message?: string; cause?: { code?: string } };
  if (e.status === 401 || e.status === 403) {
    return new LinkError('CENTRAL_UNAUTHORIZED', 'Central refused this hub\'s user name or password. Register the hub again at central and enter the new pairing code.');
  }
  if (e.status === 404) {
    return new LinkError('CENTRAL_HUB_UNKNOWN', 'Central has no database for this hub. Ask the central office to register it ("darasa central register-hub").');
  }
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || /timeout|aborted/i.test(e.message ?? '')) {
    return new LinkError('CENTRAL_UNREACHABLE', `Central (${centralUrl}) did not answer in time: the link may be down or very slow. The hub will try again.`);
  }
  if (e.status && e.status >= 500) return new LinkError('CENTRAL_REFUSED', `Central answered with an error (${e.status}). The hub will try again later.`);
  return new LinkError('CENTRAL_UNREACHABLE', `Central (${centralUrl}) cannot be reached: ${e.cause?.code ?? e.message ?? 'no answer'}. The hub will try again.`);
}
