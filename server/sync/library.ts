// The hub's side of the shared library: which library packs this hub wants (not
// installed, or installed in an older version, and not refused before), and
// installing a pulled .zip through the same importer as a USB or uploaded pack,
// so a library pack is validated, sanitised and versioned like any other.
import path from 'node:path';
import { readPackZip } from '../../content/pack/read-zip.ts';
import type { LibraryPackDoc } from '../../sync/library/library-docs.ts';
import type { PullLibraryResult } from '../../sync/library/pull.ts';
import type { HubLibraryDecision } from '../../sync/library/decisions.ts';
import type { ContentRepository } from '../content/repository.ts';
import { PackRefused, type ContentImporter } from '../content/import-service.ts';
import { formatProblem } from '../../content/pack/problems.ts';
import { compareVersions } from '../content/semver.ts';
import { packIdFor } from '../authoring/build-pack.ts';

export interface LibraryState {
  lastPulledAt: string | null;
  /** Packs in central's library at the last pull. */
  available: number;
  installed: { packId: string; version: string; at: string }[];
  /** Library packs this hub refused (invalid) or could not finish; refused ones are not fetched again. */
  failed: { packId: string; version: string; sha256: string; reason: string; refused: boolean; at: string }[];
  /** Central's decisions on this hub's library submissions (issue 9), as of the last pull. */
  decisions?: HubLibraryDecision[];
}

export const emptyLibraryState = (): LibraryState => ({ lastPulledAt: null, available: 0, installed: [], failed: [] });

export interface LibraryInstaller {
  downloadsDir: string;
  wants(doc: LibraryPackDoc, state: LibraryState): Promise<boolean>;
  install(zip: Uint8Array): Promise<void>;
}

export function makeLibraryInstaller(content: { repository: ContentRepository; importer: ContentImporter }, dataDir: string): LibraryInstaller {
  return {
    downloadsDir: path.join(dataDir, 'downloads', 'library'),
    async wants(doc, state) {
      if (state.failed.some((f) => f.refused && f.sha256 === doc.sha256)) return false;
      const installed = await content.repository.getPack(doc.packId);
      if (installed && compareVersions(doc.version, installed.version) <= 0) return false;
      // The library copy of a course written on this hub (`library-<id>`, published
      // from its review) is not installed over the hub's own `local-<id>` pack.
      for (const courseId of doc.courseIds ?? []) {
        const course = await content.repository.getCourse(courseId);
        if (course && course.packId !== doc.packId && course.packId === packIdFor(courseId)) return false;
      }
      return true;
    },
    async install(zip) {
      try {
        await content.importer.importFiles(await readPackZip(zip));
      } catch (error) {
        // The administrator reads this on the sync panel: name the first problems.
        if (error instanceof PackRefused && error.problems.length) throw new Error(`${error.message} ${error.problems.slice(0, 3).map(formatProblem).join('; ')}`);
        throw error;
      }
    },
  };
}

/** The state after a pull: newest installs first, a pack's failure cleared once it installs. */
export function recordPull(previous: LibraryState | undefined, result: PullLibraryResult, at = new Date().toISOString()): LibraryState {
  const state = previous ?? emptyLibraryState();
  const done = new Set(result.installed.map((p) => p.packId));
  return {
    ...(state.decisions ? { decisions: state.decisions } : {}),
    lastPulledAt: at,
    available: result.available,
    installed: [...result.installed.map((p) => ({ packId: p.packId, version: p.version, at })), ...state.installed].slice(0, 50),
    failed: [...result.failed.map((f) => ({ ...f, at })), ...state.failed.filter((f) => !done.has(f.packId) && !result.failed.some((n) => n.sha256 === f.sha256))].slice(0, 50),
  };
}
