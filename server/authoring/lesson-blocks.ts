// A lesson draft is a list of blocks — Markdown text and activities — in the
// order the learner meets them. A pack lesson is one Markdown body with
// ```activity YAML blocks inside. These two functions convert between them,
// so a duplicated seed lesson becomes editable blocks and a draft becomes the
// exact lesson file the pack importer reads.
import { stringify } from 'yaml';
import { findActivityBlocks } from '../../content/pack/markdown-source.ts';
import type { Activity } from '../../content/model/activities.ts';
import type { DraftActivity, DraftBlock } from '../../sync/authoring-documents.ts';

export function bodyToBlocks(body: string, activities: Activity[]): DraftBlock[] {
  const lines = body.split('\n');
  const { blocks } = findActivityBlocks(body, 1);
  const out: DraftBlock[] = [];
  let cursor = 0;
  blocks.forEach((block, index) => {
    const text = lines.slice(cursor, block.startIndex).join('\n').trim();
    if (text) out.push({ type: 'text', markdown: text });
    const activity = activities[index];
    if (activity) out.push({ type: 'activity', activity: structuredClone(activity) as unknown as DraftActivity });
    cursor = block.endIndex + 1;
  });
  const tail = lines.slice(cursor).join('\n').trim();
  if (tail) out.push({ type: 'text', markdown: tail });
  return out;
}

/** The lesson body of a pack file: text blocks verbatim, activities as YAML blocks.
 * A fence longer than any backtick run in the YAML keeps a code sample intact. */
export function blocksToBody(blocks: DraftBlock[]): string {
  return blocks
    .map((block) => {
      if (block.type === 'text') return block.markdown.trim();
      const yaml = stringify(block.activity, { lineWidth: 0 });
      const longest = Math.max(2, ...[...yaml.matchAll(/`+/g)].map((m) => m[0].length));
      const fence = '`'.repeat(longest + 1);
      return `${fence}activity\n${yaml}${fence}`;
    })
    .filter(Boolean)
    .join('\n\n')
    .concat('\n');
}
