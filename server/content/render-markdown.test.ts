import { describe, expect, it } from 'vitest';
import { renderMarkdown, markdownToText } from './render-markdown.ts';

const media = {
  '../media/song.mp3': { sha256: 'a'.repeat(64), mime: 'audio/mpeg', kind: 'audio' as const, path: 'media/song.mp3' },
  '../media/clip.mp4': { sha256: 'b'.repeat(64), mime: 'video/mp4', kind: 'video' as const, path: 'media/clip.mp4' },
  '../media/pic.png': { sha256: 'c'.repeat(64), mime: 'image/png', kind: 'image' as const, path: 'media/pic.png' },
};

describe('lesson Markdown rendering', () => {
  it('renders headings, lists, tables and code', () => {
    const html = renderMarkdown('# Title\n\n- one\n- two\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n```js\nlet x = 1;\n```');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<li>one</li>');
    expect(html).toMatch(/<table>[\s\S]*<td style="text-align:center">2<\/td>/);
    expect(html).toContain('<code class="language-js">let x = 1;');
  });

  it('turns media references into hub URLs and players by kind', () => {
    const html = renderMarkdown('![A song](../media/song.mp3)\n\n![A clip](../media/clip.mp4)\n\n![A picture](../media/pic.png)', { media });
    expect(html).toContain(`<audio controls preload="metadata" src="/api/media/${'a'.repeat(64)}.mp3" aria-label="A song"></audio>`);
    expect(html).toContain(`<video controls preload="metadata" src="/api/media/${'b'.repeat(64)}.mp4"`);
    expect(html).toContain(`<img src="/api/media/${'c'.repeat(64)}.png" alt="A picture"`);
  });

  it('never lets an unknown image source through', () => {
    const html = renderMarkdown('![x](https://evil.example/track.png) ![y](data:image/png;base64,AAAA)');
    expect(html).not.toContain('evil.example');
    expect(html).not.toContain('data:');
  });

  it('renders callouts as labelled boxes', () => {
    const html = renderMarkdown('> [!WARNING]\n> Do not break the lamp.');
    expect(html).toContain('<blockquote class="callout callout-warning" data-callout="warning">');
    expect(html).toContain('Do not break the lamp.');
    expect(html).not.toContain('[!WARNING]');
  });

  it('escapes raw HTML and drops dangerous links', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](vbscript:x) [c](mailto:a@b.org)\n\n<iframe src="x"></iframe>');
    expect(html).not.toMatch(/<script|<iframe|href="(javascript|vbscript):/i);
    expect(html).toContain('href="mailto:a@b.org"');
  });

  it('gives plain text for search', () => {
    expect(markdownToText('# Hello **world**\n\n- a & b')).toBe('Hello world a & b');
  });
});
