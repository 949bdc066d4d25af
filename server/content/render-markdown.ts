// Lesson Markdown → safe HTML. Two walls: markdown-it runs with raw HTML off
// (tags are shown as text), and its output passes through sanitize-html with an
// allow-list, so `<script>`, `javascript:` links and on…= attributes cannot
// reach a browser even if a renderer rule had a hole. Media references become
// hub URLs by content hash; images with an audio or video file become players.
// Callouts (`> [!TIP]`) become labelled boxes.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import type { LessonMedia } from '../../sync/content-documents.ts';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const CALLOUT = /^\[!(NOTE|TIP|WARNING|IMPORTANT|CAUTION)\]\s*/i;

// `> [!TIP]` → <blockquote class="callout callout-tip">, marker removed.
md.core.ruler.after('inline', 'callouts', (state) => {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'blockquote_open') continue;
    const inline = tokens[i + 2];
    if (!inline || inline.type !== 'inline') continue;
    const match = CALLOUT.exec(inline.content);
    if (!match) continue;
    const kind = match[1]!.toLowerCase();
    tokens[i]!.attrSet('class', `callout callout-${kind}`);
    tokens[i]!.attrSet('data-callout', kind);
    const first = inline.children?.[0];
    if (first && first.type === 'text') first.content = first.content.replace(CALLOUT, '');
    if (inline.children?.[1]?.type === 'softbreak' && first?.content === '') inline.children.splice(0, 2);
  }
});

export interface RenderContext {
  media: Record<string, LessonMedia>;
}

export function mediaUrl(media: LessonMedia): string {
  const extension = media.path.slice(media.path.lastIndexOf('.') + 1).toLowerCase();
  return `/api/media/${media.sha256}.${extension}`;
}

md.renderer.rules.image = (tokens, index, _options, env: object | undefined) => {
  const token = tokens[index]!;
  const src = String(token.attrGet('src') ?? '');
  const alt = token.content;
  const known = (env as Partial<RenderContext> | undefined)?.media;
  const media = known?.[src] ?? known?.[decodeURIOrSelf(src)];
  if (!media) return `<span class="missing-media">${md.utils.escapeHtml(alt)}</span>`;
  const url = md.utils.escapeHtml(mediaUrl(media));
  const label = md.utils.escapeHtml(alt);
  if (media.kind === 'audio') return `<audio controls preload="metadata" src="${url}" aria-label="${label}"></audio>`;
  if (media.kind === 'video') return `<video controls preload="metadata" src="${url}" aria-label="${label}"></video>`;
  return `<img src="${url}" alt="${label}" loading="lazy">`;
};

function decodeURIOrSelf(value: string): string {
  try {
    return decodeURI(value);
  } catch {
    return value;
  }
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img', 'audio', 'video', 'span',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'loading'],
    audio: ['src', 'controls', 'preload', 'aria-label'],
    video: ['src', 'controls', 'preload', 'aria-label'],
    blockquote: ['class', 'data-callout'],
    span: ['class'],
    code: ['class'],
    th: ['style'],
    td: ['style'],
    ol: ['start'],
  },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [], audio: [], video: [] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
  },
};

export function renderMarkdown(markdown: string, context: RenderContext = { media: {} }): string {
  return sanitizeHtml(md.render(markdown, { ...context }), SANITIZE);
}

/** Plain text of some Markdown, for search and snippets. */
export function markdownToText(markdown: string): string {
  return sanitizeHtml(md.render(markdown, { media: {} }), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
