// Uploads a pack with XMLHttpRequest, because fetch cannot report upload
// progress: a teacher on a slow workstation sees the bar move.

export interface UploadProblem {
  file: string;
  line?: number;
  message: string;
}

export type UploadOutcome =
  | { ok: true; report: unknown }
  | { ok: false; code: string; message: string; problems: UploadProblem[] };

export function uploadPack(
  file: File,
  options: { force: boolean; csrfToken: string; onProgress: (percent: number) => void; onUploaded: () => void },
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/packs${options.force ? '?force=true' : ''}`);
    request.setRequestHeader('x-csrf-token', options.csrfToken);
    request.setRequestHeader('accept', 'application/json');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.upload.onload = () => options.onUploaded();
    request.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(request.responseText) as Record<string, unknown>;
      } catch {
        // A proxy or crash page: reported below as an internal error.
      }
      if (request.status >= 200 && request.status < 300) resolve({ ok: true, report: body });
      else
        resolve({
          ok: false,
          code: String(body.code ?? 'INTERNAL_ERROR'),
          message: String(body.message ?? request.statusText),
          problems: (body.problems as UploadProblem[] | undefined) ?? [],
        });
    };
    request.onerror = () => resolve({ ok: false, code: 'HUB_UNREACHABLE', message: 'The hub did not answer.', problems: [] });
    const form = new FormData();
    form.append('pack', file, file.name);
    request.send(form);
  });
}
