// The media a pack may carry: an allow-list by extension, confirmed by the
// file's first bytes so a renamed executable or HTML page is refused. SVG is
// text that can carry script: it is accepted only without scripts, event
// handlers, foreign references or embedded HTML.

export interface MediaType {
  mime: string;
  kind: 'image' | 'audio' | 'video';
  matches(bytes: Uint8Array): boolean;
}

const ascii = (bytes: Uint8Array, offset: number, text: string) =>
  bytes.length >= offset + text.length && [...text].every((char, i) => bytes[offset + i] === char.charCodeAt(0));
const startsWith = (bytes: Uint8Array, ...values: number[]) => values.every((value, i) => bytes[i] === value);
const isMp4 = (bytes: Uint8Array) => ascii(bytes, 4, 'ftyp');

export const MEDIA_TYPES: Record<string, MediaType> = {
  png: { mime: 'image/png', kind: 'image', matches: (b) => startsWith(b, 0x89, 0x50, 0x4e, 0x47) },
  jpg: { mime: 'image/jpeg', kind: 'image', matches: (b) => startsWith(b, 0xff, 0xd8, 0xff) },
  jpeg: { mime: 'image/jpeg', kind: 'image', matches: (b) => startsWith(b, 0xff, 0xd8, 0xff) },
  gif: { mime: 'image/gif', kind: 'image', matches: (b) => ascii(b, 0, 'GIF8') },
  webp: { mime: 'image/webp', kind: 'image', matches: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
  svg: { mime: 'image/svg+xml', kind: 'image', matches: (b) => svgProblem(b) === null },
  mp3: { mime: 'audio/mpeg', kind: 'audio', matches: (b) => ascii(b, 0, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0) },
  ogg: { mime: 'audio/ogg', kind: 'audio', matches: (b) => ascii(b, 0, 'OggS') },
  oga: { mime: 'audio/ogg', kind: 'audio', matches: (b) => ascii(b, 0, 'OggS') },
  wav: { mime: 'audio/wav', kind: 'audio', matches: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE') },
  m4a: { mime: 'audio/mp4', kind: 'audio', matches: isMp4 },
  mp4: { mime: 'video/mp4', kind: 'video', matches: isMp4 },
  m4v: { mime: 'video/mp4', kind: 'video', matches: isMp4 },
  webm: { mime: 'video/webm', kind: 'video', matches: (b) => startsWith(b, 0x1a, 0x45, 0xdf, 0xa3) },
  ogv: { mime: 'video/ogg', kind: 'video', matches: (b) => ascii(b, 0, 'OggS') },
};

export const ALLOWED_MEDIA_EXTENSIONS = Object.keys(MEDIA_TYPES);

export function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(dot + 1).toLowerCase();
}

const UNSAFE_SVG: [RegExp, string][] = [
  [/<script/i, 'a <script> element'],
  [/\son[a-z]+\s*=/i, 'an event-handler attribute (on…=)'],
  [/javascript:/i, 'a javascript: link'],
  [/<foreignObject/i, 'embedded HTML (<foreignObject>)'],
  [/(href|src)\s*=\s*["']\s*(https?:|\/\/|data:)/i, 'a reference to another file or site'],
  [/<!ENTITY/i, 'an XML entity declaration'],
];

/** Why an SVG file is unsafe or not an SVG, or null when it is fine. */
export function svgProblem(bytes: Uint8Array): string | null {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (!/<svg[\s>]/i.test(text)) return 'it is not an SVG image';
  for (const [pattern, what] of UNSAFE_SVG) if (pattern.test(text)) return `it contains ${what}`;
  return null;
}

/** The media type of a file, or a sentence saying why it is refused. */
export function identifyMedia(path: string, bytes: Uint8Array): { type: MediaType } | { problem: string } {
  const extension = extensionOf(path);
  const type = MEDIA_TYPES[extension];
  if (!type) {
    return { problem: `".${extension}" files are not allowed in packs. Allowed media: ${ALLOWED_MEDIA_EXTENSIONS.map((e) => `.${e}`).join(', ')}.` };
  }
  if (extension === 'svg') {
    const problem = svgProblem(bytes);
    if (problem) return { problem: `This SVG image is refused because ${problem}.` };
  }
  if (!type.matches(bytes)) return { problem: `This file is named .${extension} but its content is not ${type.mime}.` };
  return { type };
}
