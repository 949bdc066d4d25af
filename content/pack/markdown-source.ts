// Splits a course or lesson Markdown file into its YAML front matter and body,
// and finds the ```activity blocks and media references in the body — all with
// the line numbers of the original file.

export interface FrontMatterSplit {
  frontMatter: string;
  /** Line of the file where the front matter's first line is. */
  frontMatterLine: number;
  body: string;
  /** Line of the file where the body's first line is. */
  bodyLine: number;
}

export function splitFrontMatter(text: string): FrontMatterSplit | null {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') return null;
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end < 0) return null;
  return {
    frontMatter: lines.slice(1, end).join('\n'),
    frontMatterLine: 2,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
  };
}

export interface ActivityBlock {
  yaml: string;
  /** File line of the block's first YAML line. */
  line: number;
  /** Index range of the block in the body's lines (fence lines included). */
  startIndex: number;
  endIndex: number;
}

const OPENING = /^(`{3,}|~{3,})\s*activity\s*$/;

export function findActivityBlocks(body: string, bodyLine: number): { blocks: ActivityBlock[]; unclosedAt: number | null } {
  const lines = body.split('\n');
  const blocks: ActivityBlock[] = [];
  let open: { fence: string; index: number } | null = null;
  let otherFence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (open) {
      if (line.trim().startsWith(open.fence) && line.trim().replace(/[`~]/g, '') === '') {
        blocks.push({ yaml: lines.slice(open.index + 1, i).join('\n'), line: bodyLine + open.index + 1, startIndex: open.index, endIndex: i });
        open = null;
      }
      continue;
    }
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (otherFence) {
      if (fenceMatch && fenceMatch[1]!.startsWith(otherFence) && line.trim().replace(/[`~]/g, '') === '') otherFence = null;
      continue;
    }
    const opening = OPENING.exec(line);
    if (opening) open = { fence: opening[1]!, index: i };
    else if (fenceMatch) otherFence = fenceMatch[1]!;
  }
  return { blocks, unclosedAt: open ? bodyLine + open.index : null };
}

export interface MediaReference {
  /** The path as written, e.g. "../../../media/keyboard.png". */
  ref: string;
  alt: string;
  line: number;
}

const IMAGE = /!\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"\n]*")?\s*\)/g;

/** Image-syntax references to local files (images, audio, video). Remote URLs are reported separately. */
export function findMediaReferences(body: string, bodyLine: number): MediaReference[] {
  const found: MediaReference[] = [];
  body.split('\n').forEach((text, index) => {
    for (const match of text.matchAll(IMAGE)) found.push({ alt: match[1]!, ref: match[2]!, line: bodyLine + index });
  });
  return found;
}
