// Sync by USB for administrators of a running hub: download the export file
// (the same file `darasa sync export FILE` writes on a stopped hub) and read
// when the last one was made.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse } from '../schemas.ts';
import { SyncRepository } from './repository.ts';
import { exportForUsb, lastUsbExport, usbExportFileName } from './usb-export.ts';

export const UsbExport = Type.Object({
  at: Type.String({ description: 'when the file was made' }),
  documents: Type.Integer({ description: 'records in the file' }),
  byKind: Type.Record(Type.String(), Type.Integer()),
  bytes: Type.Integer({ description: 'size of the file' }),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const repository = new SyncRepository(app.store.databases.local, app.store.hubId);

  app.get('/api/sync/export', {
    config: { capability: 'sync.manage' },
    schema: {
      tags: ['sync'],
      summary: "Download, for a USB stick, every record central has not confirmed and the hub's roaming staff accounts (import at central with `darasa central import FILE`)",
      produces: ['application/zip'],
      response: { 200: Type.String({ format: 'binary', description: 'the USB transfer file (.zip)' }), 401: ErrorResponse, 403: ErrorResponse },
    },
  }, async (request, reply) => {
    // Written whole to a temporary file first: the file is verified by its
    // manifest (written last), and the browser learns its exact size.
    const dir = await mkdtemp(path.join(tmpdir(), 'darasa-usb-export-'));
    const file = path.join(dir, 'export.zip');
    try {
      const record = await exportForUsb(app.store, repository, file, { pushRunning: app.sync.running, accounts: app.auth });
      request.log.info({ documents: record.documents, bytes: record.bytes, by: request.user?.id }, 'records exported for USB');
      const stream = createReadStream(file);
      const cleanUp = () => void rm(dir, { recursive: true, force: true });
      reply.raw.once('close', cleanUp);
      return reply
        .header('content-type', 'application/zip')
        .header('content-length', record.bytes)
        .header('content-disposition', `attachment; filename="${usbExportFileName(app.store.hubId, new Date(record.at))}"`)
        // The schema documents the body as binary; Fastify sends a stream as it is.
        .send(stream as unknown as string);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  });

  app.get('/api/sync/export/last', {
    config: { capability: 'sync.manage' },
    schema: {
      tags: ['sync'],
      summary: 'The last export for USB: when, how many records, how large (null before the first)',
      response: { 200: Type.Object({ lastExport: Type.Union([UsbExport, Type.Null()]) }), 401: ErrorResponse, 403: ErrorResponse },
    },
  }, async () => ({ lastExport: await lastUsbExport(repository) }));
};

export default routes;
