// The coding editor: CodeMirror 6, chosen because it is well kept, modular
// (only what is imported is shipped: line numbers, JavaScript colouring,
// undo), accessible (a real contenteditable with a label; Tab is left unbound
// so keyboard users can leave the editor) and light enough for old PCs. This module
// is imported dynamically, only when a coding activity appears, so the lesson
// page's first load does not carry the editor.
import { EditorView, minimalSetup } from 'codemirror';
import { lineNumbers, highlightActiveLine, highlightActiveLineGutter } from '@codemirror/view';
import { javascript } from '@codemirror/lang-javascript';

export interface CodeEditor {
  getCode(): string;
  destroy(): void;
}

export function createCodeEditor(parent: HTMLElement, code: string, label: string, onChange: (code: string) => void): CodeEditor {
  const view = new EditorView({
    doc: code,
    parent,
    extensions: [
      minimalSetup,
      lineNumbers(),
      highlightActiveLine(),
      highlightActiveLineGutter(),
      javascript(),
      EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'code-editor' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
      EditorView.theme({
        '&': { fontSize: '1.1rem', border: '2px solid #6b7785', borderRadius: '0.6rem', background: '#fff' },
        '.cm-content': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace", minHeight: '8rem' },
        '&.cm-focused': { outline: '4px solid #f2b705' },
      }),
    ],
  });
  return { getCode: () => view.state.doc.toString(), destroy: () => view.destroy() };
}
