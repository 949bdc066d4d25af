// Central's shared library from a USB stick, on a running hub: the administrator
// uploads the file `darasa central export-library FILE` wrote (the same file
// `darasa sync import FILE` reads on a stopped hub). The file is verified whole
// before anything is installed; each pack goes through the hub's own importer;
// packs already installed in that version are skipped, so uploading the same
// file twice installs nothing. The outcome is kept with the library's status
// on the sync panel. The staff accounts the file carries are applied as the
// online sync applies them, through the same code and the running hub's
// sessions (staff-exchange.ts): a disabled account's sessions end at once.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { importLibraryFile } from '../../sync/library/usb-library.ts';
import { TransferFileError } from '../../sync/usb/format.ts';
import { formatBytes } from '../../content/pack/files.ts';
import { Errors } from '../errors.ts';
import { ErrorResponse } from '../schemas.ts';
import { emptyLibraryState, makeLibraryInstaller, recordPull } from './library.ts';
import type { SyncRepository } from './repository.ts';
import type { SyncService } from './service.ts';
import { applyStaffFromCentral } from './staff-exchange.ts';

/** A library file holds every pack of the library: larger than one pack may be. */
export const MAX_LIBRARY_FILE_BYTES = 2 * 1024 * 1024 * 1024;

const PackRef = Type.Object({ packId: Type.String(), version: Type.String() });

export const LibraryImportResult = Type.Object({
  installed: Type.Array(PackRef, { description: 'packs installed from the file' }),
  upToDate: Type.Array(PackRef, { description: 'packs already installed in this version or a newer one' }),
  failed: Type.Array(Type.Object({ packId: Type.String(), version: Type.String(), reason: Type.String(), refused: Type.Boolean() }), {
    description: 'packs not installed, with the reason (refused: the pack itself is invalid)',
  }),
  staff: Type.Object(
    {
      inFile: Type.Integer({ description: "staff accounts in the file (0: a file from an older Darasa)" }),
      added: Type.Integer({ description: "other hubs' teachers and trainers who can now sign in here" }),
      updated: Type.Integer({ description: 'visiting accounts changed (names, password, roles), or recorded already disabled' }),
      disabled: Type.Integer({ description: 'accounts disabled elsewhere, refused here from now on (this hub’s own people deactivated included)' }),
    },
    { description: "central's roaming staff accounts the file carried, as applied here" },
  ),
});

const routes: FastifyPluginAsyncTypebox<{ service: SyncService; repository: SyncRepository }> = async (app, { service, repository }) => {
  await app.register(multipart, { limits: { fileSize: MAX_LIBRARY_FILE_BYTES, files: 1, fields: 2, parts: 3 } });
  const installer = makeLibraryInstaller(app.content, app.store.dataDir);
  let importing = false;

  app.post('/api/sync/import', {
    config: { capability: 'sync.manage' },
    schema: {
      tags: ['sync'],
      summary: "Install central's library packs and apply its roaming staff accounts from a USB file written by `darasa central export-library` (multipart field \"file\"); safe to repeat",
      consumes: ['multipart/form-data'],
      response: { 200: LibraryImportResult, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, 422: ErrorResponse },
    },
  }, async (request) => {
    if (!request.isMultipart()) throw new Errors.UNSUPPORTED_MEDIA_TYPE('send the library file as multipart/form-data');
    // One at a time, and not while a sync pulls the same packs from central.
    if (importing || service.running) throw new Errors.LIBRARY_IMPORT_BUSY();
    importing = true;
    const dir = await mkdtemp(path.join(tmpdir(), 'darasa-library-import-'));
    try {
      const upload = await request.file();
      if (!upload) throw new Errors.VALIDATION_FAILED('no file was sent: choose the library file from the USB stick');
      const file = path.join(dir, 'library.zip');
      await pipeline(upload.file, createWriteStream(file));
      if (upload.file.truncated) throw new Errors.LIBRARY_FILE_TOO_LARGE(formatBytes(MAX_LIBRARY_FILE_BYTES));
      const state = (await repository.getState()).library ?? emptyLibraryState();
      // A file is chosen by a person: a pack refused online is tried again.
      const retry = { ...state, failed: [] };
      let result;
      try {
        result = await importLibraryFile(file, { downloadsDir: installer.downloadsDir, wants: (doc) => installer.wants(doc, retry), install: (zip) => installer.install(zip) });
      } catch (error) {
        if (error instanceof TransferFileError) throw new Errors.LIBRARY_FILE_INVALID(error.message);
        throw error;
      }
      // Central's staff accounts, as the online exchange's step 1 applies them.
      const applied = await applyStaffFromCentral(app.auth, result.staff, request.log);
      await repository.updateState((s) => {
        s.library = recordPull(s.library, { installed: result.installed.map((p) => ({ ...p, chunksFetched: 0, chunks: 0 })), failed: result.failed, available: s.library?.available ?? 0 });
      });
      const staff = { inFile: result.staff.length, added: applied.added, updated: applied.updated, disabled: applied.disabled + applied.deactivated.length };
      request.log.info({ installed: result.installed.length, failed: result.failed.length, staff, by: request.user?.id }, 'library imported from USB');
      return { installed: result.installed, upToDate: result.upToDate, failed: result.failed.map(({ packId, version, reason, refused }) => ({ packId, version, reason, refused })), staff };
    } finally {
      importing = false;
      await rm(dir, { recursive: true, force: true });
    }
  });
};

export default routes;
