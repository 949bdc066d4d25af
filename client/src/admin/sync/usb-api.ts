// Sync by USB as the panel uses it: the last export, and the export file itself
// (fetched whole, then handed to the browser as a download, so a failure can be
// shown in words instead of saved as a file).
import { api, ApiError } from '../../lib/api.ts';

export interface UsbExport {
  at: string;
  documents: number;
  byKind: Record<string, number>;
  bytes: number;
}

export const getLastUsbExport = () => api<{ lastExport: UsbExport | null }>('/api/sync/export/last');

export async function downloadUsbExport(): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/api/sync/export');
  } catch {
    throw new ApiError(0, 'HUB_UNREACHABLE', 'The hub did not answer.');
  }
  if (!response.ok) {
    const error = ((await response.json().catch(() => null)) ?? {}) as { code?: string; message?: string };
    throw new ApiError(response.status, error.code ?? 'INTERNAL_ERROR', error.message ?? response.statusText);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'darasa-records.zip';
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface LibraryImportResult {
  installed: { packId: string; version: string }[];
  upToDate: { packId: string; version: string }[];
  failed: { packId: string; version: string; reason: string; refused: boolean }[];
  /** Central's roaming staff accounts the file carried, as applied (inFile 0: an older file). */
  staff: { inFile: number; added: number; updated: number; disabled: number };
}

/** Uploads a library file from a USB stick (POST /api/sync/import, multipart field "file"). */
export async function importLibraryFromUsb(file: File): Promise<LibraryImportResult> {
  const { csrfToken } = await api<{ csrfToken: string }>('/api/session/csrf');
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/sync/import', { method: 'POST', headers: { accept: 'application/json', 'x-csrf-token': csrfToken }, body: form });
  } catch {
    throw new ApiError(0, 'HUB_UNREACHABLE', 'The hub did not answer.');
  }
  const body = (await response.json().catch(() => null)) as (LibraryImportResult & { code?: string; message?: string }) | null;
  if (!response.ok) throw new ApiError(response.status, body?.code ?? 'INTERNAL_ERROR', body?.message ?? response.statusText);
  return body!;
}
