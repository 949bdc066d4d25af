// The hub's read of central's decisions on its own library submissions
// (`library-decision:<hubId>:…` in `darasa-library`, written by the publisher in
// submissions.ts): one small request after the library pull, so the course
// editor can say "published in the shared library" or "refused: <reason>".
// A failure here never fails the sync: the hub keeps what it knew.
import type { FetchLike } from '../replicator/link-fetch.ts';
import type { LibrarySource } from './pull.ts';

export interface HubLibraryDecision {
  submissionId: string;
  courseId: string;
  version: number;
  decision: 'published' | 'refused';
  reason?: string;
  decidedAt: string;
}

export async function pullDecisions(source: LibrarySource, hubId: string, fetch: FetchLike): Promise<HubLibraryDecision[] | null> {
  const prefix = `library-decision:${hubId}:`;
  const range = `startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}&include_docs=true`;
  try {
    const response = await fetch(`${source.databaseUrl}/_all_docs?${range}`, { headers: { authorization: `Basic ${Buffer.from(`${source.username}:${source.password}`).toString('base64')}` } });
    if (!response.ok) return null;
    const body = (await response.json()) as { rows?: { doc?: Record<string, unknown> }[] };
    return (body.rows ?? []).flatMap(({ doc }) =>
      doc && typeof doc.submissionId === 'string' && (doc.decision === 'published' || doc.decision === 'refused')
        ? [{
            submissionId: doc.submissionId, courseId: String(doc.courseId), version: Number(doc.version), decision: doc.decision,
            ...(typeof doc.reason === 'string' ? { reason: doc.reason } : {}), decidedAt: String(doc.decidedAt),
          }]
        : [],
    );
  } catch {
    return null;
  }
}
